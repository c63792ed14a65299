/**
 * The kept first screen's style rules come from the sheets' own text (src/app/kept-screen-css.ts), split into
 * top-level rules: what a var() shorthand says survives, and a brace inside a string or a comment splits nothing.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { KEPT_SCREEN_KEY, KEPT_SCREEN_VERSION } from '../../src/app/first-screen'
import { selectorOf, topLevelRules } from '../../src/app/kept-screen-css'

describe('topLevelRules', () => {
  it('splits minified CSS into its rules, at-rules whole, with strings, comments and parentheses left alone', () => {
    const css = [
      '@charset "UTF-8";',
      ':root,:host{--van-cell-font-size:var(--van-font-size-md)}',
      '/* a } in a comment */',
      '.van-icon{font:14px/1 var(--van-icon-font-family,"vant-icon");}',
      '.a:before{content:"}{"}',
      '@media (min-width:600px){.b{padding:var(--x) var(--y)}.c{margin:0}}',
      '.d[data-x="a{b"]{background:url(data:image/svg+xml;utf8,<svg>{}</svg>)}',
    ].join('')
    expect(topLevelRules(css)).toEqual([
      '@charset "UTF-8";',
      ':root,:host{--van-cell-font-size:var(--van-font-size-md)}',
      '.van-icon{font:14px/1 var(--van-icon-font-family,"vant-icon");}',
      '.a:before{content:"}{"}',
      '@media (min-width:600px){.b{padding:var(--x) var(--y)}.c{margin:0}}',
      '.d[data-x="a{b"]{background:url(data:image/svg+xml;utf8,<svg>{}</svg>)}',
    ])
    expect(topLevelRules(css).map(selectorOf)).toEqual([
      null,
      ':root,:host',
      '.van-icon',
      '.a:before',
      null,
      '.d[data-x="a{b"]',
    ])
  })

  it('reads a real stylesheet of the build into rules that join back to the same declarations', () => {
    const css = readFileSync('node_modules/vant/es/cell/index.css', 'utf8')
    const rules = topLevelRules(css)
    expect(rules.length).toBeGreaterThan(10)
    expect(rules.join('').replace(/\s/g, '')).toBe(css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s/g, ''))
  })
})

describe('the kept screen as public/first-screen.js reads it', () => {
  it('uses the same key and version as the app that keeps it', () => {
    const script = readFileSync('public/first-screen.js', 'utf8')
    expect(script).toContain(`var KEY = '${KEPT_SCREEN_KEY}'`)
    expect(script).toContain(`var VERSION = ${KEPT_SCREEN_VERSION}`)
  })
})

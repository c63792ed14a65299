/**
 * Vue's scoped CSS keeps only what is inside `:global(...)` and drops the rest of the selector: `:global(.dark) .late`
 * compiles to `.dark`, which set every text of the dark theme to the warning red. A selector that goes on after a
 * :global() must be written whole inside it.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? vueFiles(join(dir, entry.name)) : entry.name.endsWith('.vue') ? [join(dir, entry.name)] : [],
  )
}

/** Selectors in a style block where something other than `{` or `,` follows a :global(...). */
function truncatedGlobals(css: string): string[] {
  return [...css.matchAll(/:global\([^)]*\)[ \t]*([^\s,{][^,{]*)/g)].map((m) => m[0].trim())
}

describe('scoped styles', () => {
  it('finds the dropped part of a selector that goes on after :global()', () => {
    expect(truncatedGlobals(':global(.van-theme-dark) .late {\n  color: red;\n}')).toEqual([
      ':global(.van-theme-dark) .late',
    ])
    expect(truncatedGlobals(':global(.van-theme-dark .late),\n:global(.x) {')).toEqual([])
  })

  it('has no selector that goes on after :global() in the app', () => {
    const found = vueFiles('src/app').flatMap((file) => {
      const styles = [...readFileSync(file, 'utf8').matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)
      return styles.flatMap((css) => truncatedGlobals(css).map((selector) => `${file}: ${selector}`))
    })
    expect(found).toEqual([])
  })
})

/**
 * The style rules a kept first screen needs (kept-screen-capture.ts), taken from the stylesheets' own text. The CSSOM
 * cannot be used for the text: Chromium serializes a shorthand written with var() (Vant's `font: ... var(...)`,
 * `padding: var(...) var(...)`) as empty longhands, so the icons would lose their font and the cells their padding.
 */

/**
 * The top-level rules of a stylesheet's text, each with its block: `a{...}`, `@media ...{...}`, `@charset ...;`.
 * Comments are dropped; braces and semicolons inside strings, comments and parentheses do not count.
 */
export function topLevelRules(css: string): string[] {
  const rules: string[] = []
  let start = 0
  let depth = 0
  let parens = 0
  let i = 0
  let text = ''
  const flush = (end: number) => {
    const rule = (text + css.slice(start, end)).trim()
    if (rule !== '') rules.push(rule)
    text = ''
    start = end
  }
  while (i < css.length) {
    const c = css[i]!
    if (c === '/' && css[i + 1] === '*') {
      const close = css.indexOf('*/', i + 2)
      const end = close === -1 ? css.length : close + 2
      text += css.slice(start, i)
      start = end
      i = end
      continue
    }
    if (c === '"' || c === "'") {
      let j = i + 1
      while (j < css.length && css[j] !== c) j += css[j] === '\\' ? 2 : 1
      i = j + 1
      continue
    }
    if (c === '(') parens++
    else if (c === ')') parens = Math.max(0, parens - 1)
    else if (parens === 0 && c === '{') depth++
    else if (parens === 0 && c === '}') {
      depth = Math.max(0, depth - 1)
      if (depth === 0) {
        i++
        flush(i)
        continue
      }
    } else if (parens === 0 && depth === 0 && c === ';') {
      i++
      flush(i)
      continue
    }
    i++
  }
  flush(css.length)
  return rules
}

/** A rule's selector list (the text before its block), or null for an at-rule. */
export function selectorOf(rule: string): string | null {
  if (rule.startsWith('@')) return null
  for (let i = 0; i < rule.length; i++) {
    const c = rule[i]!
    if (c === '"' || c === "'") {
      let j = i + 1
      while (j < rule.length && rule[j] !== c) j += rule[j] === '\\' ? 2 : 1
      i = j
    } else if (c === '{') return rule.slice(0, i).trim()
  }
  return null
}

/**
 * What no request body may hold, whatever its schema says: text that a database cannot store faithfully, and shapes
 * that would break the code walking them. Checked once over the parsed body, before any schema, so every string of
 * every endpoint (names, device names, record text, times, keys) is covered and the answer names where it is.
 *
 * - U+0000: PostgreSQL's text refuses it (the request failed with 500); SQLite would cut strings at it elsewhere.
 * - A lone surrogate (`"\ud800"` in JSON): not a character; stored, it comes back as U+FFFD, so what was stored is
 *   not what was sent (a sign-in name with one could then never match its own rate-limit row).
 * - Nesting deeper than MAX_JSON_DEPTH: no record nests more than a few levels; 10,000 levels overflowed the
 *   stack while a conflict copy was stored.
 * - A `__proto__` key: a plain object built from the body would silently drop it, so it is refused instead.
 */

/** Objects and arrays inside each other: a push nests 7 deep (body → mutations → changes → attendance → absent → row). */
export const MAX_JSON_DEPTH = 32

export interface TextProblem {
  /** Dotted path to the place, e.g. `mutations.0.changes.topic`. */
  path: string
  message: string
  messageEn: string
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u

export function findTextProblem(value: unknown): TextProblem | null {
  return walk(value, [], 0)
}

function walk(value: unknown, path: readonly string[], depth: number): TextProblem | null {
  if (typeof value === 'string') return stringProblem(value, path)
  if (typeof value !== 'object' || value === null) return null
  if (depth >= MAX_JSON_DEPTH)
    return problem(path, `嵌套层数过多（至多 ${MAX_JSON_DEPTH} 层）`, `nested more than ${MAX_JSON_DEPTH} levels deep`)
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = walk(item, [...path, String(i)], depth + 1)
      if (found) return found
    }
    return null
  }
  for (const key of Object.keys(value)) {
    const keyPath = [...path, key]
    if (key === '__proto__') return problem(keyPath, '不能使用“__proto__”作为字段名', 'a key may not be __proto__')
    const found = stringProblem(key, keyPath) ?? walk((value as Record<string, unknown>)[key], keyPath, depth + 1)
    if (found) return found
  }
  return null
}

function stringProblem(text: string, path: readonly string[]): TextProblem | null {
  if (text.includes('\u0000'))
    return problem(path, '含有无法保存的空字符（U+0000），请删除后重试', 'contains U+0000, which cannot be stored')
  // With the u flag a surrogate matches only when it is not half of a pair.
  if (LONE_SURROGATE.test(text))
    return problem(
      path,
      '含有不完整的字符（孤立的代理项），请重新输入',
      'is not well-formed Unicode (a lone surrogate)',
    )
  return null
}

function problem(path: readonly string[], message: string, messageEn: string): TextProblem {
  return { path: path.join('.'), message, messageEn }
}

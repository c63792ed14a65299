/** Whether a record's texts hold every term of a query, as search finds them (read directly, no index). */
import { matchText } from './evaluate'
import { parseQuery, tokenize } from './tokens'

export function textMatches(texts: readonly string[], query: string): boolean {
  const terms = parseQuery(query)
  return terms.length > 0 && matchText(tokenize(texts), terms) !== null
}

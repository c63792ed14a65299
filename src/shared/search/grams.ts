/**
 * Search keys for Chinese text. Chinese has no spaces and a word segmenter splits 文化中心 differently in a
 * query than inside 村文化中心利用率不高, so words are the wrong unit. Overlapping character bigrams (as
 * Lucene's CJK analyzer does) find any substring of two or more characters; single characters are indexed too
 * so a one-character query works. Latin letters and digits are lower-cased and treated the same way.
 */

const SKIP = /[\s\p{P}\p{S}]/u

/** The distinct unigrams and bigrams of one text run; punctuation breaks runs so no gram spans it. */
export function gramsOf(texts: readonly string[]): Set<string> {
  const grams = new Set<string>()
  for (const text of texts) {
    let prev = ''
    for (const ch of text.toLowerCase()) {
      if (SKIP.test(ch)) {
        prev = ''
        continue
      }
      grams.add(ch)
      if (prev !== '') grams.add(prev + ch)
      prev = ch
    }
  }
  return grams
}

/**
 * A query's terms: what is left between spaces and punctuation, lower-cased. "文化中心 旅游" is two terms; a
 * record matches when it contains every term, adjacent or not.
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = []
  let current = ''
  for (const ch of query.toLowerCase()) {
    if (SKIP.test(ch)) {
      if (current !== '') terms.push(current)
      current = ''
    } else current += ch
  }
  if (current !== '') terms.push(current)
  return [...new Set(terms)]
}

/** The grams a query needs every one of: each term's bigrams, or a one-character term itself. */
export function queryGrams(query: string): string[] {
  const grams = new Set<string>()
  for (const term of queryTerms(query)) {
    const chars = [...term]
    if (chars.length === 1) grams.add(chars[0]!)
    for (let i = 1; i < chars.length; i++) grams.add(chars[i - 1]! + chars[i]!)
  }
  return [...grams]
}

/** Whether every term of the query occurs in one of the texts, ignoring case. */
export function textMatches(texts: readonly string[], query: string): boolean {
  const terms = queryTerms(query)
  if (terms.length === 0) return false
  const haystack = texts.map((text) => text.toLowerCase())
  return terms.every((term) => haystack.some((text) => text.includes(term)))
}

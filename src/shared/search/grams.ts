/**
 * Search keys for Chinese text. Chinese has no spaces and a word segmenter splits 文化中心 differently in a
 * query than inside 村文化中心利用率不高, so words are the wrong unit. Overlapping character bigrams (as
 * Lucene's CJK analyzer does) find any substring of two or more characters; single characters are indexed too
 * so a one-character query works. Latin letters and digits are lower-cased and treated the same way.
 */

const SKIP = /[\s\p{P}\p{S}]/u

/** Characters that count for search: lower-cased, without spaces, punctuation or symbols. */
export function searchChars(text: string): string[] {
  const chars: string[] = []
  for (const ch of text.toLowerCase()) if (!SKIP.test(ch)) chars.push(ch)
  return chars
}

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

/** The grams a query needs every one of: its bigrams, or its single character. */
export function queryGrams(query: string): string[] {
  const chars = searchChars(query)
  if (chars.length === 1) return chars
  const grams = new Set<string>()
  for (let i = 1; i < chars.length; i++) grams.add(chars[i - 1]! + chars[i]!)
  return [...grams]
}

/** Whether the query occurs in the text, ignoring case, spaces and punctuation on both sides. */
export function textMatches(texts: readonly string[], query: string): boolean {
  const needle = searchChars(query).join('')
  if (needle === '') return false
  return texts.some((text) => searchChars(text).join('').includes(needle))
}

/**
 * Texts and queries as search sees them: the folded characters of words (fold.ts), each at a position.
 *
 * Chinese has no spaces and a word segmenter splits 文化中心 differently in a query than inside 村文化中心利用率不高,
 * so the unit is the character: a query's words are found as runs of characters at the right positions. Positions
 * step by 2 from one character to the next; a run of separators between two characters adds 1, so "建设、意识"
 * (pasted from a sentence) finds 建设、意识 and 建设，意识 but not 建设x意识 nor 建设 … 意识 far apart. Each text of a
 * record (title, summary, each problem, …) is its own field: 4 more between fields, so no phrase spans two of them.
 *
 * The index keys (grams) are character bigrams, as Lucene's CJK analyzer uses: each character with the one after it,
 * or with END when a separator or the end of a field follows. Every character starts exactly one gram, so a single
 * character's positions are those of every gram that starts with it (a key range), and any substring of two or
 * more characters is found from its bigrams at consecutive positions.
 */
import { foldCode, isSeparatorCode } from './fold'

/** Position step between adjacent characters. */
export const STEP = 2
/** Added by a run of separators inside a field. */
export const GAP = 1
/** Added between two fields of a record. */
export const FIELD_GAP = 4
/** The second character of a gram whose first character ends a run. */
export const END = '\u0000'

export interface TokenizedText {
  /** The folded characters of words, separators left out. */
  chars: string
  /** The position of each character of `chars`. */
  positions: Int32Array
  /** Where each character of `chars` is in the original texts: index into the text, for highlighting. */
  sources: Int32Array
  /** Which text each character came from. */
  fields: Uint16Array
  /** Positions below this are in the first text: the record's title or topic. */
  titleEnd: number
}

/** A record's texts, first its title (recordTypes[table].searchText puts it first). */
export function tokenize(texts: readonly string[]): TokenizedText {
  let total = 0
  for (const text of texts) total += text.length
  const positions = new Int32Array(total)
  const sources = new Int32Array(total)
  const fields = new Uint16Array(total)
  const codes: number[] = []
  let n = 0
  let p = 0
  let titleEnd = 0
  texts.forEach((text, field) => {
    let started = false
    let gap = false
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (isSeparatorCode(code)) {
        if (started) gap = true
        continue
      }
      if (gap) {
        p += GAP
        gap = false
      }
      codes.push(foldCode(code))
      positions[n] = p
      sources[n] = i
      fields[n] = field
      n++
      p += STEP
      started = true
    }
    if (field === 0) titleEnd = p
    if (started) p += FIELD_GAP
  })
  return {
    chars: charsOf(codes),
    positions: positions.subarray(0, n),
    sources: sources.subarray(0, n),
    fields: fields.subarray(0, n),
    titleEnd,
  }
}

function charsOf(codes: readonly number[]): string {
  let out = ''
  // fromCharCode takes arguments: in slices, well below any engine's argument limit.
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096))
  return out
}

/** Every gram of a tokenized text with its positions, ascending. */
export function gramsOf(tokens: TokenizedText): Map<string, number[]> {
  const grams = new Map<string, number[]>()
  const { chars, positions } = tokens
  for (let i = 0; i < chars.length; i++) {
    const next = i + 1 < chars.length && positions[i + 1] === positions[i]! + STEP ? chars[i + 1]! : END
    const gram = chars[i]! + next
    const list = grams.get(gram)
    if (list) list.push(positions[i]!)
    else grams.set(gram, [positions[i]!])
  }
  return grams
}

/** One index lookup of a term: a bigram, or (prefix) every gram that starts with one character. */
export interface TermLookup {
  gram: string
  /** Position relative to the term's first character. */
  offset: number
  prefix: boolean
}

export interface QueryTerm {
  /** The folded characters, separators left out. */
  chars: string
  /** Each character's position relative to the first. */
  offsets: number[]
  lookups: TermLookup[]
}

/**
 * A query's terms: what is between spaces (the full-width space too), folded. Punctuation inside a term is part of
 * it (a gap of one separator run); punctuation around it is dropped. "文化中心 旅游" is two terms, which a record
 * must both contain, anywhere.
 */
export function parseQuery(query: string): QueryTerm[] {
  const terms: QueryTerm[] = []
  const seen = new Set<string>()
  for (const raw of query.split(/[\s\u3000]+/)) {
    const tokens = tokenize([raw])
    if (tokens.chars.length === 0) continue
    const offsets = Array.from(tokens.positions, (p) => p - tokens.positions[0]!)
    const key = `${tokens.chars}|${offsets.join(',')}`
    if (seen.has(key)) continue
    seen.add(key)
    terms.push({ chars: tokens.chars, offsets, lookups: lookupsOf(tokens.chars, offsets) })
  }
  return terms
}

function lookupsOf(chars: string, offsets: readonly number[]): TermLookup[] {
  const lookups: TermLookup[] = []
  for (let k = 0; k < chars.length; k++) {
    const joinsNext = k + 1 < chars.length && offsets[k + 1] === offsets[k]! + STEP
    const joinsPrevious = k > 0 && offsets[k] === offsets[k - 1]! + STEP
    if (joinsNext) lookups.push({ gram: chars[k]! + chars[k + 1]!, offset: offsets[k]!, prefix: false })
    else if (!joinsPrevious) lookups.push({ gram: chars[k]!, offset: offsets[k]!, prefix: true })
  }
  return lookups
}

/** Positions of the term's last character relative to its first: its extent. */
export function spanOf(term: QueryTerm): number {
  return term.offsets[term.offsets.length - 1]!
}

/**
 * Where the term starts in a tokenized text (positions, ascending): each of its characters at its offset. The
 * reference the index's answers are checked against (test/shared/search).
 */
export function termStarts(tokens: TokenizedText, term: QueryTerm): number[] {
  const starts: number[] = []
  const { chars, positions } = tokens
  const first = term.chars[0]!
  const m = term.chars.length
  for (let i = chars.indexOf(first); i !== -1 && i + m <= chars.length; i = chars.indexOf(first, i + 1)) {
    let ok = true
    for (let k = 1; k < m && ok; k++)
      ok = chars[i + k] === term.chars[k] && positions[i + k]! - positions[i]! === term.offsets[k]
    if (ok) starts.push(positions[i]!)
  }
  return starts
}

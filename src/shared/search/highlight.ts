/**
 * The words a query found, marked in the text as the person wrote it (full-width digits, capitals and all: folding
 * keeps lengths, so positions map back), and the snippet a result card shows: a passage holding every term of the
 * query when one text has them close together, else a short passage for each, joined by "…".
 */
import { STEP, tokenize, type QueryTerm, type TokenizedText } from './tokens'

export interface TextPart {
  text: string
  marked: boolean
}

const ELLIPSIS = '…'

interface Range {
  start: number
  end: number
  term: number
}

/** Where each term occurs in one text: code-unit ranges, in order of start. */
function rangesIn(tokens: TokenizedText, terms: readonly QueryTerm[]): Range[] {
  const ranges: Range[] = []
  const { chars, positions, sources } = tokens
  terms.forEach((term, t) => {
    const m = term.chars.length
    for (
      let i = chars.indexOf(term.chars[0]!);
      i !== -1 && i + m <= chars.length;
      i = chars.indexOf(term.chars[0]!, i + 1)
    ) {
      let ok = true
      for (let k = 1; k < m && ok; k++)
        ok = chars[i + k] === term.chars[k] && positions[i + k]! - positions[i]! === term.offsets[k]
      if (ok) ranges.push({ start: sources[i]!, end: sources[i + m - 1]! + charLength(tokens, i + m - 1), term: t })
    }
  })
  return ranges.sort((a, b) => a.start - b.start || b.end - a.end)
}

/** One unit, unless it is the first half of a surrogate pair whose second half follows at the next position. */
function charLength(tokens: TokenizedText, i: number): number {
  const code = tokens.chars.charCodeAt(i)
  const isHigh = code >= 0xd800 && code <= 0xdbff
  return isHigh && tokens.positions[i + 1] === tokens.positions[i]! + STEP ? 2 : 1
}

/** The text split into parts, the matched words marked. */
export function markedParts(text: string, terms: readonly QueryTerm[]): TextPart[] {
  return partsOf(text, rangesIn(tokenize([text]), terms), 0, text.length)
}

function partsOf(text: string, ranges: readonly Range[], from: number, to: number): TextPart[] {
  const parts: TextPart[] = []
  let at = from
  for (const range of ranges) {
    const start = Math.max(range.start, at)
    const end = Math.min(range.end, to)
    if (end <= start) continue
    if (start > at) parts.push({ text: text.slice(at, start), marked: false })
    parts.push({ text: text.slice(start, end), marked: true })
    at = end
  }
  if (at < to) parts.push({ text: text.slice(at, to), marked: false })
  return parts
}

export interface SnippetOptions {
  /** About how many characters to show. */
  length: number
}

/**
 * The passage of a record's texts that shows what the query found, its words marked; null when no text but the
 * title holds a term (the card's title shows it). `texts[0]` is the title.
 */
export function snippet(
  texts: readonly string[],
  terms: readonly QueryTerm[],
  options: SnippetOptions = { length: 60 },
): TextPart[] | null {
  if (terms.length === 0) return null
  const inTitle = new Set(rangesIn(tokenize([texts[0] ?? '']), terms).map((r) => r.term))
  const bodies = texts
    .slice(1)
    .map((text) => ({ text, ranges: rangesIn(tokenize([text]), terms) }))
    .filter((b) => b.ranges.length > 0)
  if (bodies.length === 0) return null
  const missing = terms.map((_, t) => t).filter((t) => !inTitle.has(t))
  const needed = missing.length > 0 ? missing : terms.map((_, t) => t)
  const anyOne = missing.length === 0

  // One passage with every needed term, the tightest window over all texts.
  let best: { body: number; start: number; end: number } | null = null
  bodies.forEach((body, b) => {
    const window = anyOne ? firstRange(body.ranges) : tightestWindow(body.ranges, needed)
    if (window && (!best || window.end - window.start < best.end - best.start)) best = { body: b, ...window }
  })
  const found = best as { body: number; start: number; end: number } | null
  if (found && found.end - found.start <= options.length)
    return passage(bodies[found.body]!, found.start, found.end, options.length, false)

  // Else a short passage for each needed term, in the order of the texts.
  const share = Math.max(12, Math.floor(options.length / needed.length))
  const picks: { body: number; start: number; end: number }[] = []
  for (const t of needed) {
    if (picks.some((p) => bodies[p.body]!.ranges.some((r) => r.term === t && r.start >= p.start && r.end <= p.end)))
      continue
    for (let b = 0; b < bodies.length; b++) {
      const range = bodies[b]!.ranges.find((r) => r.term === t)
      if (range) {
        picks.push({ body: b, start: range.start, end: range.end })
        break
      }
    }
  }
  picks.sort((a, b) => a.body - b.body || a.start - b.start)
  const parts: TextPart[] = []
  picks.forEach((pick, i) => {
    const piece = passage(bodies[pick.body]!, pick.start, pick.end, share, i > 0)
    // One "…" between two passages, not two.
    if (piece[0]?.text === ELLIPSIS && parts[parts.length - 1]?.text === ELLIPSIS) piece.shift()
    parts.push(...piece)
  })
  return parts
}

function firstRange(ranges: readonly Range[]): { start: number; end: number } | null {
  const first = ranges[0]
  return first ? { start: first.start, end: first.end } : null
}

/** The shortest stretch of the text holding at least one occurrence of each needed term. */
function tightestWindow(ranges: readonly Range[], needed: readonly number[]): { start: number; end: number } | null {
  const wanted = new Set(needed)
  const relevant = ranges.filter((r) => wanted.has(r.term))
  let best: { start: number; end: number } | null = null
  for (let i = 0; i < relevant.length; i++) {
    const have = new Set<number>()
    let end = 0
    for (let j = i; j < relevant.length; j++) {
      have.add(relevant[j]!.term)
      end = Math.max(end, relevant[j]!.end)
      if (have.size === wanted.size) {
        if (!best || end - relevant[i]!.start < best.end - best.start) best = { start: relevant[i]!.start, end }
        break
      }
    }
  }
  return best
}

/** The window widened with context to about `length` characters, with "…" where text was cut. */
function passage(
  body: { text: string; ranges: readonly Range[] },
  start: number,
  end: number,
  length: number,
  joined: boolean,
): TextPart[] {
  const { text } = body
  const spare = Math.max(0, length - (end - start))
  let from = Math.max(0, start - Math.floor(spare / 3))
  let to = Math.min(text.length, Math.max(end, from + length))
  if (to === text.length) from = Math.max(0, Math.min(from, to - length))
  // No marked word cut in two at either end: it is left out instead.
  for (const range of body.ranges) {
    if (range.start < to && range.end > to) to = range.start >= end ? range.start : range.end
    if (range.start < from && range.end > from) from = range.end <= start ? range.end : range.start
  }
  from = unitBoundary(text, from)
  const parts = partsOf(text, body.ranges, from, unitBoundary(text, to))
  if (from > 0 || joined) parts.unshift({ text: ELLIPSIS, marked: false })
  if (to < text.length) parts.push({ text: ELLIPSIS, marked: false })
  return parts
}

/** Never cut between the halves of a surrogate pair. */
function unitBoundary(text: string, at: number): number {
  const code = text.charCodeAt(at)
  return at > 0 && at < text.length && code >= 0xdc00 && code <= 0xdfff ? at - 1 : at
}

/** The parts as plain text (for a card's accessible text and for tests). */
export function plainText(parts: readonly TextPart[]): string {
  return parts.map((p) => p.text).join('')
}

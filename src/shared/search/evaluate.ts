/**
 * Answers a query from posting lists (postings.ts) wherever they are kept: the records holding every term, and
 * where each term starts in them. A term is found where each of its lookups (tokens.ts) has a position at the
 * term's start plus the lookup's offset; its characters then stand exactly as typed, so no record has to be read
 * to confirm a candidate and the count is right before any card is drawn.
 *
 * Lists decode into flat typed arrays (ordinals ascending, positions in one pool), walked side by side: a common
 * word's 20,000 documents cost a few milliseconds, not a Map and an array per document.
 */
import { VarintReader } from './postings'
import { termStarts, type QueryTerm, type TermLookup, type TokenizedText } from './tokens'

export interface StoredList {
  data: Uint8Array
  /** Documents in the list (dead ones included): a bound on the term's document frequency, read without decoding. */
  count: number
}

export interface PostingSource {
  /** Every list of the lookup's gram (one per segment), or of every gram that starts with it when it is a prefix. */
  lists(lookup: TermLookup): Promise<StoredList[]>
}

/** Documents (ascending) with, for each, a run of positions: document i's are pos[begin[i]] … pos[begin[i + 1] − 1]. */
export interface PositionSet {
  size: number
  ords: Int32Array
  begin: Int32Array
  pos: Int32Array
}

export interface IndexMatches {
  /** The live documents holding every term, ascending. */
  ords: Int32Array
  /** Per term, its start positions in each of those documents (aligned with `ords`). */
  terms: PositionSet[]
  /** Per term: how many documents may hold it (the smallest of its lookups' list sizes). */
  frequencies: number[]
}

/**
 * Reads the lists, the shortest first, keeping only documents that are live (`live[ordinal]` is 1) and, after the
 * first lookup, still candidates: most of a common gram's list is passed over, not decoded.
 */
export async function matchIndex(
  terms: readonly QueryTerm[],
  source: PostingSource,
  live: Uint8Array,
): Promise<IndexMatches> {
  const fetched = await Promise.all(
    terms.map((term) => Promise.all(term.lookups.map((lookup) => source.lists(lookup)))),
  )
  const frequencies = fetched.map((lists) =>
    Math.min(...lists.map((l) => l.reduce((sum, list) => sum + list.count, 0))),
  )
  const order = terms.map((_, i) => i).sort((a, b) => frequencies[a]! - frequencies[b]!)
  const perTerm: PositionSet[] = terms.map(() => EMPTY)
  let allowed = live
  for (const t of order) {
    const term = terms[t]!
    const lookups = term.lookups.map((lookup, i) => ({
      lookup,
      lists: fetched[t]![i]!,
      bytes: fetched[t]![i]!.reduce((sum, list) => sum + list.data.length, 0),
    }))
    lookups.sort((a, b) => a.bytes - b.bytes)
    let found: PositionSet | null = null
    for (const { lookup, lists } of lookups) {
      const positions = decode(lists, found ? bitmapOf(found, allowed.length) : allowed)
      found = found === null ? shift(positions, lookup.offset) : confirm(found, positions, lookup.offset)
      if (found.size === 0) break
    }
    perTerm[t] = found ?? EMPTY
    if (perTerm[t].size === 0) return { ords: new Int32Array(0), terms: terms.map(() => EMPTY), frequencies }
    allowed = bitmapOf(perTerm[t], allowed.length)
  }
  // The last term read was restricted to the others' documents: its documents are the answer.
  const ords = perTerm[order[order.length - 1]!]!.ords.subarray(0, perTerm[order[order.length - 1]!]!.size)
  return { ords, terms: perTerm.map((set) => restrict(set, ords)), frequencies }
}

const EMPTY: PositionSet = { size: 0, ords: new Int32Array(0), begin: new Int32Array(1), pos: new Int32Array(0) }

function bitmapOf(set: PositionSet, length: number): Uint8Array {
  const bitmap = new Uint8Array(length)
  for (let i = 0; i < set.size; i++) bitmap[set.ords[i]!] = 1
  return bitmap
}

/** Positions per document across the lists (one gram's segments, or several grams for a prefix), ascending. */
function decode(lists: readonly StoredList[], allowed: Uint8Array): PositionSet {
  let capacity = 0
  for (const list of lists) capacity += list.data.length
  const ords = new Int32Array(capacity >> 1 || 1)
  const begin = new Int32Array((capacity >> 1) + 1)
  const pos = new Int32Array(capacity)
  let size = 0
  let used = 0
  let sorted = true
  for (const list of lists) {
    const reader = new VarintReader(list.data)
    let ordinal = -1
    while (reader.at < list.data.length) {
      ordinal += reader.next() + 1
      const count = reader.next()
      if (ordinal >= allowed.length || allowed[ordinal] !== 1) {
        reader.skip(count)
        continue
      }
      if (size > 0 && ordinal <= ords[size - 1]!) sorted = false
      ords[size] = ordinal
      begin[size] = used
      let position = 0
      for (let i = 0; i < count; i++) {
        position += reader.next()
        pos[used++] = position
      }
      size++
    }
  }
  begin[size] = used
  const set = { size, ords, begin, pos }
  return sorted ? set : normalize(set, allowed.length)
}

/**
 * Sorts a set whose lists overlapped (merged segments, a prefix's several grams), joining a document's runs: a
 * counting sort over the ordinals (all below `limit`), then each document's few positions sorted.
 */
function normalize(set: PositionSet, limit: number): PositionSet {
  const counts = new Int32Array(limit + 1)
  for (let i = 0; i < set.size; i++) counts[set.ords[i]! + 1]! += set.begin[i + 1]! - set.begin[i]!
  for (let o = 1; o <= limit; o++) counts[o]! += counts[o - 1]!
  const starts = counts.slice()
  const pos = new Int32Array(set.begin[set.size]!)
  for (let i = 0; i < set.size; i++) {
    let at = counts[set.ords[i]!]!
    for (let p = set.begin[i]!; p < set.begin[i + 1]!; p++) pos[at++] = set.pos[p]!
    counts[set.ords[i]!] = at
  }
  const ords = new Int32Array(set.size)
  const begin = new Int32Array(set.size + 1)
  let size = 0
  for (let o = 0; o < limit; o++) {
    if (starts[o + 1] === starts[o]) continue
    ords[size] = o
    begin[size] = starts[o]!
    const run = pos.subarray(starts[o]!, starts[o + 1]!)
    if (run.length > 1) run.sort()
    size++
  }
  begin[size] = pos.length
  return { size, ords, begin, pos }
}

/** Start positions from the first lookup's positions. */
function shift(set: PositionSet, offset: number): PositionSet {
  if (offset !== 0) for (let p = 0; p < set.begin[set.size]!; p++) set.pos[p] = set.pos[p]! - offset
  return set
}

/** The starts that another lookup confirms: it has a position at start + offset. Both sets ascending. */
function confirm(starts: PositionSet, other: PositionSet, offset: number): PositionSet {
  const ords = new Int32Array(starts.size)
  const begin = new Int32Array(starts.size + 1)
  const pos = new Int32Array(starts.begin[starts.size]!)
  let size = 0
  let used = 0
  let j = 0
  for (let i = 0; i < starts.size; i++) {
    const ordinal = starts.ords[i]!
    while (j < other.size && other.ords[j]! < ordinal) j++
    if (j >= other.size) break
    if (other.ords[j] !== ordinal) continue
    const first = used
    let q = other.begin[j]!
    const qEnd = other.begin[j + 1]!
    for (let p = starts.begin[i]!; p < starts.begin[i + 1]!; p++) {
      const want = starts.pos[p]! + offset
      while (q < qEnd && other.pos[q]! < want) q++
      if (q < qEnd && other.pos[q] === want) pos[used++] = starts.pos[p]!
    }
    if (used > first) {
      ords[size] = ordinal
      begin[size] = first
      size++
    }
  }
  begin[size] = used
  return { size, ords, begin, pos }
}

/** The set's runs for just these documents (each of which it holds), aligned with them. */
function restrict(set: PositionSet, ords: Int32Array): PositionSet {
  if (set.size === ords.length) return set
  const begin = new Int32Array(ords.length + 1)
  const pos = new Int32Array(set.begin[set.size]!)
  let used = 0
  let j = 0
  for (let i = 0; i < ords.length; i++) {
    while (set.ords[j]! < ords[i]!) j++
    begin[i] = used
    for (let p = set.begin[j]!; p < set.begin[j + 1]!; p++) pos[used++] = set.pos[p]!
  }
  begin[ords.length] = used
  return { size: ords.length, ords, begin, pos: pos.subarray(0, used) }
}

/** Document i's runs of a set, as a plain array. */
export function runOf(set: PositionSet, i: number): Int32Array {
  return set.pos.subarray(set.begin[i]!, set.begin[i + 1]!)
}

/** The same answer for one record's text, read directly: each term's starts, or null when a term is missing. */
export function matchText(tokens: TokenizedText, terms: readonly QueryTerm[]): number[][] | null {
  const starts: number[][] = []
  for (const term of terms) {
    const found = termStarts(tokens, term)
    if (found.length === 0) return null
    starts.push(found)
  }
  return starts
}

/**
 * Relevance: BM25 over a query's terms, where a term is a whole run of characters found at its positions (not
 * scattered bigrams), so its document frequency is exact. A term in the title or topic counts TITLE_WEIGHT times
 * (BM25F's field weight); a record that holds the query's terms together, in order, as one phrase, scores
 * PHRASE_BOOST times more than one holding them apart; terms near each other, NEAR_BOOST.
 *
 * Scores are computed straight from the flat position sets of evaluate.ts (document i's run of each term), so
 * ranking 20,000 hits allocates nothing per hit.
 */
import type { PositionSet } from './evaluate'
import { GAP, STEP, spanOf, type QueryTerm } from './tokens'

const K1 = 1.2
const B = 0.75
export const TITLE_WEIGHT = 3
export const PHRASE_BOOST = 2
export const NEAR_BOOST = 1.3
/** Positions within which the terms count as near: about twenty characters. */
const NEAR_WINDOW = 40

export interface CorpusStats {
  /** Records that can be found. */
  documents: number
  /** Their mean length in characters. */
  averageLength: number
}

export interface DocumentFacts {
  /** Characters of words in the record. */
  length: number
  /** Positions below this are in the title. */
  titleEnd: number
}

/** Inverse document frequency, BM25's (never negative). */
export function idf(documentFrequency: number, documents: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5))
}

/** One document's score: its starts of each term are sets[t]'s run i. No allocation: it runs for every hit. */
export function score(
  terms: readonly QueryTerm[],
  sets: readonly PositionSet[],
  i: number,
  idfs: readonly number[],
  length: number,
  titleEnd: number,
  stats: CorpusStats,
): number {
  const norm = K1 * (1 - B + (B * length) / Math.max(1, stats.averageLength))
  let sum = 0
  for (let t = 0; t < terms.length; t++) {
    const { pos, begin } = sets[t]!
    let tf = 0
    for (let p = begin[i]!; p < begin[i + 1]!; p++) tf += pos[p]! < titleEnd ? TITLE_WEIGHT : 1
    sum += (idfs[t]! * tf * (K1 + 1)) / (tf + norm)
  }
  if (terms.length < 2) return sum
  if (isPhrase(terms, sets, i)) return sum * PHRASE_BOOST
  if (isNear(sets, i)) return sum * NEAR_BOOST
  return sum
}

/** Whether run i of the set holds a position in [low, high]. Runs are ascending. */
function holdsBetween(set: PositionSet, i: number, low: number, high: number): boolean {
  let a = set.begin[i]!
  let b = set.begin[i + 1]!
  while (a < b) {
    const mid = (a + b) >>> 1
    if (set.pos[mid]! < low) a = mid + 1
    else b = mid
  }
  return a < set.begin[i + 1]! && set.pos[a]! <= high
}

/** Whether the terms occur one right after the other, in the query's order (a separator between them allowed). */
export function isPhrase(terms: readonly QueryTerm[], sets: readonly PositionSet[], i: number): boolean {
  const follows = (t: number, start: number): boolean => {
    if (t === terms.length - 1) return true
    const end = start + spanOf(terms[t]!)
    for (const next of [end + STEP, end + STEP + GAP])
      if (holdsBetween(sets[t + 1]!, i, next, next) && follows(t + 1, next)) return true
    return false
  }
  const first = sets[0]!
  for (let p = first.begin[i]!; p < first.begin[i + 1]!; p++) if (follows(0, first.pos[p]!)) return true
  return false
}

function isNear(sets: readonly PositionSet[], i: number): boolean {
  const first = sets[0]!
  for (let p = first.begin[i]!; p < first.begin[i + 1]!; p++) {
    const anchor = first.pos[p]!
    if (sets.every((set) => holdsBetween(set, i, anchor - NEAR_WINDOW, anchor + NEAR_WINDOW))) return true
  }
  return false
}

/** A single document's starts per term (read from its text) as position sets, for score(). */
export function setsOfStarts(starts: readonly (readonly number[])[]): PositionSet[] {
  return starts.map((list) => ({
    size: 1,
    ords: new Int32Array(1),
    begin: Int32Array.of(0, list.length),
    pos: Int32Array.from(list),
  }))
}

/**
 * What 最新 orders by, as numbers: the date and time a person gave (date|startTime of the sortKey), then the
 * record's id (uuidv7: its first 13 hex digits, the creation time), as the lists order them.
 */
export function dateRank(sortKey: string): [number, number] {
  const [date = '', time = '', id = ''] = sortKey.split('|')
  const ymd = Number(date.slice(0, 4)) * 10_000 + Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10))
  const hm = time === '' ? 0 : Number(time.slice(0, 2)) * 100 + Number(time.slice(3, 5)) + 1
  const stamp = Number.parseInt(id.replaceAll('-', '').slice(0, 13), 16)
  return [
    (Number.isFinite(ymd) ? ymd : 0) * 10_000 + (Number.isFinite(hm) ? hm : 0),
    Number.isFinite(stamp) ? stamp : 0,
  ]
}

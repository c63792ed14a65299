/**
 * An in-memory inverted index from grams (see grams.ts) to the documents that contain them. A query's
 * candidates are the documents holding every one of its grams, found by intersecting sorted posting lists
 * from the shortest up; the caller confirms candidates against the text (bigrams can co-occur without being
 * adjacent). Updates are O(grams of the document): a removed document's ordinal is marked dead and its
 * postings are swept once dead entries outnumber live ones.
 */
import { gramsOf, queryGrams } from './grams'

export interface SearchHit {
  key: string
  /** Orders hits newest first: the record's date and time. */
  sortKey: string
}

export class SearchIndex {
  private readonly docs: (SearchHit | null)[] = []
  private readonly ordinals = new Map<string, number>()
  private readonly postings = new Map<string, number[]>()
  private deadCount = 0

  get size(): number {
    return this.ordinals.size
  }

  upsert(key: string, sortKey: string, texts: readonly string[]): void {
    this.remove(key)
    const ordinal = this.docs.push({ key, sortKey }) - 1
    this.ordinals.set(key, ordinal)
    for (const gram of gramsOf(texts)) {
      const list = this.postings.get(gram)
      if (list) list.push(ordinal)
      else this.postings.set(gram, [ordinal])
    }
  }

  remove(key: string): void {
    const ordinal = this.ordinals.get(key)
    if (ordinal === undefined) return
    this.docs[ordinal] = null
    this.ordinals.delete(key)
    if (++this.deadCount > this.ordinals.size) this.sweep()
  }

  /** Documents that may contain the query, newest first. Empty for an empty query. */
  candidates(query: string): SearchHit[] {
    const grams = queryGrams(query)
    if (grams.length === 0) return []
    const lists: number[][] = []
    for (const gram of grams) {
      const list = this.postings.get(gram)
      if (!list) return []
      lists.push(list)
    }
    lists.sort((a, b) => a.length - b.length)
    let result = lists[0]!
    for (let i = 1; i < lists.length && result.length > 0; i++) result = intersectSorted(result, lists[i]!)
    const hits: SearchHit[] = []
    for (const ordinal of result) {
      const doc = this.docs[ordinal]
      if (doc) hits.push(doc)
    }
    return hits.sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0))
  }

  private sweep(): void {
    for (const [gram, list] of this.postings) {
      const live = list.filter((ordinal) => this.docs[ordinal] !== null)
      if (live.length === 0) this.postings.delete(gram)
      else this.postings.set(gram, live)
    }
    this.deadCount = 0
  }
}

/** Intersection of two ascending lists; walks the short one and binary-searches the long one. */
function intersectSorted(short: number[], long: number[]): number[] {
  const out: number[] = []
  let low = 0
  for (const value of short) {
    let high = long.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (long[mid]! < value) low = mid + 1
      else high = mid
    }
    if (low >= long.length) break
    if (long[low] === value) out.push(value)
  }
  return out
}

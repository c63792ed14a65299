/**
 * Search across the three record types, ready the moment 搜索 opens: the index is kept in IndexedDB
 * (search-store.ts) and kept current from the repository's change events (index-writer.ts), so nothing is built
 * when someone searches. Answers are ranked (shared/search/rank.ts) or newest first. What the index does not hold yet
 * is read directly: changes still queued, and, while a pass is under way, the records past it, in chunks that each
 * give a fuller answer; a query never waits for the index.
 */
import { RECORD_TABLES, type RecordTable, type StoredRecord } from '../../shared/records'
import { matchIndex, matchText, type IndexMatches, type PositionSet } from '../../shared/search/evaluate'
import { dateRank, idf, score, setsOfStarts, type CorpusStats, type DocumentFacts } from '../../shared/search/rank'
import { parseQuery, type QueryTerm } from '../../shared/search/tokens'
import type { LocalRecord } from '../db/index-keys'
import { storedRecordOf } from '../db/index-keys'
import type { RecordChange, RecordRepository } from '../db/repository'
import type { RecordRow, XsjDatabase } from '../db/schema'
import { idleSlicer, nextIdle, type Slicer } from './idle'
import { IndexWriter, prepare, searchKey, splitSearchKey, type PreparedDoc } from './index-writer'
import { SearchStore, type DocTable } from './search-store'

export type SearchOrder = 'relevance' | 'newest'

export interface SearchHit {
  table: RecordTable
  id: string
}

export interface SearchAnswer {
  /** Ranked: `length`, and `slice()` for the page to show. */
  hits: SearchHits
  /** False while records past the index's pass are still being read: more hits may come. */
  complete: boolean
  /** Records read so far and in all, of those past the pass (0 of 0 when there is no pass). */
  scanned: number
  toScan: number
}

export interface SearchOptions {
  /** While a pass is under way: the answer so far, after the index and after each chunk read past the pass. */
  onPartial?: (answer: SearchAnswer) => void
  /** Stops reading past the pass (a newer query took over). */
  signal?: AbortSignal
}

export interface SearchResult {
  table: RecordTable
  record: LocalRecord
}

/** Records read per chunk when reading past the pass. */
const SCAN_CHUNK = 500

export class RecordSearch {
  readonly store: SearchStore
  readonly writer: IndexWriter
  private maintaining: Promise<void> | null = null

  constructor(
    private readonly db: XsjDatabase,
    repository: RecordRepository,
    slicer: Slicer = idleSlicer(),
  ) {
    this.store = new SearchStore(db)
    this.writer = new IndexWriter(db, this.store, slicer)
    repository.onChange((changes) => this.applyChanges(changes))
  }

  /** Changes the repository announced: written into the index in the next quiet moment, read from memory till then. */
  applyChanges(changes: readonly RecordChange[]): void {
    if (changes.length > 0) this.writer.enqueue(changes.map(prepareChange))
  }

  /**
   * In the first quiet moment after start: clears what a closed tab left half-written, reconciles the index with
   * the records, runs the pass if one is due, then merges small segments. Safe to call more than once.
   */
  maintainWhenIdle(delayMs = 2000): Promise<void> {
    this.maintaining ??= (async () => {
      await new Promise((resolve) => setTimeout(resolve, delayMs))
      await nextIdle(5000)
      await this.maintain()
    })()
      // The index is a convenience: if it cannot be written (storage full), search reads the records instead.
      .catch((error: unknown) => console.warn('search index maintenance failed', error))
      .finally(() => {
        this.maintaining = null
      })
    return this.maintaining
  }

  async maintain(): Promise<void> {
    await this.store.cleanUp()
    await this.writer.reconcile()
    await this.writer.runPass()
    await this.writer.settled()
    while (await this.store.mergeOnce(() => nextIdle(1000)));
  }

  /** Reads what a first query needs (the doc table) ahead of it: 搜索 calls this as it opens. */
  async prepare(): Promise<void> {
    await this.store.docTable()
  }

  /** Whether the index holds every record (no pass under way). */
  async isComplete(): Promise<boolean> {
    return (await this.store.readState()).pass === null
  }

  /**
   * The records holding every term of the query, best first (or newest first). With a pass under way, `onPartial`
   * hears the answer so far; the promise gives the whole.
   */
  async search(query: string, order: SearchOrder, options: SearchOptions = {}): Promise<SearchAnswer> {
    const { onPartial, signal } = options
    const terms = parseQuery(query)
    if (terms.length === 0) return { hits: NO_HITS, complete: true, scanned: 0, toScan: 0 }
    const table = await this.store.docTable()
    const pending = this.writer.pendingDocs()
    const found = await matchIndex(terms, { lists: (lookup) => this.store.lists(lookup, table) }, table.live)
    // A record with a change still queued is read from the queue, not from its older version in the index.
    const shadowed =
      pending.size === 0 ? null : new Set(Array.from(found.ords).filter((ord) => pending.has(table.keyOf(ord))))
    const direct: DirectHit[] = []
    const extra = { documents: 0, length: 0, frequencies: terms.map(() => 0) }
    const readDirectly = (doc: PreparedDoc): void => {
      if (!doc.tokens) return
      extra.documents++
      extra.length += doc.tokens.chars.length
      const starts = matchText(doc.tokens, terms)
      if (!starts) return
      starts.forEach((_, t) => extra.frequencies[t]!++)
      direct.push({
        key: doc.key,
        rank: dateRank(doc.sortKey),
        sets: setsOfStarts(starts),
        facts: { length: doc.tokens.chars.length, titleEnd: doc.tokens.titleEnd },
      })
    }
    // A pending record the index also holds counts twice in the statistics until it is written: a few at most.
    for (const doc of pending.values()) readDirectly(doc)
    const answer = (complete: boolean, scanned: number, toScan: number): SearchAnswer => {
      const documents = Math.max(1, table.stats.documents + extra.documents)
      const stats: CorpusStats = { documents, averageLength: (table.state.totalLength + extra.length) / documents }
      const idfs = terms.map((_, t) =>
        idf(Math.min(found.frequencies[t]!, table.stats.documents) + extra.frequencies[t]!, stats.documents),
      )
      return { hits: rankHits(terms, idfs, stats, order, table, found, shadowed, direct), complete, scanned, toScan }
    }
    const pass = table.state.pass
    if (!pass) return answer(true, 0, 0)
    return this.scanPast(pass, table, pending, readDirectly, answer, onPartial, signal)
  }

  /** Reads the records past the pass that the index does not hold, a chunk at a time. */
  private async scanPast(
    pass: { table: number; after: string },
    table: DocTable,
    pending: Map<string, PreparedDoc>,
    readDirectly: (doc: PreparedDoc) => void,
    answer: (complete: boolean, scanned: number, toScan: number) => SearchAnswer,
    onPartial?: (answer: SearchAnswer) => void,
    signal?: AbortSignal,
  ): Promise<SearchAnswer> {
    const indexed = table.liveKeys()
    let toScan = 0
    for (let t = pass.table; t < RECORD_TABLES.length; t++) {
      const records = this.db.records(RECORD_TABLES[t]!)
      toScan += t === pass.table ? await records.where('id').above(pass.after).count() : await records.count()
    }
    onPartial?.(answer(false, 0, toScan))
    let scanned = 0
    for (let t = pass.table; t < RECORD_TABLES.length; t++) {
      const tableName = RECORD_TABLES[t]!
      let after = t === pass.table ? pass.after : ''
      for (;;) {
        // A newer query took over: this answer is no longer wanted.
        if (signal?.aborted) return answer(false, scanned, toScan)
        const rows: RecordRow[] = await this.db.records(tableName).where('id').above(after).limit(SCAN_CHUNK).toArray()
        for (const row of rows) {
          const key = searchKey(tableName, row.id)
          if (indexed.has(key) || pending.has(key)) continue
          readDirectly(prepare(tableName, row, row.sortKey))
        }
        scanned += rows.length
        if (rows.length < SCAN_CHUNK) break
        after = rows[rows.length - 1]!.id
        onPartial?.(answer(false, scanned, toScan))
        await nextIdle(50)
      }
    }
    return answer(true, toScan, toScan)
  }

  /** The hits' records, in the hits' order; any deleted since the query are left out. */
  async resolve(hits: readonly SearchHit[]): Promise<SearchResult[]> {
    const byTable = new Map<RecordTable, string[]>()
    for (const hit of hits) byTable.set(hit.table, [...(byTable.get(hit.table) ?? []), hit.id])
    const found = new Map<string, SearchResult>()
    if (hits.length === 0) return []
    // One read transaction over the tables involved, their reads side by side.
    const tables = [...byTable.keys()].map((table) => this.db.records(table))
    await this.db.transaction('r', tables, () =>
      Promise.all(
        [...byTable].map(async ([table, ids]) => {
          const rows = await this.db.records(table).bulkGet(ids)
          for (const row of rows)
            if (row && row.deletedAt === null)
              found.set(searchKey(table, row.id), { table, record: storedRecordOf(row) })
        }),
      ),
    )
    return hits.flatMap((hit) => found.get(searchKey(hit.table, hit.id)) ?? [])
  }
}

function prepareChange({ table, record }: RecordChange): PreparedDoc {
  return prepare(table, record as StoredRecord)
}

/** A hit read from a record's text (queued, or past the pass), not from the index. */
interface DirectHit {
  key: string
  rank: [number, number]
  sets: PositionSet[]
  facts: DocumentFacts
}

/**
 * Ranked hits kept as numbers: an entry is an index ordinal (≥ 0) or a direct hit (−1 − its position), and only
 * the page asked for becomes SearchHit objects.
 */
export class SearchHits {
  /** How many entries are in order at the front so far: sorting all 20,000 hits when a page shows 30 is waste. */
  private ordered = 0

  constructor(
    private readonly entries: Int32Array,
    private readonly primary: Float64Array,
    private readonly dates: Float64Array,
    private readonly stamps: Float64Array,
    private readonly table: DocTable | null,
    private readonly direct: readonly DirectHit[],
  ) {}

  get length(): number {
    return this.entries.length
  }

  slice(from: number, to = this.entries.length): SearchHit[] {
    const end = Math.min(to, this.entries.length)
    this.orderTo(end)
    return Array.from(this.entries.subarray(from, end), (entry) => {
      const key = entry >= 0 ? this.table!.keyOf(entry) : this.direct[-1 - entry]!.key
      const [table, id] = splitSearchKey(key)
      return { table, id }
    })
  }

  /**
   * Puts the best `count` (at least; ties at the edge come along) at the front, in order: the count-th best primary
   * value by a plain numeric sort of a copy, then only the entries at or above it sorted with the full comparison.
   */
  private orderTo(count: number): void {
    const n = this.entries.length
    if (count <= this.ordered) return
    const want = Math.min(n, Math.max(count, 2 * this.ordered, 240))
    const rest = n - this.ordered
    const index = new Uint32Array(rest)
    for (let k = 0; k < rest; k++) index[k] = this.ordered + k
    let chosen: Uint32Array = index
    if (want < n) {
      const values = Float64Array.from(index, (k) => this.primary[k]!).sort()
      const threshold = values[rest - (want - this.ordered)]!
      chosen = index.filter((k) => this.primary[k]! >= threshold)
    }
    const { primary, dates, stamps } = this
    const sorted = Array.from(chosen).sort(
      (a, b) => primary[b]! - primary[a]! || dates[b]! - dates[a]! || stamps[b]! - stamps[a]!,
    )
    const picked = new Set(sorted)
    const others = Array.from(index).filter((k) => !picked.has(k))
    const order = [...sorted, ...others]
    const reorder = <A extends Int32Array | Float64Array>(array: A): void => {
      const copy = array.slice(this.ordered) as A
      order.forEach((k, j) => {
        array[this.ordered + j] = copy[k - this.ordered]!
      })
    }
    reorder(this.entries)
    reorder(this.primary)
    reorder(this.dates)
    reorder(this.stamps)
    this.ordered += sorted.length
  }
}

const NO_HITS = new SearchHits(
  new Int32Array(0),
  new Float64Array(0),
  new Float64Array(0),
  new Float64Array(0),
  null,
  [],
)

function rankHits(
  terms: readonly QueryTerm[],
  idfs: readonly number[],
  stats: CorpusStats,
  order: SearchOrder,
  table: DocTable,
  found: IndexMatches,
  shadowed: Set<number> | null,
  direct: readonly DirectHit[],
): SearchHits {
  const count = found.ords.length + direct.length
  const entries = new Int32Array(count)
  const scores = new Float64Array(count)
  const dates = new Float64Array(count)
  const stamps = new Float64Array(count)
  let n = 0
  for (let i = 0; i < found.ords.length; i++) {
    const ord = found.ords[i]!
    if (shadowed?.has(ord)) continue
    entries[n] = ord
    scores[n] =
      order === 'relevance'
        ? score(terms, found.terms, i, idfs, table.lengths[ord]!, table.titleEnds[ord]!, stats)
        : table.dates[ord]!
    dates[n] = table.dates[ord]!
    stamps[n] = table.stamps[ord]!
    n++
  }
  direct.forEach((hit, k) => {
    entries[n] = -1 - k
    scores[n] =
      order === 'relevance' ? score(terms, hit.sets, 0, idfs, hit.facts.length, hit.facts.titleEnd, stats) : hit.rank[0]
    dates[n] = hit.rank[0]
    stamps[n] = hit.rank[1]
    n++
  })
  // The primary order: the score, or for 最新 the date itself.
  return new SearchHits(entries.slice(0, n), scores.slice(0, n), dates.slice(0, n), stamps.slice(0, n), table, direct)
}

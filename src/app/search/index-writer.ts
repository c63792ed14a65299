/**
 * Keeps the stored index (search-store.ts) current: the repository's changes are queued and written as a small
 * segment in the next quiet moment; a pass walks the records the index does not know (all of them the first time,
 * after an update or a cleared database) and writes them in big segments; a reconcile at start finds records a
 * closed tab never got to index, and records gone without a word. All of it in short slices (idle.ts).
 */
import { RECORD_TABLES, recordTypes, type RecordTable, type StoredRecord } from '../../shared/records'
import { SegmentBuilder } from '../../shared/search/segment'
import { tokenize, type TokenizedText } from '../../shared/search/tokens'
import { indexKeysOf } from '../db/index-keys'
import type { RecordRow, XsjDatabase } from '../db/schema'
import type { Slicer } from './idle'
import type { CommitEntry, SearchStore } from './search-store'

/** A record as the index takes it: null tokens when there is nothing to find (deleted, or no text). */
export interface PreparedDoc {
  key: string
  sortKey: string
  tokens: TokenizedText | null
  /** For the pass: the state's seq before the record was read. */
  readSeq?: number
}

export function searchKey(table: RecordTable, id: string): string {
  return `${table}:${id}`
}

export function splitSearchKey(key: string): [RecordTable, string] {
  const at = key.indexOf(':')
  return [key.slice(0, at) as RecordTable, key.slice(at + 1)]
}

export function prepare(
  table: RecordTable,
  record: StoredRecord,
  sortKey = indexKeysOf(table, record).sortKey,
): PreparedDoc {
  const key = searchKey(table, record.id)
  if (record.deletedAt !== null) return { key, sortKey, tokens: null }
  const tokens = tokenize(recordTypes[table].searchText(record as never))
  return { key, sortKey, tokens: tokens.chars.length > 0 ? tokens : null }
}

/** Records read per step of the pass. */
const PASS_READ = 200
/** Documents per segment the pass writes: big, so a query reads few lists, and never merged again. */
const PASS_SEGMENT = 4096
/** Documents per segment written from the repository's changes (a big pull comes in several). */
const CHANGE_SEGMENT = 512
/** Up to this many records missing from the index are indexed one by one; more start a pass. */
const RECONCILE_DIRECT = 500

interface OpenSegment {
  base: number
  seg: number
  builder: SegmentBuilder
  entries: CommitEntry[]
}

export class IndexWriter {
  private readonly queue = new Map<string, PreparedDoc>()
  private inFlight = new Map<string, PreparedDoc>()
  private flushing: Promise<void> | null = null
  private passing: Promise<void> | null = null

  constructor(
    private readonly db: XsjDatabase,
    private readonly store: SearchStore,
    private readonly slicer: Slicer,
  ) {}

  /** Records changed but not yet in the index: queries read these from memory, not from the index. */
  pendingDocs(): Map<string, PreparedDoc> {
    return new Map([...this.inFlight, ...this.queue])
  }

  enqueue(docs: readonly PreparedDoc[]): void {
    for (const doc of docs) this.queue.set(doc.key, doc)
    this.flushing ??= this.flush()
      .then(
        () => this.queue.size > 0,
        (error: unknown) => {
          // Storage full, say: the changes stay queued (queries read them from memory) until the next write or
          // start tries again; the records themselves are safely stored.
          console.warn('search index write failed', error)
          return false
        },
      )
      .then((more) => {
        this.flushing = null
        if (more) this.enqueue([])
      })
  }

  /** Resolves once every queued change is in the index. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing
  }

  private async flush(): Promise<void> {
    await this.slicer.pause()
    while (this.queue.size > 0) {
      const docs = [...this.queue.values()].slice(0, CHANGE_SEGMENT)
      for (const doc of docs) this.queue.delete(doc.key)
      this.inFlight = new Map(docs.map((d) => [d.key, d]))
      try {
        await this.write(docs)
      } catch (error) {
        // Back in the queue, unless a newer change of the same record came meanwhile.
        for (const doc of docs) if (!this.queue.has(doc.key)) this.queue.set(doc.key, doc)
        throw error
      } finally {
        this.inFlight = new Map()
      }
    }
  }

  /** A batch as one segment: reserve, build the lists in slices, write them, commit. */
  private async write(docs: readonly PreparedDoc[]): Promise<void> {
    const withText = docs.filter((d) => d.tokens !== null)
    const reserved = withText.length > 0 ? await this.store.reserve(withText.length) : null
    const entries: CommitEntry[] = []
    const builder = new SegmentBuilder()
    let next = reserved?.base ?? 0
    for (const doc of docs) {
      if (doc.tokens === null) {
        entries.push({ key: doc.key, ord: -1, sortKey: doc.sortKey, length: 0, titleEnd: 0, readSeq: doc.readSeq })
        continue
      }
      const ord = next++
      builder.add(ord, doc.tokens)
      entries.push({
        key: doc.key,
        ord,
        sortKey: doc.sortKey,
        length: doc.tokens.chars.length,
        titleEnd: doc.tokens.titleEnd,
        readSeq: doc.readSeq,
      })
      await this.slicer.tick()
    }
    try {
      if (reserved) await this.store.putLists(reserved.seg, builder.lists(), () => this.slicer.pause())
      await this.store.commit(reserved?.seg ?? null, withText.length, entries)
    } catch (error) {
      if (reserved) await this.store.abandon(reserved.seg).catch(() => undefined)
      throw error
    }
  }

  /** Runs the pass to its end (if one is due), one step per quiet moment. */
  runPass(): Promise<void> {
    this.passing ??= this.pass().finally(() => {
      this.passing = null
    })
    return this.passing
  }

  private async pass(): Promise<void> {
    let state = await this.store.readState()
    if (!state.pass) return
    const known = new Set(await this.db.searchDocs.toCollection().primaryKeys())
    let open: OpenSegment | null = null
    let cursor: { table: number; after: string } | null = state.pass
    while (cursor) {
      await this.slicer.pause()
      state = await this.store.readState()
      const readSeq = state.seq
      const table = RECORD_TABLES[cursor.table]!
      const rows: RecordRow[] = await this.db.records(table).where('id').above(cursor.after).limit(PASS_READ).toArray()
      for (const row of rows) {
        const key = searchKey(table, row.id)
        if (known.has(key)) continue
        known.add(key)
        const doc = { ...prepare(table, row, row.sortKey), readSeq }
        open ??= { ...(await this.store.reserve(PASS_SEGMENT)), builder: new SegmentBuilder(), entries: [] }
        if (doc.tokens === null) {
          // Nothing to find, but known, so a reconcile does not count it missing.
          open.entries.push({ key, ord: -1, sortKey: doc.sortKey, length: 0, titleEnd: 0, readSeq })
          continue
        }
        const ord = open.base + open.builder.documents
        open.builder.add(ord, doc.tokens)
        open.entries.push({
          key,
          ord,
          sortKey: doc.sortKey,
          length: doc.tokens.chars.length,
          titleEnd: doc.tokens.titleEnd,
          readSeq,
        })
        if (open.builder.documents === PASS_SEGMENT) {
          await this.commitOpen(open, { table: cursor.table, after: row.id })
          open = null
        }
        await this.slicer.tick()
      }
      const last = rows[rows.length - 1]
      const next: { table: number; after: string } | null =
        last && rows.length === PASS_READ
          ? { table: cursor.table, after: last.id }
          : cursor.table + 1 < RECORD_TABLES.length
            ? { table: cursor.table + 1, after: '' }
            : null
      // The cursor moves with each commit: what is past it is read by queries until the pass gets there.
      if (open && next === null) {
        await this.commitOpen(open, null)
        open = null
      } else if (!open) await this.store.commit(null, 0, [], next)
      cursor = next
    }
  }

  private async commitOpen(open: OpenSegment, pass: { table: number; after: string } | null): Promise<void> {
    try {
      await this.store.putLists(open.seg, open.builder.lists(), () => this.slicer.pause())
      await this.store.commit(open.seg, open.builder.documents, open.entries, pass)
    } catch (error) {
      await this.store.abandon(open.seg).catch(() => undefined)
      throw error
    }
  }

  /**
   * Compares what the index knows with the records on the device: records it does not know (a tab closed before
   * indexing its change, records written by an older version of the app) are indexed, a few directly, many by a
   * pass; records no longer on the device are forgotten. Reads only keys (one request per table), in idle time.
   */
  async reconcile(): Promise<void> {
    const state = await this.store.readState()
    if (state.pass) return
    const known = new Set(await this.db.searchDocs.toCollection().primaryKeys())
    const missing: [RecordTable, string][] = []
    for (const table of RECORD_TABLES) {
      for (const id of await this.db.records(table).toCollection().primaryKeys()) {
        const key = searchKey(table, id)
        if (!known.delete(key)) missing.push([table, id])
      }
      await this.slicer.pause()
    }
    await this.store.forget([...known])
    if (missing.length > RECONCILE_DIRECT) {
      await this.store.startPass()
      return
    }
    const docs: PreparedDoc[] = []
    for (const table of RECORD_TABLES) {
      const ids = missing.filter(([t]) => t === table).map(([, id]) => id)
      const rows = await this.db.records(table).bulkGet(ids)
      for (const row of rows) if (row) docs.push(prepare(table, row, row.sortKey))
    }
    this.enqueue(docs)
    await this.settled()
  }
}

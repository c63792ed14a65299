/**
 * The search index in IndexedDB (search-rows.ts): segments of posting lists, what each ordinal stands for, and the
 * state that ties them together. Every change is a few transactions: reserve ordinals and a segment number, write
 * the segment's lists (invisible until committed), then commit in one transaction that makes the new ordinals
 * current and the records' old ones dead. Several tabs may write; each step reads what it changes inside its own
 * transaction. Queries read the lists of committed segments and the doc table (cached until the state's seq moves).
 */
import { Dexie } from 'dexie'
import type { StoredList } from '../../shared/search/evaluate'
import { dateRank, type CorpusStats, type DocumentFacts } from '../../shared/search/rank'
import { mergeLists, type SegmentList } from '../../shared/search/segment'
import type { TermLookup } from '../../shared/search/tokens'
import type { XsjDatabase } from '../db/schema'
import {
  SEARCH_BLOCK,
  SEARCH_FORMAT,
  type SearchBlockRow,
  type SearchDocRow,
  type SearchSegment,
  type SearchStateRow,
} from './search-rows'

/** Lists written per transaction: each a short task, so a big segment never freezes the screen. */
const LISTS_PER_WRITE = 1000
/** A writer that has not committed for this long died (a closed tab): its lists are removed. */
const PENDING_EXPIRY_MS = 10 * 60_000

export function initialState(): SearchStateRow {
  return {
    key: 'state',
    format: SEARCH_FORMAT,
    nextOrd: 0,
    nextSeg: 1,
    seq: 0,
    live: 0,
    totalLength: 0,
    segments: [],
    pending: [],
    pass: { table: 0, after: '' },
  }
}

/** One record as a commit sets it: a new ordinal (its lists already written), or −1 for nothing to find. */
export interface CommitEntry {
  key: string
  ord: number
  sortKey: string
  length: number
  titleEnd: number
  /** For a build: the state's seq before the record was read. A newer write of the same record wins over it. */
  readSeq?: number
}

/** Every ordinal's facts, flat, as queries read them: built from the block rows in one pass. */
export class DocTable {
  readonly live: Uint8Array
  readonly lengths: Int32Array
  readonly titleEnds: Int32Array
  readonly dates: Float64Array
  readonly stamps: Float64Array
  private readonly segs: Set<number>

  constructor(
    readonly state: SearchStateRow,
    readonly blocks: Map<number, SearchBlockRow>,
  ) {
    this.segs = new Set(state.segments.map((s) => s.seg))
    const n = state.nextOrd
    this.live = new Uint8Array(n)
    this.lengths = new Int32Array(n)
    this.titleEnds = new Int32Array(n)
    this.dates = new Float64Array(n)
    this.stamps = new Float64Array(n)
    for (const [block, row] of blocks) {
      const base = block * SEARCH_BLOCK
      const count = Math.min(SEARCH_BLOCK, n - base)
      if (count <= 0) continue
      this.live.set(row.live.subarray(0, count), base)
      this.lengths.set(row.lengths.subarray(0, count), base)
      this.titleEnds.set(row.titleEnds.subarray(0, count), base)
      this.dates.set(row.dates.subarray(0, count), base)
      this.stamps.set(row.stamps.subarray(0, count), base)
    }
  }

  get seq(): number {
    return this.state.seq
  }

  get stats(): CorpusStats {
    return {
      documents: this.state.live,
      averageLength: this.state.live > 0 ? this.state.totalLength / this.state.live : 0,
    }
  }

  keyOf(ord: number): string {
    const row = this.blocks.get(Math.floor(ord / SEARCH_BLOCK))
    if (!row) return ''
    const i = ord % SEARCH_BLOCK
    return row.keys.slice(i === 0 ? 0 : row.keyEnds[i - 1]!, row.keyEnds[i]!)
  }

  factsOf(ord: number): DocumentFacts {
    return { length: this.lengths[ord] ?? 0, titleEnd: this.titleEnds[ord] ?? 0 }
  }

  /** Every live record's key: to leave out of a scan what the index already answers. */
  liveKeys(): Set<string> {
    const keys = new Set<string>()
    for (let ord = 0; ord < this.live.length; ord++) if (this.live[ord] === 1) keys.add(this.keyOf(ord))
    return keys
  }

  committed(seg: number): boolean {
    return this.segs.has(seg)
  }
}

/** A block row opened for changes: its keys as an array. */
interface OpenBlock {
  row: SearchBlockRow
  keys: string[]
}

function openBlock(block: number, row: SearchBlockRow | undefined): OpenBlock {
  if (!row) {
    return {
      row: {
        block,
        keys: '',
        keyEnds: new Int32Array(SEARCH_BLOCK),
        live: new Uint8Array(SEARCH_BLOCK),
        dates: new Float64Array(SEARCH_BLOCK),
        stamps: new Float64Array(SEARCH_BLOCK),
        lengths: new Int32Array(SEARCH_BLOCK),
        titleEnds: new Int32Array(SEARCH_BLOCK),
        segs: new Int32Array(SEARCH_BLOCK),
      },
      keys: new Array<string>(SEARCH_BLOCK).fill(''),
    }
  }
  const keys = new Array<string>(SEARCH_BLOCK)
  for (let i = 0; i < SEARCH_BLOCK; i++) keys[i] = row.keys.slice(i === 0 ? 0 : row.keyEnds[i - 1]!, row.keyEnds[i]!)
  return { row, keys }
}

function sealBlock(open: OpenBlock): SearchBlockRow {
  const keyEnds = new Int32Array(SEARCH_BLOCK)
  let end = 0
  open.keys.forEach((key, i) => {
    end += key.length
    keyEnds[i] = end
  })
  return { ...open.row, keys: open.keys.join(''), keyEnds }
}

export class SearchStore {
  private table: DocTable | null = null
  private loading: Promise<DocTable> | null = null

  constructor(private readonly db: XsjDatabase) {}

  /** The state as stored, or a fresh one (a new index: a pass over every record) when there is none or it is old. */
  async readState(): Promise<SearchStateRow> {
    const state = await this.db.searchState.get('state')
    return state && state.format === SEARCH_FORMAT ? state : initialState()
  }

  /** Once per session: an index of another layout is cleared (it is rebuilt by a pass), before anything reads it. */
  private ready(): Promise<void> {
    this.checked ??= this.db.transaction(
      'rw',
      [this.db.searchState, this.db.searchDocs, this.db.searchBlocks, this.db.searchPostings],
      async () => {
        const state = await this.db.searchState.get('state')
        if (!state || state.format === SEARCH_FORMAT) return
        await Promise.all([
          this.db.searchState.clear(),
          this.db.searchDocs.clear(),
          this.db.searchBlocks.clear(),
          this.db.searchPostings.clear(),
        ])
      },
    )
    return this.checked
  }
  private checked: Promise<void> | null = null

  /** The doc table, read again only when some commit (here or in another tab) moved the seq. */
  async docTable(): Promise<DocTable> {
    await this.ready()
    const state = await this.readState()
    if (this.table && this.table.seq === state.seq && this.table.state.format === state.format) return this.table
    this.loading ??= this.loadTable().finally(() => {
      this.loading = null
    })
    return this.loading
  }

  private async loadTable(): Promise<DocTable> {
    const [state, rows] = await this.db.transaction(
      'r',
      [this.db.searchState, this.db.searchBlocks],
      async () => [await this.readState(), await this.db.searchBlocks.toArray()] as const,
    )
    const table = new DocTable(state, new Map(rows.map((row) => [row.block, row])))
    this.table = table
    return table
  }

  /** The lists of the lookup's gram (or of every gram it starts) in the table's committed segments. */
  async lists(lookup: TermLookup, table: DocTable): Promise<StoredList[]> {
    const upper = lookup.prefix ? `${lookup.gram}\uffff` : lookup.gram
    const rows = await this.db.searchPostings
      .where('[gram+seg]')
      .between([lookup.gram, Dexie.minKey], [upper, Dexie.maxKey], true, true)
      .toArray()
    return rows.filter((row) => table.committed(row.seg))
  }

  /** Ordinals and a segment number for `count` documents; the segment stays pending until committed or abandoned. */
  async reserve(count: number): Promise<{ base: number; seg: number }> {
    await this.ready()
    return this.db.transaction('rw', [this.db.searchState], async () => {
      const state = await this.readState()
      const base = state.nextOrd
      const seg = state.nextSeg
      state.nextOrd += count
      state.nextSeg += 1
      state.pending = [...state.pending, { seg, at: new Date().toISOString() }]
      await this.db.searchState.put(state)
      return { base, seg }
    })
  }

  /** A reserved segment's lists, a share per transaction. */
  async putLists(
    seg: number,
    lists: readonly SegmentList[],
    pause: () => Promise<void> = async () => undefined,
  ): Promise<void> {
    for (let i = 0; i < lists.length; i += LISTS_PER_WRITE) {
      if (i > 0) await pause()
      await this.db.searchPostings.bulkPut(
        lists.slice(i, i + LISTS_PER_WRITE).map(({ gram, data, count }) => ({ gram, seg, data, count })),
      )
    }
  }

  /**
   * Makes a segment's entries current (seg null when none got lists), each record's previous ordinal dead, and
   * moves the pass. An entry whose record was written since the build read it (readSeq) is left out: its newer
   * version is already in.
   */
  async commit(
    seg: number | null,
    docs: number,
    entries: readonly CommitEntry[],
    pass?: SearchStateRow['pass'],
  ): Promise<void> {
    await this.ready()
    const table = await this.db.transaction(
      'rw',
      [this.db.searchState, this.db.searchDocs, this.db.searchBlocks],
      async () => {
        const state = await this.readState()
        const olds = await this.db.searchDocs.bulkGet(entries.map((e) => e.key))
        const current = entries.filter(
          (entry, i) => entry.readSeq === undefined || (olds[i]?.seq ?? -1) <= entry.readSeq,
        )
        const oldByKey = new Map(entries.map((e, i) => [e.key, olds[i]]))
        const blocks = await this.blocksFor(state, [
          ...current.map((e) => e.ord),
          ...current.map((e) => oldByKey.get(e.key)?.ord ?? -1),
        ])
        const segments = new Map(state.segments.map((s) => [s.seg, { ...s }]))
        if (seg !== null) segments.set(seg, { seg, docs, dead: docs - current.filter((e) => e.ord >= 0).length })
        for (const entry of current) {
          const old = oldByKey.get(entry.key)
          if (old && old.ord >= 0) this.kill(state, blocks, segments, old.ord)
        }
        state.seq += 1
        const docRows: SearchDocRow[] = []
        for (const entry of current) {
          if (entry.ord >= 0) {
            const open = blocks.get(Math.floor(entry.ord / SEARCH_BLOCK))!
            const i = entry.ord % SEARCH_BLOCK
            const [date, stamp] = dateRank(entry.sortKey)
            open.keys[i] = entry.key
            open.row.live[i] = 1
            open.row.dates[i] = date
            open.row.stamps[i] = stamp
            open.row.lengths[i] = entry.length
            open.row.titleEnds[i] = entry.titleEnd
            open.row.segs[i] = seg ?? 0
            state.live += 1
            state.totalLength += entry.length
          }
          docRows.push({ key: entry.key, ord: entry.ord, seq: state.seq })
        }
        state.segments = [...segments.values()]
        state.pending = state.pending.filter((p) => p.seg !== seg)
        if (pass !== undefined) state.pass = pass
        const sealed = sealAll(blocks)
        await this.db.searchDocs.bulkPut(docRows)
        await this.db.searchBlocks.bulkPut([...sealed.values()])
        await this.db.searchState.put(state)
        return this.patchTable(state, sealed)
      },
    )
    this.table = table
  }

  /** Forgets records that are gone from the device (found by reconcile): their ordinals die, their rows go. */
  async forget(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return
    await this.ready()
    this.table = await this.db.transaction(
      'rw',
      [this.db.searchState, this.db.searchDocs, this.db.searchBlocks],
      async () => {
        const state = await this.readState()
        const olds = (await this.db.searchDocs.bulkGet([...keys])).filter(
          (row): row is SearchDocRow => row !== undefined,
        )
        const blocks = await this.blocksFor(
          state,
          olds.map((o) => o.ord),
        )
        const segments = new Map(state.segments.map((s) => [s.seg, { ...s }]))
        for (const old of olds) if (old.ord >= 0) this.kill(state, blocks, segments, old.ord)
        state.segments = [...segments.values()]
        state.seq += 1
        const sealed = sealAll(blocks)
        await this.db.searchDocs.bulkDelete([...keys])
        await this.db.searchBlocks.bulkPut([...sealed.values()])
        await this.db.searchState.put(state)
        return this.patchTable(state, sealed)
      },
    )
  }

  /** Drops a reserved segment whose commit will not come, with whatever lists it got. */
  async abandon(seg: number): Promise<void> {
    await this.db.transaction('rw', [this.db.searchState, this.db.searchPostings], async () => {
      await this.db.searchPostings.where('seg').equals(seg).delete()
      const state = await this.readState()
      state.pending = state.pending.filter((p) => p.seg !== seg)
      await this.db.searchState.put(state)
    })
  }

  /** Starts a pass over every record (the index found records it does not know). */
  async startPass(): Promise<void> {
    await this.ready()
    await this.db.transaction('rw', [this.db.searchState], async () => {
      const state = await this.readState()
      state.pass = { table: 0, after: '' }
      state.seq += 1
      await this.db.searchState.put(state)
    })
  }

  /** Lists of writers that died before committing. */
  async cleanUp(now = Date.now()): Promise<void> {
    await this.ready()
    const state = await this.readState()
    for (const { seg, at } of state.pending) if (now - Date.parse(at) > PENDING_EXPIRY_MS) await this.abandon(seg)
  }

  /**
   * One merge, if one is due: many small segments into one (fewer lists per query), or a segment that is mostly dead
   * ordinals rewritten without them. Big segments (a build's) are left as they are otherwise. True when it merged.
   */
  async mergeOnce(pause: () => Promise<void> = async () => undefined): Promise<boolean> {
    await this.ready()
    const state = await this.readState()
    const group = mergeGroup(state.segments)
    if (group.length === 0) return false
    const table = await this.docTable()
    const segs = group.map((s) => s.seg)
    const rows = await this.db.searchPostings.where('seg').anyOf(segs).toArray()
    await pause()
    const byGram = new Map<string, Uint8Array[]>()
    for (const row of rows) {
      const list = byGram.get(row.gram)
      if (list) list.push(row.data)
      else byGram.set(row.gram, [row.data])
    }
    const ords = new Set<number>()
    const lists: SegmentList[] = []
    for (const [gram, datas] of byGram) {
      const merged = mergeLists(datas, (ord) => {
        const isLive = table.live[ord] === 1
        if (isLive) ords.add(ord)
        return isLive
      })
      if (merged) lists.push({ gram, ...merged })
    }
    const { seg } = await this.reserve(0)
    await this.putLists(seg, lists, pause)
    const done = await this.db.transaction(
      'rw',
      [this.db.searchState, this.db.searchBlocks, this.db.searchPostings],
      async () => {
        const now = await this.readState()
        const stillThere = segs.every((s) => now.segments.some((x) => x.seg === s))
        if (!stillThere) return null
        const blocks = await this.blocksFor(now, [...ords])
        let dead = 0
        for (const ord of ords) {
          const { row } = blocks.get(Math.floor(ord / SEARCH_BLOCK))!
          row.segs[ord % SEARCH_BLOCK] = seg
          if (row.live[ord % SEARCH_BLOCK] !== 1) dead++
        }
        const sealed = sealAll(blocks)
        now.segments = [...now.segments.filter((s) => !segs.includes(s.seg)), { seg, docs: ords.size, dead }]
        now.pending = now.pending.filter((p) => p.seg !== seg)
        now.seq += 1
        await this.db.searchPostings.where('seg').anyOf(segs).delete()
        await this.db.searchBlocks.bulkPut([...sealed.values()])
        await this.db.searchState.put(now)
        return this.patchTable(now, sealed)
      },
    )
    if (done) this.table = done
    else await this.abandon(seg)
    return done !== null
  }

  private kill(
    state: SearchStateRow,
    blocks: Map<number, OpenBlock>,
    segments: Map<number, SearchSegment>,
    ord: number,
  ): void {
    const row = blocks.get(Math.floor(ord / SEARCH_BLOCK))?.row
    const i = ord % SEARCH_BLOCK
    if (!row || row.live[i] !== 1) return
    row.live[i] = 0
    state.live -= 1
    state.totalLength -= row.lengths[i]!
    const segment = segments.get(row.segs[i]!)
    if (segment) segment.dead += 1
  }

  /** The block rows holding these ordinals (−1s ignored), blank ones for blocks not yet written. */
  private async blocksFor(state: SearchStateRow, ords: readonly number[]): Promise<Map<number, OpenBlock>> {
    const numbers = [
      ...new Set(ords.filter((o) => o >= 0 && o < state.nextOrd).map((o) => Math.floor(o / SEARCH_BLOCK))),
    ]
    const rows = await this.db.searchBlocks.bulkGet(numbers)
    return new Map(numbers.map((block, i) => [block, openBlock(block, rows[i])]))
  }

  /**
   * After this tab's own commit: the cached table with the changed blocks replaced, when the cache was current just
   * before it; otherwise nothing is cached and the next query reads the table again.
   */
  private patchTable(state: SearchStateRow, changed: Map<number, SearchBlockRow>): DocTable | null {
    const cached = this.table
    if (!cached || cached.seq !== state.seq - 1) return null
    const blocks = new Map(cached.blocks)
    for (const [block, row] of changed) blocks.set(block, row)
    return new DocTable(state, blocks)
  }
}

function sealAll(blocks: Map<number, OpenBlock>): Map<number, SearchBlockRow> {
  return new Map([...blocks].map(([block, open]) => [block, sealBlock(open)]))
}

/** Segments under this many documents are small: eight of them make a merge. */
const SMALL = 256
const SMALL_GROUP = 8
/** Segments under this many are merged four of a size at a time; bigger ones only when mostly dead. */
const MERGED_LIMIT = 4096

function mergeGroup(segments: readonly SearchSegment[]): SearchSegment[] {
  const small = segments.filter((s) => s.docs < SMALL)
  if (small.length >= SMALL_GROUP) return small
  const levels = new Map<number, SearchSegment[]>()
  for (const s of segments) {
    if (s.docs < SMALL || s.docs >= MERGED_LIMIT) continue
    const level = Math.floor(Math.log(s.docs / SMALL) / Math.log(4))
    levels.set(level, [...(levels.get(level) ?? []), s])
  }
  for (const group of levels.values()) if (group.length >= 4) return group
  const dead = segments.find((s) => s.docs > 0 && s.dead * 2 > s.docs)
  return dead ? [dead] : []
}

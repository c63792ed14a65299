/**
 * Search across the three record types. The index lives in memory: built once from IndexedDB the first time
 * someone searches (in slices, so the page stays responsive), then kept current from the repository's change
 * events. Changes that arrive while it is being built are applied after, so a stale read never wins.
 */
import type { Collection } from 'dexie'
import { textMatches } from '../../shared/search/grams'
import { SearchIndex, type SearchHit } from '../../shared/search/search-index'
import { RECORD_TABLES, recordTypes, type RecordTable, type StoredRecord } from '../../shared/records'
import type { RecordChange, RecordRepository } from '../db/repository'
import type { XsjDatabase } from '../db/schema'
import { indexKeysOf, storedRecordOf } from '../db/index-keys'
import type { RecordRow } from '../db/schema'

export interface SearchResult {
  table: RecordTable
  record: StoredRecord
}

const BUILD_SLICE = 2000

export class RecordSearch {
  private readonly index = new SearchIndex()
  private building: Promise<void> | null = null
  private isBuilt = false
  private readonly pending: RecordChange[] = []

  constructor(private readonly db: XsjDatabase, repository: RecordRepository) {
    repository.onChange((changes) => {
      if (this.isBuilt) this.apply(changes)
      else this.pending.push(...changes)
    })
  }

  get documentCount(): number {
    return this.index.size
  }

  ensureBuilt(): Promise<void> {
    this.building ??= this.build()
    return this.building
  }

  /** Candidates for the query, newest first; confirm them with `resolve`. */
  async candidates(query: string): Promise<SearchHit[]> {
    await this.ensureBuilt()
    return this.index.candidates(query)
  }

  /** Loads the candidates' records and keeps those whose text really contains the query. */
  async resolve(hits: readonly SearchHit[], query: string): Promise<SearchResult[]> {
    const byTable = new Map<RecordTable, string[]>()
    for (const hit of hits) {
      const [table, id] = splitKey(hit.key)
      byTable.set(table, [...(byTable.get(table) ?? []), id])
    }
    const found = new Map<string, SearchResult>()
    for (const [table, ids] of byTable) {
      const rows = await this.db.records(table).bulkGet(ids)
      for (const row of rows) {
        if (!row || row.deletedAt !== null) continue
        const record = storedRecordOf(row)
        if (textMatches(recordTypes[table].searchText(record as never), query)) found.set(`${table}:${row.id}`, { table, record })
      }
    }
    return hits.flatMap((hit) => found.get(hit.key) ?? [])
  }

  private async build(): Promise<void> {
    for (const table of RECORD_TABLES) {
      let after: string | null = null
      for (;;) {
        const collection: Collection<RecordRow, string> = after === null ? this.db.records(table).orderBy('id') : this.db.records(table).where('id').above(after)
        const rows: RecordRow[] = await collection.limit(BUILD_SLICE).toArray()
        for (const row of rows) this.put(table, storedRecordOf(row), row.sortKey)
        if (rows.length < BUILD_SLICE) break
        after = rows[rows.length - 1]!.id
        await new Promise((resolve) => setTimeout(resolve, 0))
      }
    }
    this.isBuilt = true
    this.apply(this.pending.splice(0))
  }

  private apply(changes: readonly RecordChange[]): void {
    for (const { table, record } of changes) this.put(table, record, indexKeysOf(table, record).sortKey)
  }

  private put(table: RecordTable, record: StoredRecord, sortKey: string): void {
    const key = `${table}:${record.id}`
    if (record.deletedAt !== null) this.index.remove(key)
    else this.index.upsert(key, sortKey, recordTypes[table].searchText(record as never))
  }
}

function splitKey(key: string): [RecordTable, string] {
  const at = key.indexOf(':')
  return [key.slice(0, at) as RecordTable, key.slice(at + 1)]
}

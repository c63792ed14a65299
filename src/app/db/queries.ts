/** Read paths for lists and counts. Lists page by key (not offset) so the 5,000th record costs what the 1st does. */
import { Dexie } from 'dexie'
import type { ProblemStatus, RecordTable, StoredRecord } from '../../shared/records'
import { storedRecordOf } from './index-keys'
import type { RecordRow, XsjDatabase } from './schema'

export interface ListFilter {
  kind?: string
  /** Inclusive 'YYYY-MM-DD' bounds. */
  from?: string
  to?: string
  tag?: string
  problemStatus?: ProblemStatus
}

export interface ListPage<T extends RecordTable> {
  records: StoredRecord<T>[]
  /** Pass back to get the next page; null when there is none. */
  after: string | null
}

export async function listPage<T extends RecordTable>(db: XsjDatabase, table: T, filter: ListFilter, after: string | null, limit: number): Promise<ListPage<T>> {
  const lower = filter.from ?? Dexie.minKey
  const upperBound = filter.to === undefined ? Dexie.maxKey : `${filter.to}|\uffff`
  const upper = after ?? upperBound
  const rows = await db
    .records(table)
    .where('sortKey')
    .between(lower, upper, true, after === null)
    .reverse()
    .filter((row) => matches(row, filter))
    .limit(limit)
    .toArray()
  return { records: rows.map((row) => storedRecordOf<T>(row)), after: rows.length === limit ? rows[rows.length - 1]!.sortKey : null }
}

function matches(row: RecordRow, filter: ListFilter): boolean {
  if (row.deletedAt !== null) return false
  if (filter.kind !== undefined && row.kind !== filter.kind) return false
  if (filter.tag !== undefined && !row.tags.includes(filter.tag)) return false
  if (filter.problemStatus !== undefined && !(row.problemStatuses ?? []).includes(filter.problemStatus)) return false
  return true
}

export async function countBetween(db: XsjDatabase, table: RecordTable, from: string, to: string): Promise<number> {
  return db.records(table).where('sortKey').between(from, `${to}|\uffff`, true, true).filter((row) => row.deletedAt === null).count()
}

export async function latest<T extends RecordTable>(db: XsjDatabase, table: T, limit: number): Promise<StoredRecord<T>[]> {
  const page = await listPage(db, table, {}, null, limit)
  return page.records
}

/** Every tag in use, for the tag filter. Tombstones may contribute a tag; harmless for a filter's options. */
export async function tagsInUse(db: XsjDatabase, table: RecordTable): Promise<string[]> {
  const keys = await db.records(table).orderBy('tags').uniqueKeys()
  return keys.map(String)
}

export async function notesOfSession(db: XsjDatabase, sessionId: string): Promise<StoredRecord<'readingNotes'>[]> {
  const rows = await db.readingNotes.where('studySessionId').equals(sessionId).filter((row) => row.deletedAt === null).toArray()
  return rows.map((row) => storedRecordOf<'readingNotes'>(row))
}

export async function pendingCount(db: XsjDatabase): Promise<number> {
  return db.outbox.count()
}

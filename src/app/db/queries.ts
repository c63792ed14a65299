/** Read paths for lists and counts. Lists page by key (not offset) so the 5,000th record costs what the 1st does. */
import { Dexie, type IndexableType } from 'dexie'
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

export async function listPage<T extends RecordTable>(
  db: XsjDatabase,
  table: T,
  filter: ListFilter,
  after: string | null,
  limit: number,
): Promise<ListPage<T>> {
  const lower = filter.from ?? Dexie.minKey
  const upperBound = filter.to === undefined ? Dexie.maxKey : `${filter.to}|\uffff`
  const rows = await newestMatching(
    db,
    table,
    { lower, upper: after ?? upperBound, includesUpper: after === null },
    (row) => matches(row, filter),
    limit,
  )
  return {
    records: rows.map((row) => storedRecordOf<T>(row)),
    after: rows.length === limit ? rows[rows.length - 1]!.sortKey : null,
  }
}

/** Largest batch read at once while a filter keeps skipping rows. */
const MAX_BATCH = 1000

/**
 * Up to `limit` rows of the sortKey range that `keep` accepts, newest first. Read as plain key ranges (Dexie turns
 * each into one getAll) in batches that resume below the last key read, instead of a filtered Dexie collection:
 * that walks a cursor, one event-loop round trip per row, and on a slow phone those round trips were most of the
 * time to the first list card (docs/benchmarks.md, "Load"). sortKey is unique, so resuming below it skips nothing.
 */
async function newestMatching<T extends RecordTable>(
  db: XsjDatabase,
  table: T,
  range: { lower: IndexableType; upper: IndexableType; includesUpper: boolean },
  keep: (row: RecordRow<T>) => boolean,
  limit: number,
): Promise<RecordRow<T>[]> {
  const kept: RecordRow<T>[] = []
  if (limit < 1) return kept
  let { upper, includesUpper } = range
  for (let batchSize = limit; ; batchSize = Math.min(batchSize * 2, MAX_BATCH)) {
    const batch = await db
      .records(table)
      .where('sortKey')
      .between(range.lower, upper, true, includesUpper)
      .reverse()
      .limit(batchSize)
      .toArray()
    for (const row of batch) {
      if (!keep(row)) continue
      kept.push(row)
      if (kept.length === limit) return kept
    }
    if (batch.length < batchSize) return kept
    upper = batch[batch.length - 1]!.sortKey
    includesUpper = false
  }
}

function matches(row: RecordRow, filter: ListFilter): boolean {
  if (row.deletedAt !== null) return false
  if (filter.kind !== undefined && row.kind !== filter.kind) return false
  if (filter.tag !== undefined && !row.tags.includes(filter.tag)) return false
  if (filter.problemStatus !== undefined && !(row.problemStatuses ?? []).includes(filter.problemStatus)) return false
  return true
}

export async function latest<T extends RecordTable>(
  db: XsjDatabase,
  table: T,
  limit: number,
): Promise<StoredRecord<T>[]> {
  const page = await listPage(db, table, {}, null, limit)
  return page.records
}

/** Every tag in use, for the tag filter. Tombstones may contribute a tag; harmless for a filter's options. */
export async function tagsInUse(db: XsjDatabase, table: RecordTable): Promise<string[]> {
  const keys = await db.records(table).orderBy('tags').uniqueKeys()
  return keys.map(String)
}

export async function notesOfSession(db: XsjDatabase, sessionId: string): Promise<StoredRecord<'readingNotes'>[]> {
  const rows = await db.readingNotes
    .where('studySessionId')
    .equals(sessionId)
    .filter((row) => row.deletedAt === null)
    .toArray()
  return rows.map((row) => storedRecordOf<'readingNotes'>(row))
}

export async function pendingCount(db: XsjDatabase): Promise<number> {
  return db.outbox.count()
}

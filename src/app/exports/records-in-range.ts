/**
 * The records of a date range for an export, read by the sortKey index (it starts with the date, so a range of days
 * is one key range and one getAll per table), tombstones left out.
 */
import type { DateRange } from '../../shared/reporting/date-range'
import type { LedgerRecords } from '../../shared/reporting/ledger'
import { RECORD_TABLES, type RecordTable, type StoredRecord } from '../../shared/records'
import type { XsjDatabase } from '../db/schema'

export interface RangeRecords extends LedgerRecords {
  /** Topics of the study sessions that notes in the range link to, by id (the session may lie outside the range). */
  sessionTopics: ReadonlyMap<string, string>
}

async function liveInRange<T extends RecordTable>(db: XsjDatabase, table: T, range: DateRange): Promise<StoredRecord<T>[]> {
  const rows = await db.records(table).where('sortKey').between(range.from, `${range.to}|\uffff`, true, true).toArray()
  // The rows keep their local index keys (sortKey…): harmless to the ledger and the report, which read fields by
  // their specs, and cheaper than importing index-keys.ts into the export chunks (it is part of the first screen).
  return rows.filter((row) => row.deletedAt === null)
}

export async function recordsInRange(db: XsjDatabase, range: DateRange): Promise<RangeRecords> {
  const [studySessions, readingNotes, visits] = await Promise.all(RECORD_TABLES.map((table) => liveInRange(db, table, range))) as [
    StoredRecord<'studySessions'>[], StoredRecord<'readingNotes'>[], StoredRecord<'visits'>[],
  ]
  const known = new Map(studySessions.map((s) => [s.id, s.topic]))
  const missing = [...new Set(readingNotes.map((n) => n.studySessionId).filter((id) => id !== '' && !known.has(id)))]
  const linked = missing.length === 0 ? [] : await db.studySessions.bulkGet(missing)
  for (const row of linked) if (row && row.deletedAt === null) known.set(row.id, row.topic)
  return { studySessions, readingNotes, visits, sessionTopics: known }
}

/** For TextContext.linkTitle: a note's linked session by its topic. */
export function sessionTopicLookup(records: RangeRecords): (table: string, id: string) => string | undefined {
  return (table, id) => (table === 'studySessions' ? records.sessionTopics.get(id) : undefined)
}

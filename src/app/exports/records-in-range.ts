/**
 * The records of a date range for an export, read by the sortKey index (it starts with the date, so a range of days
 * is one key range and one getAll per table), tombstones left out.
 */
import type { DateRange } from '../../shared/reporting/date-range'
import type { LedgerRecords } from '../../shared/reporting/ledger'
import { RECORD_TABLES, type StoredRecord } from '../../shared/records'
import { recordsBetween } from '../db/reporting-queries'
import type { XsjDatabase } from '../db/schema'
import { ownInput, readViewer } from '../units/viewer'

export interface RangeRecords extends LedgerRecords {
  /** Topics of the study sessions that notes in the range link to, by id (the session may lie outside the range). */
  sessionTopics: ReadonlyMap<string, string>
  /** Sessions whose 一学一报 someone else sends (DashboardInput.othersReport). */
  othersReport?: ReadonlySet<string>
}

export async function recordsInRange(db: XsjDatabase, range: DateRange): Promise<RangeRecords> {
  const [studySessions, readingNotes, visits] = (await Promise.all(
    RECORD_TABLES.map((table) => recordsBetween(db, table, range.from, range.to)),
  )) as [StoredRecord<'studySessions'>[], StoredRecord<'readingNotes'>[], StoredRecord<'visits'>[]]
  // A person's exports are their own records (units/viewer.ts): the sessions they attended, not others' shared notes.
  const own = ownInput({ studySessions, readingNotes, visits }, await readViewer(db))
  const known = new Map(own.studySessions.map((s) => [s.id, s.topic]))
  const missing = [
    ...new Set(own.readingNotes.map((n) => n.studySessionId).filter((id) => id !== '' && !known.has(id))),
  ]
  const linked = missing.length === 0 ? [] : await db.studySessions.bulkGet(missing)
  for (const row of linked) if (row && row.deletedAt === null) known.set(row.id, row.topic)
  return { ...own, sessionTopics: known }
}

/** For TextContext.linkTitle: a note's linked session by its topic. */
export function sessionTopicLookup(records: RangeRecords): (table: string, id: string) => string | undefined {
  return (table, id) => (table === 'studySessions' ? records.sessionTopics.get(id) : undefined)
}

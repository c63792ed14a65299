/**
 * What 首页's figures, the reminders and the year view read: date ranges by the sortKey index (it starts with
 * the record's date), plus the visits whose problems are still open whatever their date.
 */
import { addDays, monthRange, yearRange } from '../../shared/dates'
import type { ReadingNote, RecordTable, StoredRecord, StudySession, Visit } from '../../shared/records'
import { packetWindowStart, type DashboardInput } from '../../shared/reporting/dashboard'
import { ownInput, readViewer } from '../units/viewer'
import { storedRecordOf } from './index-keys'
import type { XsjDatabase } from './schema'

/**
 * Live records dated from `from` to `to` inclusive, oldest first. One getAll of the range, filtered in memory: a
 * filtered Dexie collection walks a cursor, a round trip per row, which held up 首页's first paint on a slow phone.
 */
export async function recordsBetween<T extends RecordTable>(
  db: XsjDatabase,
  table: T,
  from: string,
  to: string,
): Promise<StoredRecord<T>[]> {
  const rows = await db.records(table).where('sortKey').between(from, `${to}|\uffff`, true, true).toArray()
  return rows.filter((row) => row.deletedAt === null).map((row) => storedRecordOf<T>(row))
}

/** How far back a planned next visit can have been written: a visit a year ago may plan one for today. */
const NEXT_VISIT_LOOKBACK_DAYS = 366

/** The person's own records 首页's figures and the reminders are computed from, on `today` (units/viewer.ts). */
export async function dashboardInput(db: XsjDatabase, today: string): Promise<DashboardInput> {
  const year = yearRange(today)
  const month = monthRange(today)
  const [studySessions, readingNotes, recentVisits, openProblemRows] = await Promise.all([
    recordsBetween(db, 'studySessions', packetWindowStart(today), year.to),
    recordsBetween(db, 'readingNotes', month.from, month.to),
    recordsBetween(db, 'visits', addDays(today, -NEXT_VISIT_LOOKBACK_DAYS), year.to),
    db.visits.where('problemStatuses').anyOf('open', 'inProgress').toArray(),
  ])
  const visits = new Map<string, Visit>(recentVisits.map((v) => [v.id, v]))
  for (const row of openProblemRows)
    if (row.deletedAt === null && !visits.has(row.id)) visits.set(row.id, storedRecordOf<'visits'>(row))
  return ownInput(
    {
      studySessions: studySessions as StudySession[],
      readingNotes: readingNotes as ReadingNote[],
      visits: [...visits.values()],
    },
    await readViewer(db),
  )
}

/** Every live record of the person's own in a year, for the year view. */
export async function yearRecords(db: XsjDatabase, year: string): Promise<DashboardInput> {
  const from = `${year}-01-01`
  const to = `${year}-12-31`
  const [studySessions, readingNotes, visits] = await Promise.all([
    recordsBetween(db, 'studySessions', from, to),
    recordsBetween(db, 'readingNotes', from, to),
    recordsBetween(db, 'visits', from, to),
  ])
  return ownInput({ studySessions, readingNotes, visits }, await readViewer(db))
}

/**
 * What 首页's figures, the reminders and the year view read: date ranges by the sortKey index (it starts with
 * the record's date), plus the visits whose problems are still open whatever their date.
 */
import { addDays, monthRange, yearRange } from '../../shared/dates'
import {
  isCollective,
  type ReadingNote,
  type RecordTable,
  type StoredRecord,
  type StudySession,
  type Visit,
} from '../../shared/records'
import { packetWindowStart, type DashboardInput } from '../../shared/reporting/dashboard'
import { packetsWaitingLong, withSentPackets } from '../../shared/reporting/packet-steps'
import { planReminders } from '../../shared/reporting/plan-steps'
import { chinaToday } from '../../shared/reporting/review'
import { recordableUnits, reviewsAbove, unitName } from '../../shared/units-view'
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
export async function dashboardInput(
  db: XsjDatabase,
  today: string,
  /** ReportSettings.reportDeadlineDays: when a unit's packet is late, and a reviewer's waits too long. */
  deadlineDays: number,
): Promise<DashboardInput> {
  const year = yearRange(today)
  const month = monthRange(today)
  const [studySessions, readingNotes, recentVisits, openProblemRows, viewer] = await Promise.all([
    recordsBetween(db, 'studySessions', packetWindowStart(today), year.to),
    recordsBetween(db, 'readingNotes', month.from, month.to),
    recordsBetween(db, 'visits', addDays(today, -NEXT_VISIT_LOOKBACK_DAYS), year.to),
    db.visits.where('problemStatuses').anyOf('open', 'inProgress').toArray(),
    readViewer(db),
  ])
  // Only the steps these figures can use, by the sessionId index: those of the unit sessions read above, and the
  // plans' (no session). Every step the phone holds, each with its session's snapshot, would be megabytes on a
  // reviewer's phone, read on every start of 首页; a phone in no unit reads none.
  const unitSessionIds = (studySessions as StudySession[]).filter((s) => s.unitId).map((s) => s.id)
  const steps =
    unitSessionIds.length === 0 && viewer.units.units.length === 0
      ? []
      : await db.reviewEvents
          .where('sessionId')
          .anyOf(['', ...unitSessionIds])
          .toArray()
  const visits = new Map<string, Visit>(recentVisits.map((v) => [v.id, v]))
  for (const row of openProblemRows)
    if (row.deletedAt === null && !visits.has(row.id)) visits.set(row.id, storedRecordOf<'visits'>(row))
  const own = ownInput(
    {
      studySessions: studySessions as StudySession[],
      readingNotes: readingNotes as ReadingNote[],
      visits: [...visits.values()],
    },
    viewer,
  )
  if (steps.length === 0) return own
  // 一学一报 as it really travels (docs/review.md): sent packets are not chased, returned ones are, and a reviewer
  // hears of packets waiting on them longer than the deadline. Days are China days, as the server judges them.
  const chinaDay = chinaToday()
  const sent = withSentPackets(own.studySessions, steps, deadlineDays, chinaDay)
  const reviewable = (studySessions as StudySession[]).filter(
    (s) => s.unitId && isCollective(s) && reviewsAbove(viewer.units, s.unitId),
  )
  const waitingReview = packetsWaitingLong(reviewable, steps, deadlineDays, chinaDay, deadlineDays)
  const plans = planReminders(
    steps,
    {
      recorded: recordableUnits(viewer.units).map((unit) => unit.id),
      reviewed: viewer.units.units.filter((unit) => reviewsAbove(viewer.units, unit.id)).map((unit) => unit.id),
      nameOf: (unitId) => unitName(viewer.units, unitId) ?? '',
    },
    deadlineDays,
    chinaDay,
  )
  return {
    ...own,
    studySessions: sent.sessions,
    ...(sent.returned.length > 0 ? { returnedPackets: sent.returned } : {}),
    ...(waitingReview.length > 0 ? { waitingReview } : {}),
    ...(plans.length > 0 ? { planReminders: plans } : {}),
  }
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

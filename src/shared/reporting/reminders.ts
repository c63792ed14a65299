/**
 * What needs the person's attention on `today`, most urgent first. The rules:
 * - packetDueSoon: a collective session's packet, not reported, due today or tomorrow.
 * - packetOverdue: past its due date and not reported.
 * - packetReturned: a unit session's packet the reviewer sent back for correction (with the comment), until resent.
 * - reviewWaiting: for a reviewer, a packet of a unit below that has waited for a decision longer than the deadline.
 * - planReturned, planWaiting: the same for a unit's study plan (plan-steps.ts, planReminders).
 * - monthBelowMinimum: in the last MONTH_END_WARNING_DAYS days of a month, fewer collective sessions held in it
 *   than the monthly minimum.
 * - problemOverdue: a problem not resolved whose due date has passed.
 * - visitToday: a visit whose planned next visit is today.
 * Each reminder has a stable id (rule, record, day), so a notification already shown is not shown again.
 */
import { daysBetween, monthRange } from '../dates'
import { isCollective, type ReadingNote, type RecordTable, type StudySession, type Visit } from '../records'
import { packetStatus } from './packet'
import type { ReturnedPacket, WaitingPacket } from './packet-steps'
import type { ReportSettings } from './report-settings'

export const MONTH_END_WARNING_DAYS = 7

export const REMINDER_KINDS = [
  'packetReturned',
  'planReturned',
  'packetOverdue',
  'reviewWaiting',
  'planWaiting',
  'problemOverdue',
  'packetDueSoon',
  'monthBelowMinimum',
  'visitToday',
] as const
export type ReminderKind = (typeof REMINDER_KINDS)[number]

export interface Reminder {
  id: string
  kind: ReminderKind
  /** The record to open; absent for the month's minimum. */
  table?: RecordTable
  recordId?: string
  /** What the reminder is about: the session's topic, the problem's description, the visit's place. */
  subject: string
  /** The date it turns on: a due date, the month's last day, the planned visit. */
  date: string
  /** For monthBelowMinimum: sessions held and the minimum. */
  held?: number
  minimum?: number
  /** For packetReturned: what the reviewer asked to fix. */
  comment?: string
  /** For reviewWaiting: whole days the packet has waited. */
  days?: number
  /** Where to go when the reminder is about no record (a plan's screen). */
  path?: string
}

export function remindersOf(
  records: {
    studySessions: readonly StudySession[]
    readingNotes: readonly ReadingNote[]
    visits: readonly Visit[]
    othersReport?: ReadonlySet<string>
    returnedPackets?: readonly ReturnedPacket[]
    waitingReview?: readonly WaitingPacket[]
    /** Made by planReminders (plan-steps.ts), ranked with the rest. */
    planReminders?: readonly Reminder[]
  },
  settings: ReportSettings,
  today: string,
): Reminder[] {
  const result: Reminder[] = []
  for (const { session, comment, date } of records.returnedPackets ?? [])
    result.push({
      id: `packetReturned:${session.id}:${date}`,
      kind: 'packetReturned',
      table: 'studySessions',
      recordId: session.id,
      subject: session.topic,
      date,
      comment,
    })
  for (const { session, waitingDays } of records.waitingReview ?? [])
    result.push({
      id: `reviewWaiting:${session.id}:${today}`,
      kind: 'reviewWaiting',
      table: 'studySessions',
      recordId: session.id,
      subject: session.topic,
      date: session.date,
      days: waitingDays,
    })
  for (const session of records.studySessions) {
    if (session.deletedAt !== null || records.othersReport?.has(session.id)) continue
    const status = packetStatus(session, settings.reportDeadlineDays, today)
    if (status?.state === 'overdue' || status?.state === 'dueSoon') {
      const kind = status.state === 'overdue' ? 'packetOverdue' : 'packetDueSoon'
      result.push({
        id: `${kind}:${session.id}:${today}`,
        kind,
        table: 'studySessions',
        recordId: session.id,
        subject: session.topic,
        date: status.dueDate,
      })
    }
  }
  for (const visit of records.visits) {
    if (visit.deletedAt !== null) continue
    visit.problems.forEach((problem, index) => {
      if (problem.status === 'resolved' || problem.dueDate === '' || problem.dueDate >= today) return
      result.push({
        id: `problemOverdue:${visit.id}:${index}:${today}`,
        kind: 'problemOverdue',
        table: 'visits',
        recordId: visit.id,
        subject: problem.description,
        date: problem.dueDate,
      })
    })
    if (visit.nextVisitDate === today) {
      result.push({
        id: `visitToday:${visit.id}:${today}`,
        kind: 'visitToday',
        table: 'visits',
        recordId: visit.id,
        subject: visit.place,
        date: today,
      })
    }
  }
  result.push(...(records.planReminders ?? []))
  const month = monthRange(today)
  const daysLeft = daysBetween(today, month.to)
  if (daysLeft < MONTH_END_WARNING_DAYS && settings.monthlyMinimum > 0) {
    const held = records.studySessions.filter(
      (s) => s.deletedAt === null && isCollective(s) && s.date >= month.from && s.date <= month.to,
    ).length
    if (held < settings.monthlyMinimum) {
      result.push({
        id: `monthBelowMinimum:${month.from}:${today}`,
        kind: 'monthBelowMinimum',
        subject: '',
        date: month.to,
        held,
        minimum: settings.monthlyMinimum,
      })
    }
  }
  const rank = (kind: ReminderKind) => REMINDER_KINDS.indexOf(kind)
  return result.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

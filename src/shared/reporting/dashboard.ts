/**
 * 首页's figures for one day: this month at a glance (domain.md, "What they need back"). Pure: the records come
 * in, each figure goes out with the records behind it, so a tap on a figure lists exactly what was counted.
 * Rules:
 * - Collective sessions held: sessions of a collective kind dated in this month, against the monthly minimum.
 * - Packets: every collective session's packet that is not reported, by state on `today` (see packet.ts), from
 *   whatever sessions are passed in (the caller passes the recent ones: a packet overdue for a year is history).
 * - Study hours: every session's duration, of any kind, dated in this month and in this year.
 * - Problems: a visit's problems not yet resolved (待办 or 办理中), whatever the visit's date; due soon means
 *   a due date within PROBLEM_DUE_SOON_DAYS, overdue a due date before today.
 */
import { addDays, daysBetween, monthRange, yearRange } from '../dates'
import { isCollective, type StudyKind } from '../records/study-session'
import type { ReadingNote, RecordTable, StudySession, Visit } from '../records'
import { packetStatus, type PacketStatus } from './packet'
import type { ReturnedPacket, WaitingPacket } from './packet-steps'
import type { Reminder } from './reminders'
import type { ReportSettings } from './report-settings'

export const PROBLEM_DUE_SOON_DAYS = 7

export interface DashboardInput {
  /** Sessions from at least the start of the year, and the weeks before it whose packets may still be open. */
  studySessions: readonly StudySession[]
  readingNotes: readonly ReadingNote[]
  visits: readonly Visit[]
  /**
   * Sessions counted here whose 一学一报 someone else sends (a unit's session the person attended but does not
   * record): their hours count, their packets are not the person's to chase.
   */
  othersReport?: ReadonlySet<string>
  /** Unit sessions whose packets came back for correction (packet-steps.ts, withSentPackets). */
  returnedPackets?: readonly ReturnedPacket[]
  /** For a reviewer: packets of the units below waiting longer than the deadline (packetsWaitingLong). */
  waitingReview?: readonly WaitingPacket[]
  /** Plans returned to the person's units, or waiting on them as a reviewer (planReminders). */
  planReminders?: readonly Reminder[]
}

/** A record a figure counted; a problem is named by its visit and its place in the visit's list. */
export interface FigureItem {
  table: RecordTable
  id: string
  problemIndex?: number
}

export const FIGURE_KEYS = [
  'sessionsMonth',
  'collectiveHeld',
  'packetsOverdue',
  'packetsDueSoon',
  'hoursMonth',
  'hoursYear',
  'notesMonth',
  'visitsMonth',
  'problemsOpen',
  'problemsDueSoon',
  'problemsOverdue',
] as const
export type FigureKey = (typeof FIGURE_KEYS)[number]

export interface Dashboard {
  today: string
  month: { from: string; to: string }
  year: { from: string; to: string }
  minimum: number
  yearlyHoursTarget: number
  /** Study hours by kind, this month and this year (kinds with none left out). */
  hoursByKind: { month: Partial<Record<StudyKind, number>>; year: Partial<Record<StudyKind, number>> }
  figures: Readonly<Record<FigureKey, { value: number; items: FigureItem[] }>>
}

const isLive = <T extends { deletedAt: string | null }>(record: T) => record.deletedAt === null
const within = (date: string, range: { from: string; to: string }) => date >= range.from && date <= range.to
/** Half-hour steps add up exactly in floating point, but a sum of many is rounded for display anyway. */
const roundHours = (hours: number) => Math.round(hours * 10) / 10

export function dashboardOf(input: DashboardInput, settings: ReportSettings, today: string): Dashboard {
  const month = monthRange(today)
  const year = yearRange(today)
  const sessions = input.studySessions.filter(isLive)
  const item =
    (table: RecordTable) =>
    (record: { id: string }): FigureItem => ({ table, id: record.id })

  const inMonth = sessions.filter((s) => within(s.date, month))
  const inYear = sessions.filter((s) => within(s.date, year))
  const collectiveHeld = inMonth.filter(isCollective)

  const openPackets = sessions
    .filter((session) => !input.othersReport?.has(session.id))
    .map((session) => ({ session, status: packetStatus(session, settings.reportDeadlineDays, today) }))
    .filter(
      (p): p is { session: StudySession; status: PacketStatus } => p.status !== null && p.status.state !== 'reported',
    )
    .sort((a, b) => (a.status.dueDate < b.status.dueDate ? -1 : 1))
  const packetsIn = (state: PacketStatus['state']) =>
    openPackets.filter((p) => p.status.state === state).map((p) => item('studySessions')(p.session))

  const problems = input.visits
    .filter(isLive)
    .flatMap((visit) => visit.problems.map((problem, index) => ({ visit, problem, index })))
    .filter(({ problem }) => problem.status !== 'resolved')
  const problemItem = ({ visit, index }: { visit: Visit; index: number }): FigureItem => ({
    table: 'visits',
    id: visit.id,
    problemIndex: index,
  })
  const daysToDue = (dueDate: string) => (dueDate === '' ? null : daysBetween(today, dueDate))
  const problemsOverdue = problems.filter(({ problem }) => (daysToDue(problem.dueDate) ?? 0) < 0)
  const problemsDueSoon = problems.filter(({ problem }) => {
    const days = daysToDue(problem.dueDate)
    return days !== null && days >= 0 && days <= PROBLEM_DUE_SOON_DAYS
  })

  const notesMonth = input.readingNotes.filter(isLive).filter((n) => within(n.date, month))
  const visitsMonth = input.visits.filter(isLive).filter((v) => within(v.date, month))
  const hours = (list: readonly StudySession[]) => roundHours(list.reduce((sum, s) => sum + s.durationHours, 0))

  return {
    today,
    month,
    year,
    minimum: settings.monthlyMinimum,
    yearlyHoursTarget: settings.yearlyHoursTarget,
    hoursByKind: { month: hoursByKind(inMonth), year: hoursByKind(inYear) },
    figures: {
      sessionsMonth: { value: inMonth.length, items: inMonth.map(item('studySessions')) },
      collectiveHeld: { value: collectiveHeld.length, items: collectiveHeld.map(item('studySessions')) },
      packetsOverdue: { value: packetsIn('overdue').length, items: packetsIn('overdue') },
      packetsDueSoon: { value: packetsIn('dueSoon').length, items: packetsIn('dueSoon') },
      hoursMonth: { value: hours(inMonth), items: inMonth.map(item('studySessions')) },
      hoursYear: { value: hours(inYear), items: inYear.map(item('studySessions')) },
      notesMonth: { value: notesMonth.length, items: notesMonth.map(item('readingNotes')) },
      visitsMonth: { value: visitsMonth.length, items: visitsMonth.map(item('visits')) },
      problemsOpen: { value: problems.length, items: problems.map(problemItem) },
      problemsDueSoon: { value: problemsDueSoon.length, items: problemsDueSoon.map(problemItem) },
      problemsOverdue: { value: problemsOverdue.length, items: problemsOverdue.map(problemItem) },
    },
  }
}

function hoursByKind(sessions: readonly StudySession[]): Partial<Record<StudyKind, number>> {
  const result: Partial<Record<StudyKind, number>> = {}
  for (const s of sessions) result[s.kind] = roundHours((result[s.kind] ?? 0) + s.durationHours)
  return result
}

/** The earliest session date whose packet can still be open on `today`: the start of the year or of last month. */
export function packetWindowStart(today: string): string {
  const lastMonth = monthRange(addDays(monthRange(today).from, -1)).from
  const year = yearRange(today).from
  return lastMonth < year ? lastMonth : year
}

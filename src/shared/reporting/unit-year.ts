/**
 * A unit's year (issue "一学一报 for real", the secretary's view; a reviewer taps into it from 审核): month by month its
 * collective sessions against the minimum and its packets by state, each member's attendance and collective hours over
 * the year, the members below the attendance the unit expects, and the open and overdue problems of the visits shared
 * with it. Pure, from what the phone holds, so it reads the same offline and agrees with the server's history.
 */
import { monthsOfYear } from '../dates'
import { isCollective, type FieldsOf, type RecordMeta, type StudySession, type Visit } from '../records'
import type { UnitMember } from '../units'
import { reviewEventOf } from './packet-steps'
import { packetReviewOf, unitReviewMonth, type ReviewEvent, type ReviewState, type UnitReviewMonth } from './review'
import { membersBelow, type MemberAttendance } from './unit-month'

/** The share of a unit's sessions a member is expected to attend; below it they are flagged. */
export const EXPECTED_ATTENDANCE_RATE = 0.8

export interface YearMember extends MemberAttendance {
  /** Hours of the unit's collective sessions they were picked for. */
  hours: number
}

export interface UnitYear {
  year: string
  months: UnitReviewMonth[]
  totals: { held: number; onTime: number; late: number } & Record<ReviewState, number>
  members: YearMember[]
  below: MemberAttendance[]
  problems: { open: number; overdue: number }
}

/** What a unit's year is computed from: what the phone holds. */
export interface UnitYearInput {
  sessions: readonly StudySession[]
  steps: readonly (FieldsOf['reviewEvents'] & Pick<RecordMeta, 'id' | 'authorId'>)[]
  visits: readonly Visit[]
}

/** The unit's collective sessions of the year, and the received steps of their packets: what every figure counts. */
function yearOf(input: UnitYearInput, unitId: string, year: string): { held: StudySession[]; events: ReviewEvent[] } {
  const held = input.sessions.filter(
    (s) => s.unitId === unitId && s.deletedAt === null && isCollective(s) && s.date.startsWith(`${year}-`),
  )
  const ids = new Set(held.map((s) => s.id))
  const events = input.steps.filter((s) => s.receivedAt !== '' && ids.has(s.sessionId)).map(reviewEventOf)
  return { held, events }
}

/** The unresolved problems of the visits shared with the unit. */
function openProblemsOf(visits: readonly Visit[], unitId: string, today: string): UnitYearProblem[] {
  const problems: UnitYearProblem[] = []
  for (const visit of visits) {
    if (visit.deletedAt !== null || visit.unitId || !(visit.sharedWith ?? []).includes(unitId)) continue
    for (const [index, problem] of visit.problems.entries()) {
      if (problem.status === 'resolved') continue
      problems.push({
        visitId: visit.id,
        problemIndex: index,
        date: visit.date,
        place: visit.place,
        description: problem.description,
        dueDate: problem.dueDate,
        isOverdue: problem.dueDate !== '' && problem.dueDate < today,
      })
    }
  }
  return problems
}

export function unitYearOf(
  input: UnitYearInput,
  unitId: string,
  roster: readonly UnitMember[],
  year: string,
  minimum: number,
  deadlineDays: number,
  today: string,
): UnitYear {
  const { held, events } = yearOf(input, unitId, year)
  const months = monthsOfYear(year)
    .filter((month) => `${month}-01` <= today)
    .map((month) => unitReviewMonth(held, events, `${month}-01`, minimum, deadlineDays, today))
  const totals = { held: 0, onTime: 0, late: 0, due: 0, missing: 0, waiting: 0, returned: 0, accepted: 0 }
  for (const month of months) {
    totals.held += month.held
    totals.onTime += month.onTime
    totals.late += month.late
    for (const state of Object.keys(month.byState) as ReviewState[]) totals[state] += month.byState[state]
  }
  const members = membersOf(roster, held).map((member): YearMember => {
    const attended = held.filter((s) => (s.rosterPresent ?? []).some((m) => m.accountId === member.accountId))
    return {
      ...member,
      attended: attended.length,
      rate: held.length === 0 ? null : attended.length / held.length,
      hours: attended.reduce((sum, s) => sum + s.durationHours, 0),
    }
  })
  const problems = openProblemsOf(input.visits, unitId, today)
  return {
    year,
    months,
    totals,
    members,
    below: membersBelow(members, EXPECTED_ATTENDANCE_RATE),
    problems: { open: problems.length, overdue: problems.filter((p) => p.isOverdue).length },
  }
}

/** A figure of the unit's year a person taps: a month's row, a member's attendance, or the shared visits' problems. */
export type UnitYearFigure =
  { kind: 'month'; month: string } | { kind: 'member'; accountId: string } | { kind: 'problems' }

/** A session behind a figure, with its packet's state as the month's row counts it. */
export interface UnitYearSession {
  id: string
  date: string
  topic: string
  state: ReviewState
  /** Whether its first submission was late; null when none has been received. */
  submittedLate: boolean | null
  /** For a member's figure: whether they were picked as present. */
  attended?: boolean
}

export interface UnitYearProblem {
  visitId: string
  problemIndex: number
  date: string
  place: string
  description: string
  dueDate: string
  isOverdue: boolean
}

/**
 * The records behind one figure of unitYearOf (issue "一学一报 for real": each figure opens its records): exactly those
 * it counted, a month's sessions with their packets, every session of the year with whether a member attended, or
 * the open problems. Sessions by date, then by id.
 */
export function unitYearRecords(
  input: UnitYearInput,
  unitId: string,
  year: string,
  figure: UnitYearFigure,
  deadlineDays: number,
  today: string,
): { sessions: UnitYearSession[]; problems: UnitYearProblem[] } {
  if (figure.kind === 'problems') return { sessions: [], problems: openProblemsOf(input.visits, unitId, today) }
  const { held, events } = yearOf(input, unitId, year)
  const chosen = figure.kind === 'month' ? held.filter((s) => s.date.startsWith(`${figure.month}-`)) : held
  const sessions = [...chosen]
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map((session): UnitYearSession => {
      const review = packetReviewOf(session, events, deadlineDays, today)
      const row: UnitYearSession = {
        id: session.id,
        date: session.date,
        topic: session.topic,
        state: review.state,
        submittedLate: review.submittedLate,
      }
      if (figure.kind === 'member')
        row.attended = (session.rosterPresent ?? []).some((m) => m.accountId === figure.accountId)
      return row
    })
  return { sessions, problems: [] }
}

/**
 * Who counts as the unit's members: its roster when this phone has it (a member's phone), else everyone picked for
 * its sessions (a reviewer above reads the sessions, not the roster).
 */
function membersOf(
  roster: readonly UnitMember[],
  held: readonly StudySession[],
): { accountId: string; name: string }[] {
  if (roster.length > 0) return roster.map((m) => ({ accountId: m.accountId, name: m.displayName }))
  const seen = new Map<string, string>()
  for (const session of held)
    for (const m of session.rosterPresent ?? []) if (!seen.has(m.accountId)) seen.set(m.accountId, m.name)
  return [...seen].map(([accountId, name]) => ({ accountId, name }))
}

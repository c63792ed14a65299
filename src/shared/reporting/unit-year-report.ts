/**
 * The facts of a unit's year report, in the seeds' three sections: 一、学习开展情况 with its figures filled in (sessions
 * held against the monthly minimum and the plan, 一学一报 by the server's history, attendance by the roster), and
 * 二、存在的问题 / 三、下一步工作打算 left for the secretary to write, each offered prompts from the records: the open
 * problems of visits shared with the unit, the packets returned with the reviewer's comment, and (for 存在的问题) the
 * shortfalls the figures show. Only facts; the judgement is the writer's, as with a person's report (year-report.ts).
 */
import { addDays, dateLabel, monthLabel, monthRange } from '../dates'
import { pick, type Locale, type Localized } from '../localized'
import { PROBLEM_STATUS_LABELS, type ProblemStatus } from '../records'
import type { DateRange } from './date-range'
import type { ReviewState } from './review'
import { planAgainstHeld, type PlanAgainstHeld, type PlanMonthStatus, type StudyPlan } from './study-plan'
import {
  chinaTimeLabel,
  heldSessions,
  isProblemOverdue,
  memberAttendance,
  packetsOf,
  percentOf,
  REVIEW_STATE_LABELS,
  sharedVisits,
  unresolvedProblemVisits,
  type MemberRangeAttendance,
  type UnitLedgerInput,
} from './unit-ledger'
import { membersBelow, type MemberAttendance } from './unit-month'
import { yearReport, type DatedTopic, type StudyKindFacts } from './year-report'

export interface UnitYearReportInput extends UnitLedgerInput {
  /** Collective sessions a month, at least (ReportSettings.monthlyMinimum). */
  monthlyMinimum: number
  /** The attendance rate (0–1) below which a member is named. */
  expectedRate: number
  /** The unit's plan for the period, when it filed one. */
  plan?: StudyPlan
  locale: Locale
}

export interface MonthAgainstMinimum {
  /** 'YYYY-MM'. */
  month: string
  held: number
  /** As a plan's month reads (study-plan.ts): upcoming, open (this month, short so far), met, behind. */
  status: PlanMonthStatus
}

export interface UnitPacketFacts {
  /** One packet per session held. */
  total: number
  byState: Readonly<Record<ReviewState, number>>
  /** First submission received by the due date. */
  onTime: number
  late: number
  /** Packets a reviewer sent back at least once (superseded returns decided nothing and are not counted). */
  returned: number
}

export interface UnitAttendanceFacts {
  members: MemberRangeAttendance[]
  /** Members picked, summed over the sessions held. */
  attended: number
  /** Roster members × sessions held. */
  expected: number
  /** attended ÷ expected; null while nothing was held or the roster is empty. */
  rate: number | null
  expectedRate: number
  /** Members below expectedRate, lowest first (membersBelow). */
  below: MemberAttendance[]
}

export interface UnitStudyFacts {
  held: number
  hours: number
  byKind: StudyKindFacts[]
  topics: DatedTopic[]
  minimum: number
  months: MonthAgainstMinimum[]
  plan: PlanAgainstHeld | null
  packets: UnitPacketFacts
  attendance: UnitAttendanceFacts
}

/** Something the records say that the writer may want to take up, as data; promptText says it in words. */
export type WritingPrompt =
  | {
      kind: 'problem'
      description: string
      place: string
      visitDate: string
      status: ProblemStatus
      dueDate: string
      isOverdue: boolean
    }
  | {
      kind: 'returned'
      sessionDate: string
      topic: string
      comment: string
      authorName: string
      /** The server's time of the return, in China's time ('YYYY-MM-DD HH:mm'). */
      returnedAt: string
      /** Where the packet stands now. */
      stateNow: ReviewState
    }
  | { kind: 'missing'; sessionDate: string; topic: string; dueDate: string }
  | { kind: 'monthBehind'; month: string; held: number; minimum: number }
  | { kind: 'topicNotHeld'; month: string; topic: string }
  | { kind: 'memberBelow'; name: string; attended: number; held: number }

export interface SectionToWrite {
  heading: string
  prompts: WritingPrompt[]
}

export interface UnitYearReport {
  unit: { id: string; name: string }
  range: DateRange
  asOf: string
  study: { heading: string; facts: UnitStudyFacts }
  problems: SectionToWrite
  nextSteps: SectionToWrite
}

export const UNIT_REPORT_HEADINGS = {
  study: { zh: '一、学习开展情况', en: '1. Study carried out' },
  problems: { zh: '二、存在的问题', en: '2. Problems' },
  nextSteps: { zh: '三、下一步工作打算', en: '3. Plans for the next stage' },
} satisfies Record<string, Localized>

/** The months the range touches, first to last. */
function monthsOf(range: DateRange): string[] {
  const months: string[] = []
  for (let day = monthRange(range.from).from; day <= range.to; day = addDays(monthRange(day).to, 1))
    months.push(day.slice(0, 7))
  return months
}

function monthsAgainstMinimum(
  sessions: readonly { date: string }[],
  range: DateRange,
  minimum: number,
  today: string,
): MonthAgainstMinimum[] {
  const thisMonth = today.slice(0, 7)
  return monthsOf(range).map((month) => {
    const held = sessions.filter((s) => s.date.slice(0, 7) === month).length
    const status: PlanMonthStatus =
      month > thisMonth ? 'upcoming' : held >= minimum ? 'met' : month === thisMonth ? 'open' : 'behind'
    return { month, held, status }
  })
}

export function unitYearReport(input: UnitYearReportInput): UnitYearReport {
  const { range, today, locale } = input
  const sessions = heldSessions(input)
  const packets = packetsOf(sessions, input.events, input.deadlineDays, today)
  // A person's report already counts kinds, hours and topics; over the unit's sessions it counts the unit's.
  const { study } = yearReport({
    range,
    studySessions: sessions,
    readingNotes: [],
    visits: [],
    locale,
    asOf: today,
    reportDeadlineDays: input.deadlineDays,
  })

  const byState: Record<ReviewState, number> = { due: 0, missing: 0, waiting: 0, returned: 0, accepted: 0 }
  for (const packet of packets) byState[packet.state]++
  const returns = sessions.flatMap((session, i) =>
    packets[i]!.history.filter((e) => e.kind === 'returned' && !e.isSuperseded).map((e): WritingPrompt => ({
      kind: 'returned',
      sessionDate: session.date,
      topic: session.topic,
      comment: e.comment ?? '',
      authorName: e.authorName,
      returnedAt: chinaTimeLabel(e.receivedAt),
      stateNow: packets[i]!.state,
    })),
  )

  const members = memberAttendance(sessions, input.roster)
  const attended = members.reduce((sum, m) => sum + m.attended, 0)
  const expected = members.length * sessions.length
  const below = membersBelow(members, input.expectedRate)

  const months = monthsAgainstMinimum(sessions, range, input.monthlyMinimum, today)
  const plan = input.plan
    ? planAgainstHeld(
        input.plan,
        sessions.map((s) => ({ id: s.id, date: s.date, topic: s.topic })),
        today,
      )
    : null

  const facts: UnitStudyFacts = {
    held: sessions.length,
    hours: study.hours,
    byKind: study.byKind,
    topics: study.topics,
    minimum: input.monthlyMinimum,
    months,
    plan,
    packets: {
      total: packets.length,
      byState,
      onTime: packets.filter((p) => p.submittedLate === false).length,
      late: packets.filter((p) => p.submittedLate === true).length,
      returned: packets.filter((p) => p.history.some((e) => e.kind === 'returned' && !e.isSuperseded)).length,
    },
    attendance: {
      members,
      attended,
      expected,
      rate: expected === 0 ? null : attended / expected,
      expectedRate: input.expectedRate,
      below,
    },
  }

  const problems = unresolvedProblemVisits(sharedVisits(input)).flatMap((visit) =>
    visit.problems.map((p): WritingPrompt => ({
      kind: 'problem',
      description: p.description,
      place: visit.place,
      visitDate: visit.date,
      status: p.status,
      dueDate: p.dueDate,
      isOverdue: isProblemOverdue(p, today),
    })),
  )
  const shortfalls: WritingPrompt[] = [
    ...months
      .filter((m) => m.status === 'behind')
      .map((m): WritingPrompt => ({
        kind: 'monthBehind',
        month: m.month,
        held: m.held,
        minimum: input.monthlyMinimum,
      })),
    ...(plan?.months ?? [])
      .filter((m) => m.status === 'behind' || m.status === 'met')
      .flatMap((m) => m.topicsNotHeld.map((topic): WritingPrompt => ({ kind: 'topicNotHeld', month: m.month, topic }))),
    ...sessions.flatMap((s, i): WritingPrompt[] =>
      packets[i]!.state === 'missing'
        ? [{ kind: 'missing', sessionDate: s.date, topic: s.topic, dueDate: packets[i]!.dueDate }]
        : [],
    ),
    ...below.map((m): WritingPrompt => ({
      kind: 'memberBelow',
      name: m.name,
      attended: m.attended,
      held: sessions.length,
    })),
  ]

  const heading = (key: keyof typeof UNIT_REPORT_HEADINGS) => pick(UNIT_REPORT_HEADINGS[key], locale)
  return {
    unit: input.unit,
    range,
    asOf: today,
    study: { heading: heading('study'), facts },
    problems: { heading: heading('problems'), prompts: [...shortfalls, ...returns, ...problems] },
    // What is still to follow up: the problems not resolved, and the returns (their comments say what to fix).
    nextSteps: { heading: heading('nextSteps'), prompts: [...problems, ...returns] },
  }
}

/** A prompt as one line a writer reads beside the section (Chinese, or English on an English screen). */
export function promptText(prompt: WritingPrompt, locale: Locale): string {
  const zh = locale === 'zh-CN'
  const day = (date: string) => dateLabel(date, locale)
  switch (prompt.kind) {
    case 'problem': {
      const status = pick(PROBLEM_STATUS_LABELS[prompt.status], locale)
      const overdue = prompt.isOverdue
        ? zh
          ? `，已超过办结时限${day(prompt.dueDate)}`
          : `, overdue since ${day(prompt.dueDate)}`
        : ''
      return zh
        ? `${prompt.description}（${prompt.place}，${day(prompt.visitDate)}走访，${status}${overdue}）`
        : `${prompt.description} (${prompt.place}, visited ${day(prompt.visitDate)}, ${status}${overdue})`
    }
    case 'returned': {
      const now = pick(REVIEW_STATE_LABELS[prompt.stateNow], locale)
      return zh
        ? `${day(prompt.sessionDate)}“${prompt.topic}”的一学一报被退回整改：${prompt.comment}（${prompt.authorName}，${prompt.returnedAt}；现${now}）`
        : `The packet of ${day(prompt.sessionDate)} “${prompt.topic}” was returned: ${prompt.comment} (${prompt.authorName}, ${prompt.returnedAt}; now ${now})`
    }
    case 'missing':
      return zh
        ? `${day(prompt.sessionDate)}“${prompt.topic}”的一学一报逾期未报（应于${day(prompt.dueDate)}前报送）`
        : `The packet of ${day(prompt.sessionDate)} “${prompt.topic}” was never sent (due ${day(prompt.dueDate)})`
    case 'monthBehind':
      return zh
        ? `${monthLabel(prompt.month, locale)}开展集体学习${prompt.held}次，少于每月至少${prompt.minimum}次`
        : `${monthLabel(prompt.month, locale)}: ${prompt.held} collective sessions, fewer than ${prompt.minimum}`
    case 'topicNotHeld':
      return zh
        ? `${monthLabel(prompt.month, locale)}计划学习的“${prompt.topic}”未开展`
        : `${monthLabel(prompt.month, locale)}: the planned topic “${prompt.topic}” was not taken up`
    case 'memberBelow':
      return zh
        ? `${prompt.name}参加集体学习${prompt.attended}次（共${prompt.held}次），出勤率${percentOf(prompt.attended / prompt.held)}%`
        : `${prompt.name} attended ${prompt.attended} of ${prompt.held} sessions (${percentOf(prompt.attended / prompt.held)}%)`
  }
}

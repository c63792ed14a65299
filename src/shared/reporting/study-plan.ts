/**
 * A unit's study plan (学习计划 / 配档表, docs/review.md "Plans"): the collective sessions it means to hold, month by
 * month, each with a topic, filed for a year or a quarter; and the plan set against what was held. Pure, from what
 * the device holds, so the unit's and the reviewer's views work offline and agree with each other.
 */
import { monthsOfYear } from '../dates'

export interface PlannedSession {
  /** 'YYYY-MM'. */
  month: string
  topic: string
}

export type PlanPeriod = { year: number; quarter?: undefined } | { year: number; quarter: 1 | 2 | 3 | 4 }

export interface StudyPlan {
  unitId: string
  period: PlanPeriod
  sessions: readonly PlannedSession[]
}

/** A held session as the plan needs it. */
export interface HeldSession {
  id: string
  date: string
  topic: string
}

/** upcoming: the month has not begun; open: it is this month; met: held ≥ planned; behind: a past month held < planned. */
export type PlanMonthStatus = 'upcoming' | 'open' | 'met' | 'behind'

export interface PlanMonth {
  month: string
  planned: PlannedSession[]
  held: HeldSession[]
  /** Planned topics that no session of the month took up (by topic, see `isSameTopic`). */
  topicsNotHeld: string[]
  status: PlanMonthStatus
}

export interface PlanAgainstHeld {
  months: PlanMonth[]
  planned: number
  held: number
  /** Past and current months only: planned sessions whose month has begun. */
  plannedSoFar: number
}

/** The months a plan covers, in order: twelve for a year, three for a quarter. */
export function monthsOfPlan(period: PlanPeriod): string[] {
  const months = monthsOfYear(String(period.year))
  return period.quarter === undefined ? months : months.slice((period.quarter - 1) * 3, period.quarter * 3)
}

/**
 * Planned sessions outside the plan's period, empty topics, or more than `maxPerMonth` in one month: what a form or an
 * import must refuse, each as a message a person can act on (the first three such).
 */
export function planProblems(plan: StudyPlan, maxPerMonth = 31): string[] {
  const months = new Set(monthsOfPlan(plan.period))
  const problems: string[] = []
  const perMonth = new Map<string, number>()
  for (const [i, planned] of plan.sessions.entries()) {
    if (!months.has(planned.month))
      problems.push(`第 ${i + 1} 项的月份 ${planned.month} 不在计划的期间内（${periodLabel(plan.period)}）`)
    if (comparable(planned.topic) === '') problems.push(`第 ${i + 1} 项没有填写学习主题`)
    perMonth.set(planned.month, (perMonth.get(planned.month) ?? 0) + 1)
  }
  for (const [month, count] of perMonth)
    if (count > maxPerMonth) problems.push(`${month} 计划了 ${count} 次学习，超过每月 ${maxPerMonth} 次`)
  return problems.slice(0, 3)
}

export function periodLabel(period: PlanPeriod): string {
  return period.quarter === undefined ? `${period.year}年` : `${period.year}年第${period.quarter}季度`
}

/**
 * The plan against the sessions held (the unit's collective sessions; others are the caller's to leave out), month
 * by month on `today` (a date). A month is judged by count: a session on a topic other than the planned one still
 * counts as held, as the seeds' committees count them; the planned topics no session took up are listed beside.
 */
export function planAgainstHeld(plan: StudyPlan, sessions: readonly HeldSession[], today: string): PlanAgainstHeld {
  const thisMonth = today.slice(0, 7)
  let planned = 0
  let held = 0
  let plannedSoFar = 0
  const months = monthsOfPlan(plan.period).map((month): PlanMonth => {
    const plannedHere = plan.sessions.filter((p) => p.month === month)
    const heldHere = sessions
      .filter((s) => s.date.slice(0, 7) === month)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    planned += plannedHere.length
    held += heldHere.length
    if (month <= thisMonth) plannedSoFar += plannedHere.length
    const topicsNotHeld = plannedHere
      .filter((p) => !heldHere.some((s) => isSameTopic(p.topic, s.topic)))
      .map((p) => p.topic)
    const status: PlanMonthStatus =
      month > thisMonth
        ? 'upcoming'
        : heldHere.length >= plannedHere.length
          ? 'met'
          : month === thisMonth
            ? 'open'
            : 'behind'
    return { month, planned: plannedHere, held: heldHere, topicsNotHeld, status }
  })
  return { months, planned, held, plannedSoFar }
}

/**
 * Whether a held session took up a planned topic: one contains the other once spaces, punctuation, quotes and
 * full-width forms are set aside (a plan's “二十届四中全会精神” is taken up by the record “学习贯彻《二十届四中全会精神》专题研讨”).
 * A topic shorter than two characters after that matches nothing: 一 or 党 alone would match almost anything.
 */
const MIN_TOPIC_INSIDE = 4

export function isSameTopic(planned: string, held: string): boolean {
  const a = comparable(planned)
  const b = comparable(held)
  if (a.length < 2 || b.length < 2) return false
  // A record's topic inside the plan's counts when it says enough on its own: 学习 alone takes up no topic.
  return b.includes(a) || (b.length >= MIN_TOPIC_INSIDE && a.includes(b))
}

function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase()
}

/** A plan as a packet step holds it (review-event.ts: a quarter 1–4, or null for the whole year), for the rules here. */
export function planOfStep(
  unitId: string,
  plan: { year: number; quarter: number | null; sessions: readonly PlannedSession[] },
): StudyPlan {
  const quarter = plan.quarter
  const period: PlanPeriod =
    quarter === 1 || quarter === 2 || quarter === 3 || quarter === 4
      ? { year: plan.year, quarter }
      : { year: plan.year }
  return { unitId, period, sessions: plan.sessions }
}

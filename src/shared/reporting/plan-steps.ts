/**
 * A unit's study plan as it travels (docs/review.md, "Plans"): filed upward as a packet is, by steps with no session.
 * The plan for a period is the latest plan submission of that unit and period the server received; its state and
 * history are read by the packets' own rules (review.ts), the period standing for the session: a plan is due by the
 * first day of its period plus the report deadline.
 */
import type { FieldsOf, RecordMeta } from '../records'
import { reviewEventOf } from './packet-steps'
import { daysBetween } from '../dates'
import type { Reminder } from './reminders'
import { chinaDateOf, packetReviewOf, type PacketReview, type ReviewEvent } from './review'
import { monthsOfPlan, periodLabel, planOfStep, type PlanPeriod, type StudyPlan } from './study-plan'

type Step = FieldsOf['reviewEvents'] & Pick<RecordMeta, 'id' | 'authorId' | 'unitId'>

export interface PlanReview {
  review: PacketReview
  /** The plan as the server last received it for the period; null while none was. */
  plan: StudyPlan | null
  /** Steps of this plan made on this phone that the server has not received yet. */
  unsent: ReviewEvent[]
}

/** Whether a step's plan is for this period (a year's plan is not a quarter's). */
function isFor(period: PlanPeriod, plan: NonNullable<FieldsOf['reviewEvents']['plan']>): boolean {
  return plan.year === period.year && (plan.quarter ?? undefined) === period.quarter
}

export function planReviewOf(
  steps: readonly Step[],
  unitId: string,
  period: PlanPeriod,
  deadlineDays: number,
  today: string,
): PlanReview {
  const key = `plan:${period.year}:${period.quarter ?? 'year'}`
  const ofUnit = steps.filter((s) => s.unitId === unitId)
  const submissions = ofUnit.filter((s) => s.kind === 'submitted' && s.plan !== null && isFor(period, s.plan))
  const ids = new Set(submissions.map((s) => s.id))
  const mine = [
    ...submissions,
    ...ofUnit.filter((s) => s.kind !== 'submitted' && s.sessionId === '' && ids.has(s.answers)),
  ]
  const events = mine.map((s) => ({ ...reviewEventOf(s), sessionId: key }))
  const start = `${monthsOfPlan(period)[0]!}-01`
  const review = packetReviewOf(
    { id: key, date: start },
    events.filter((e) => e.receivedAt !== ''),
    deadlineDays,
    today,
  )
  const latest = review.latestSubmission ? submissions.find((s) => s.id === review.latestSubmission!.id) : undefined
  return {
    review,
    plan: latest?.plan ? planOfStep(unitId, latest.plan) : null,
    unsent: events.filter((e) => e.receivedAt === ''),
  }
}

/** The periods whose plans are watched on `today`: the year, and each quarter of it begun so far. */
export function periodsSoFar(today: string): PlanPeriod[] {
  const year = Number(today.slice(0, 4))
  const quarter = Math.ceil(Number(today.slice(5, 7)) / 3)
  return [{ year }, ...([1, 2, 3, 4] as const).filter((q) => q <= quarter).map((q) => ({ year, quarter: q }))]
}

/** A plan of a unit that needs someone: returned to its recorders, or waiting on a reviewer above. */
export interface PlanNeedingAction {
  unitId: string
  period: PlanPeriod
  review: PacketReview
}

/**
 * The plans of `unitIds` for the periods so far whose state is `state` (returned: to fix, unless a new submission is
 * already on the phone; waiting: to decide, unless a decision is).
 */
export function plansIn(
  steps: readonly Step[],
  unitIds: readonly string[],
  state: 'returned' | 'waiting',
  deadlineDays: number,
  today: string,
): PlanNeedingAction[] {
  const found: PlanNeedingAction[] = []
  for (const unitId of unitIds)
    for (const period of periodsSoFar(today)) {
      const view = planReviewOf(steps, unitId, period, deadlineDays, today)
      const isHandled = view.unsent.some((e) =>
        state === 'returned' ? e.kind === 'submitted' : e.kind !== 'submitted',
      )
      if (view.review.state === state && !isHandled) found.push({ unitId, period, review: view.review })
    }
  return found
}

/**
 * Reminders for plans (reminders.ts): a plan of a unit the person records that came back (planReturned, with the
 * comment), and, for a reviewer, one of a unit below that has waited longer than the deadline (planWaiting).
 */
export function planReminders(
  steps: readonly Step[],
  units: { recorded: readonly string[]; reviewed: readonly string[]; nameOf: (unitId: string) => string },
  deadlineDays: number,
  today: string,
): Reminder[] {
  const subject = (p: PlanNeedingAction) => `${units.nameOf(p.unitId)}${periodLabel(p.period)}学习计划`
  const path = (p: PlanNeedingAction) => `/units/${p.unitId}/plan/${p.period.year}?period=${p.period.quarter ?? 'year'}`
  const key = (p: PlanNeedingAction) => `${p.unitId}:${p.period.year}:${p.period.quarter ?? 'year'}`
  const reminders: Reminder[] = []
  for (const plan of plansIn(steps, units.recorded, 'returned', deadlineDays, today)) {
    const decision = plan.review.history.at(-1)!
    const date = chinaDateOf(decision.receivedAt)
    reminders.push({
      id: `planReturned:${key(plan)}:${date}`,
      kind: 'planReturned',
      subject: subject(plan),
      date,
      comment: decision.comment ?? '',
      path: path(plan),
    })
  }
  for (const plan of plansIn(steps, units.reviewed, 'waiting', deadlineDays, today)) {
    const days = daysBetween(chinaDateOf(plan.review.latestSubmission!.receivedAt), today)
    if (days > deadlineDays)
      reminders.push({
        id: `planWaiting:${key(plan)}:${today}`,
        kind: 'planWaiting',
        subject: subject(plan),
        date: today,
        days,
        path: path(plan),
      })
  }
  return reminders
}

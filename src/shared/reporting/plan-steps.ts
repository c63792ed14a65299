/**
 * A unit's study plan as it travels (docs/review.md, "Plans"): filed upward as a packet is, by steps with no session.
 * The plan for a period is the latest plan submission of that unit and period the server received; its state and
 * history are read by the packets' own rules (review.ts), the period standing for the session: a plan is due by the
 * first day of its period plus the report deadline.
 */
import type { FieldsOf, RecordMeta } from '../records'
import { reviewEventOf } from './packet-steps'
import { packetReviewOf, type PacketReview, type ReviewEvent } from './review'
import { monthsOfPlan, planOfStep, type PlanPeriod, type StudyPlan } from './study-plan'

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

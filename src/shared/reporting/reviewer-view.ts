/**
 * 审核 as a reviewer sees it (docs/review.md, "The reviewer's grid and queue"), from what this phone holds: the units
 * below the ones they review, each with its month (held against the minimum, packets by state), and every packet
 * waiting for a decision, the one waiting longest first. Pure: the screen and the benchmark call the same function.
 */
import { isCollective, type FieldsOf, type RecordMeta, type StudySession } from '../records'
import type { MyUnits } from '../units'
import { reviewsAbove } from '../units-view'
import { reviewEventOf } from './packet-steps'
import { plansIn, type PlanNeedingAction } from './plan-steps'
import { reviewerGrid, reviewQueue, type QueuedPacket, type ReviewerRow } from './review'

export interface ReviewerView {
  rows: ReviewerRow[]
  queue: (QueuedPacket & { unitName: string; topic: string })[]
  /** The units' plans (the year's and this year's quarters so far) waiting for a decision. */
  plans: (PlanNeedingAction & { unitName: string })[]
}

export function reviewerView(
  my: MyUnits,
  sessions: readonly StudySession[],
  steps: readonly (FieldsOf['reviewEvents'] & Pick<RecordMeta, 'id' | 'authorId' | 'unitId'>)[],
  months: readonly string[],
  minimum: number,
  deadlineDays: number,
  today: string,
): ReviewerView {
  const units = my.units.filter((unit) => reviewsAbove(my, unit.id))
  const below = new Set(units.map((unit) => unit.id))
  const bySession = new Map<string, StudySession>()
  const sessionsOfUnit = new Map<string, StudySession[]>()
  for (const session of sessions) {
    if (!session.unitId || !below.has(session.unitId) || session.deletedAt !== null || !isCollective(session)) continue
    bySession.set(session.id, session)
    const list = sessionsOfUnit.get(session.unitId)
    if (list) list.push(session)
    else sessionsOfUnit.set(session.unitId, [session])
  }
  // Only what the server received decides; a step still on this phone is shown on its session, not counted here.
  const events = steps.filter((s) => s.receivedAt !== '' && bySession.has(s.sessionId)).map(reviewEventOf)
  const rows = reviewerGrid(
    units.map((unit) => ({ id: unit.id, name: unit.name, minimum })),
    (unitId) => sessionsOfUnit.get(unitId) ?? [],
    events,
    months,
    deadlineDays,
    today,
  )
  const names = new Map(units.map((unit) => [unit.id, unit.name]))
  const queue = reviewQueue(
    [...bySession.values()].map((s) => ({ unitId: s.unitId!, id: s.id, date: s.date })),
    events,
    deadlineDays,
    today,
  ).map((packet) => ({
    ...packet,
    unitName: names.get(packet.unitId) ?? '',
    topic: bySession.get(packet.session.id)?.topic ?? '',
  }))
  const plans = plansIn(steps, [...below], 'waiting', deadlineDays, today).map((plan) => ({
    ...plan,
    unitName: names.get(plan.unitId) ?? '',
  }))
  return { rows, queue, plans }
}

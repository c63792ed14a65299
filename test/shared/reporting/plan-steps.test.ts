/**
 * A unit's plan as it travels: the latest submission the server received for the period is the plan; decisions on
 * it decide, one on an older submission is superseded; a quarter's plan is not the year's; a plan not filed by its
 * period's first day plus the deadline is missing; steps still on the phone decide nothing.
 */
import { describe, expect, it } from 'vitest'
import type { FieldsOf } from '../../../src/shared/records'
import { planReminders, planReviewOf } from '../../../src/shared/reporting/plan-steps'
import { stored } from './stored'

type Plan = NonNullable<FieldsOf['reviewEvents']['plan']>
const q4: Plan = { year: 2026, quarter: 4, sessions: [{ month: '2026-10', topic: '四中全会精神' }] }

function step(fields: Partial<FieldsOf['reviewEvents']>, unitId = 'C') {
  return { ...stored('reviewEvents', { sessionId: '', ...fields }), authorId: 'a', unitId }
}

describe('planReviewOf', () => {
  it('reads the latest plan received for the period, and the decisions on it', () => {
    const first = step({ kind: 'submitted', plan: q4, receivedAt: '2026-10-01T01:00:00Z' })
    const returned = step({
      kind: 'returned',
      answers: first.id,
      comment: '主题太少',
      receivedAt: '2026-10-02T01:00:00Z',
    })
    const fuller: Plan = { ...q4, sessions: [...q4.sessions, { month: '2026-11', topic: '文旅融合' }] }
    const second = step({ kind: 'submitted', plan: fuller, receivedAt: '2026-10-03T01:00:00Z' })
    const late = step({ kind: 'accepted', answers: first.id, receivedAt: '2026-10-04T01:00:00Z' })
    const yearPlan = step({ kind: 'submitted', plan: { ...q4, quarter: null }, receivedAt: '2026-01-02T01:00:00Z' })
    const otherUnit = step({ kind: 'submitted', plan: q4, receivedAt: '2026-10-05T01:00:00Z' }, 'B')
    const unsent = step({ kind: 'accepted', answers: second.id })
    const view = planReviewOf(
      [late, second, returned, first, yearPlan, otherUnit, unsent],
      'C',
      { year: 2026, quarter: 4 },
      3,
      '2026-10-06',
    )
    expect(view.review.state).toBe('waiting')
    expect(view.review.submittedLate).toBe(false)
    expect(view.review.history.map((e) => [e.kind, e.isSuperseded])).toEqual([
      ['submitted', false],
      ['returned', false],
      ['submitted', false],
      ['accepted', true],
    ])
    expect(view.plan?.sessions.map((s) => s.topic)).toEqual(['四中全会精神', '文旅融合'])
    expect(view.plan?.period).toEqual({ year: 2026, quarter: 4 })
    expect(view.unsent.map((e) => e.kind)).toEqual(['accepted'])
    expect(planReviewOf([yearPlan], 'C', { year: 2026 }, 3, '2026-10-06').plan?.period).toEqual({ year: 2026 })
  })

  it('is missing after the first days of its period with nothing received', () => {
    expect(planReviewOf([], 'C', { year: 2026, quarter: 4 }, 3, '2026-10-04').review.state).toBe('due')
    expect(planReviewOf([], 'C', { year: 2026, quarter: 4 }, 3, '2026-10-05').review.state).toBe('missing')
    const onPhone = step({ kind: 'submitted', plan: q4 })
    const view = planReviewOf([onPhone], 'C', { year: 2026, quarter: 4 }, 3, '2026-10-05')
    expect([view.review.state, view.plan, view.unsent.length]).toEqual(['missing', null, 1])
  })
})

describe('planReminders', () => {
  const names = (unitId: string) => ({ C: '中心组', B: '第一支部' })[unitId] ?? ''
  it('tells the recorders of a returned plan, with the comment, until a new one is on the phone', () => {
    const sent = step({ kind: 'submitted', plan: q4, receivedAt: '2026-10-01T01:00:00Z' })
    const back = step({ kind: 'returned', answers: sent.id, comment: '主题太少', receivedAt: '2026-10-02T01:00:00Z' })
    const units = { recorded: ['C'], reviewed: [], nameOf: names }
    expect(planReminders([sent, back], units, 3, '2026-10-06')).toMatchObject([
      {
        kind: 'planReturned',
        subject: '中心组2026年第4季度学习计划',
        comment: '主题太少',
        date: '2026-10-02',
        path: '/units/C/plan/2026?period=4',
      },
    ])
    const again = step({ kind: 'submitted', plan: q4 })
    expect(planReminders([sent, back, again], units, 3, '2026-10-06')).toEqual([])
    // Another account's unit: nothing.
    expect(planReminders([sent, back], { ...units, recorded: ['B'] }, 3, '2026-10-06')).toEqual([])
  })

  it('tells a reviewer of a plan waiting longer than the deadline', () => {
    const sent = step({ kind: 'submitted', plan: { ...q4, quarter: null }, receivedAt: '2026-10-01T01:00:00Z' }, 'B')
    const units = { recorded: [], reviewed: ['B'], nameOf: names }
    expect(planReminders([sent], units, 3, '2026-10-04')).toEqual([])
    expect(planReminders([sent], units, 3, '2026-10-05')).toMatchObject([
      { kind: 'planWaiting', subject: '第一支部2026年学习计划', days: 4, path: '/units/B/plan/2026?period=year' },
    ])
  })
})

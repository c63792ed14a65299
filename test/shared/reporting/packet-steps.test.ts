/**
 * The packet on a session's screen: steps the server received decide, steps still on the phone wait apart (待发送),
 * and the fields changed since the latest submission are the ones the reviewer sees changed. Who may decide: a
 * reviewer of a unit strictly above.
 */
import { describe, expect, it } from 'vitest'
import { fieldsOf, type FieldsOf } from '../../../src/shared/records'
import { packetStepsView } from '../../../src/shared/reporting/packet-steps'
import { reviewsAbove } from '../../../src/shared/units-view'
import type { MyUnits } from '../../../src/shared/units'
import { stored } from './stored'

const session = stored('studySessions', { kind: 'centerGroup', topic: '四中全会精神', date: '2026-11-28' })

function step(fields: Partial<FieldsOf['reviewEvents']>) {
  return { ...stored('reviewEvents', { sessionId: session.id, ...fields }), authorId: 'a' }
}

describe('packetStepsView', () => {
  it('decides on received steps only and keeps the unsent ones apart, oldest first', () => {
    const sent = step({
      kind: 'submitted',
      receivedAt: '2026-11-30T02:00:00Z',
      snapshot: fieldsOf('studySessions', session),
    })
    const laterDecision = step({ kind: 'accepted', answers: sent.id, deviceAt: '2026-12-01T09:00:00Z' })
    const earlierDecision = step({
      kind: 'returned',
      answers: sent.id,
      comment: '补照片',
      deviceAt: '2026-12-01T08:00:00Z',
    })
    const otherSession = step({ kind: 'submitted', sessionId: 'another', receivedAt: '2026-11-29T00:00:00Z' })
    const view = packetStepsView(session, [laterDecision, sent, earlierDecision, otherSession], 3, '2026-12-02')
    expect(view.review.state).toBe('waiting')
    expect(view.review.submittedLate).toBe(false)
    expect(view.unsent.map((e) => e.kind)).toEqual(['returned', 'accepted'])
    expect(view.changedSinceSubmitted).toEqual([])
  })

  it('lists the fields changed since the latest submission, not the phone’s own 已报送 tick', () => {
    const first = step({
      kind: 'submitted',
      receivedAt: '2026-11-29T00:00:00Z',
      snapshot: { ...fieldsOf('studySessions', session), summary: '初稿' },
    })
    const second = step({
      kind: 'submitted',
      receivedAt: '2026-11-30T00:00:00Z',
      snapshot: fieldsOf('studySessions', session),
    })
    const edited = { ...session, summary: '补充了签到表', packet: { planReady: true, reportedOn: '2026-11-30' } }
    expect(packetStepsView(edited, [first, second], 3, '2026-12-02').changedSinceSubmitted).toEqual(['summary'])
    expect(packetStepsView(session, [first], 3, '2026-12-02').changedSinceSubmitted).toEqual(['summary'])
  })

  it('is missing after the deadline with nothing received, even with a submission waiting on the phone', () => {
    const unsent = step({ kind: 'submitted', snapshot: fieldsOf('studySessions', session) })
    const view = packetStepsView(session, [unsent], 3, '2026-12-02')
    expect(view.review.state).toBe('missing')
    expect(view.unsent).toHaveLength(1)
  })
})

describe('reviewsAbove', () => {
  const my: MyUnits = {
    units: [
      { id: 'P', kind: 'partyCommittee', name: '局党委', parentId: null },
      { id: 'C', kind: 'centerGroup', name: '中心组', parentId: 'P' },
      { id: 'B', kind: 'branch', name: '支部', parentId: 'C' },
    ],
    memberships: [],
    reviews: ['P'],
    rosters: {},
  }
  it('is true for units below a reviewed one, at any depth, and false for the reviewed unit itself', () => {
    expect(reviewsAbove(my, 'C')).toBe(true)
    expect(reviewsAbove(my, 'B')).toBe(true)
    expect(reviewsAbove(my, 'P')).toBe(false)
    expect(reviewsAbove({ ...my, reviews: [] }, 'B')).toBe(false)
  })
  it('ends on a cycle in a stale copy of the tree', () => {
    const looped = { ...my, units: my.units.map((u) => (u.id === 'P' ? { ...u, parentId: 'B' } : u)), reviews: ['X'] }
    expect(reviewsAbove(looped, 'C')).toBe(false)
  })
})

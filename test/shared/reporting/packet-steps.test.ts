/**
 * The packet on a session's screen: steps the server received decide, steps still on the phone wait apart (待发送),
 * and the fields changed since the latest submission are the ones the reviewer sees changed. Who may decide: a
 * reviewer of a unit strictly above.
 */
import { describe, expect, it } from 'vitest'
import { fieldsOf, type FieldsOf } from '../../../src/shared/records'
import { packetStepsView, packetsWaitingLong, withSentPackets } from '../../../src/shared/reporting/packet-steps'
import { DEFAULT_REPORT_SETTINGS } from '../../../src/shared/reporting/report-settings'
import { remindersOf } from '../../../src/shared/reporting/reminders'
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

describe('reminders once packets travel', () => {
  const unitSession = { ...session, unitId: 'C', topic: '四中全会精神' }
  const personal = stored('studySessions', { kind: 'centerGroup', topic: '个人的集体学习', date: '2026-11-28' })
  const settings = { ...DEFAULT_REPORT_SETTINGS, reportDeadlineDays: 3, monthlyMinimum: 0 }

  it('stops chasing a sent packet, chases a returned one with its comment, and leaves a personal session to its tick box', () => {
    const today = '2026-12-04'
    // Nothing sent: overdue on 12-04 (due 12-01), the unit session and the personal one alike.
    const none = withSentPackets([unitSession, personal], [], 3, today)
    expect(
      remindersOf({ studySessions: none.sessions, readingNotes: [], visits: [] }, settings, today).map((r) => r.kind),
    ).toEqual(['packetOverdue', 'packetOverdue'])
    // Sent but still on the phone: not chased any more.
    const unsent = step({
      kind: 'submitted',
      sessionId: unitSession.id,
      deviceAt: '2026-11-30T12:00:00Z',
      snapshot: fieldsOf('studySessions', session),
    })
    const sentOnly = withSentPackets([unitSession, personal], [unsent], 3, today)
    expect(sentOnly.sessions[0]!.packet.reportedOn).toBe('2026-11-30')
    expect(sentOnly.returned).toEqual([])
    // Received, then returned: one reminder to fix it, with the comment, and no overdue one.
    const received = { ...unsent, receivedAt: '2026-11-30T12:00:01Z' }
    const back = step({
      kind: 'returned',
      sessionId: unitSession.id,
      answers: received.id,
      comment: '缺少影像资料',
      receivedAt: '2026-12-02T01:00:00Z',
    })
    const returned = withSentPackets([unitSession, personal], [received, back], 3, today)
    const reminders = remindersOf(
      { studySessions: returned.sessions, readingNotes: [], visits: [], returnedPackets: returned.returned },
      settings,
      today,
    )
    expect(reminders.map((r) => [r.kind, r.recordId])).toEqual([
      ['packetReturned', unitSession.id],
      ['packetOverdue', personal.id],
    ])
    expect(reminders[0]).toMatchObject({ comment: '缺少影像资料', date: '2026-12-02' })
    // Resent from the phone: nothing to fix any more.
    const resent = step({
      kind: 'submitted',
      sessionId: unitSession.id,
      deviceAt: '2026-12-03T09:00:00Z',
      snapshot: fieldsOf('studySessions', session),
    })
    expect(withSentPackets([unitSession], [received, back, resent], 3, today).returned).toEqual([])
  })

  it('tells a reviewer of packets waiting more than the deadline, the longest first', () => {
    const a = { ...stored('studySessions', { kind: 'centerGroup', topic: '甲', date: '2026-11-20' }), unitId: 'C' }
    const b = { ...stored('studySessions', { kind: 'seminar', topic: '乙', date: '2026-11-25' }), unitId: 'B' }
    const snapshot = fieldsOf('studySessions', session)
    const steps = [
      step({ kind: 'submitted', sessionId: b.id, receivedAt: '2026-11-26T02:00:00Z', snapshot }),
      step({ kind: 'submitted', sessionId: a.id, receivedAt: '2026-11-21T02:00:00Z', snapshot }),
    ]
    // On 12-01: a has waited 10 days, b 5; with 3 days allowed both are reminded, a first; with 7, a alone.
    expect(packetsWaitingLong([a, b], steps, 3, '2026-12-01', 3).map((p) => [p.session.topic, p.waitingDays])).toEqual([
      ['甲', 10],
      ['乙', 5],
    ])
    expect(packetsWaitingLong([a, b], steps, 3, '2026-12-01', 7).map((p) => p.session.topic)).toEqual(['甲'])
    const reminders = remindersOf(
      {
        studySessions: [],
        readingNotes: [],
        visits: [],
        waitingReview: packetsWaitingLong([a, b], steps, 3, '2026-12-01', 7),
      },
      settings,
      '2026-12-01',
    )
    expect(reminders).toMatchObject([{ kind: 'reviewWaiting', recordId: a.id, days: 10 }])
  })
})

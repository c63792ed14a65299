/** The rules of docs/review.md, with its worked examples: deadlines in China's time, judged on the server's time. */
import { describe, expect, it } from 'vitest'
import {
  chinaDateOf,
  packetReviewOf,
  reviewDueDate,
  reviewerGrid,
  reviewQueue,
  unitReviewMonth,
  type ReviewEvent,
} from '../../../src/shared/reporting/review'

let next = 0
function event(kind: ReviewEvent['kind'], receivedAt: string, fields: Partial<ReviewEvent> = {}): ReviewEvent {
  return {
    id: `e${String(++next).padStart(4, '0')}`,
    sessionId: 's1',
    kind,
    receivedAt,
    deviceAt: receivedAt,
    authorId: 'a',
    authorName: '张伟',
    ...fields,
  }
}
const session = { id: 's1', date: '2026-11-28' }

describe('deadlines in China’s time', () => {
  it('turns an instant into a China date across day, month and year ends', () => {
    expect(chinaDateOf('2026-12-01T15:59:59.999Z')).toBe('2026-12-01')
    expect(chinaDateOf('2026-12-01T16:00:00.000Z')).toBe('2026-12-02')
    expect(chinaDateOf('2026-11-30T16:30:00Z')).toBe('2026-12-01')
    expect(chinaDateOf('2026-12-31T16:00:00Z')).toBe('2027-01-01')
    expect(chinaDateOf('2026-12-02T09:00:00+08:00')).toBe('2026-12-02')
    expect(() => chinaDateOf('not a time')).toThrow(RangeError)
  })

  it('is due by the end of the session’s date plus the deadline, across month and year ends', () => {
    expect(reviewDueDate('2026-11-28', 3)).toBe('2026-12-01')
    expect(reviewDueDate('2026-12-30', 3)).toBe('2027-01-02')
    expect(reviewDueDate('2028-02-27', 3)).toBe('2028-03-01')
  })
})

describe('a packet read from its history', () => {
  it('example 1: sent offline before the deadline, received after it, is late; the phone’s time is kept, not used', () => {
    const sent = event('submitted', '2026-12-02T01:00:00Z', { deviceAt: '2026-12-01T12:00:00Z' })
    const review = packetReviewOf(session, [sent], 3, '2026-12-02')
    expect(review).toMatchObject({ state: 'waiting', dueDate: '2026-12-01', submittedLate: true })
    expect(review.history[0]!.deviceAt).toBe('2026-12-01T12:00:00Z')
  })

  it('example 2: a phone clock a day ahead does not make an on-time packet late (nor a day behind make a late one on time)', () => {
    expect(
      packetReviewOf(
        session,
        [event('submitted', '2026-12-01T15:30:00Z', { deviceAt: '2026-12-02T15:30:00Z' })],
        3,
        '2026-12-02',
      ).submittedLate,
    ).toBe(false)
    expect(
      packetReviewOf(
        session,
        [event('submitted', '2026-12-01T16:00:01Z', { deviceAt: '2026-11-30T16:00:01Z' })],
        3,
        '2026-12-02',
      ).submittedLate,
    ).toBe(true)
  })

  it('example 3: returned with a comment, fixed and resent, is waiting again and stays as late as its first sending', () => {
    const first = event('submitted', '2026-12-01T02:00:00Z')
    const back = event('returned', '2026-12-03T10:00:00Z', {
      answers: first.id,
      comment: '缺少影像资料',
      authorName: '刘洋',
    })
    expect(packetReviewOf(session, [first, back], 3, '2026-12-03').state).toBe('returned')
    const again = event('submitted', '2026-12-04T02:00:00Z')
    const review = packetReviewOf(session, [again, back, first], 3, '2026-12-04')
    expect(review).toMatchObject({ state: 'waiting', submittedLate: false })
    expect(review.latestSubmission?.id).toBe(again.id)
    expect(review.history.map((e) => [e.kind, e.comment ?? '', e.isSuperseded])).toEqual([
      ['submitted', '', false],
      ['returned', '缺少影像资料', false],
      ['submitted', '', false],
    ])
    expect(
      packetReviewOf(
        session,
        [first, back, again, event('accepted', '2026-12-05T01:00:00Z', { answers: again.id })],
        3,
        '2026-12-05',
      ).state,
    ).toBe('accepted')
  })

  it('example 4: a decision on an older submission that arrives after a resend is kept in the history and decides nothing', () => {
    const first = event('submitted', '2026-12-01T02:00:00Z')
    const again = event('submitted', '2026-12-04T02:00:00Z')
    const stale = event('accepted', '2026-12-04T03:00:00Z', { answers: first.id })
    const review = packetReviewOf(session, [first, again, stale], 3, '2026-12-04')
    expect(review.state).toBe('waiting')
    expect(review.history.map((e) => e.isSuperseded)).toEqual([false, false, true])
  })

  it('example 5: never sent is due until the deadline, then missing', () => {
    expect(packetReviewOf(session, [], 3, '2026-12-01').state).toBe('due')
    expect(packetReviewOf(session, [], 3, '2026-12-02').state).toBe('missing')
    expect(packetReviewOf(session, [], 3, '2026-12-02').submittedLate).toBeNull()
    // Another session's events are not this one's.
    expect(
      packetReviewOf(session, [event('submitted', '2026-11-29T01:00:00Z', { sessionId: 's2' })], 3, '2026-12-02').state,
    ).toBe('missing')
  })

  it('counts a unit’s month: held, by state, on time and late', () => {
    const sessions = [
      { id: 'a', date: '2026-11-03' },
      { id: 'b', date: '2026-11-17' },
      { id: 'c', date: '2026-11-28' },
      { id: 'd', date: '2026-12-01' },
    ]
    const events = [
      event('submitted', '2026-11-04T01:00:00Z', { sessionId: 'a', id: 'sa' }),
      event('accepted', '2026-11-05T01:00:00Z', { sessionId: 'a', answers: 'sa' }),
      event('submitted', '2026-11-25T01:00:00Z', { sessionId: 'b', id: 'sb' }),
      event('returned', '2026-11-26T01:00:00Z', { sessionId: 'b', answers: 'sb', comment: '补充考勤' }),
    ]
    const month = unitReviewMonth(sessions, events, '2026-11-15', 2, 3, '2026-12-04')
    expect(month).toEqual({
      month: { from: '2026-11-01', to: '2026-11-30' },
      held: 3,
      minimum: 2,
      byState: { due: 0, missing: 1, waiting: 0, returned: 1, accepted: 1 },
      onTime: 1,
      late: 1,
    })
  })

  it('lays out the reviewer’s grid: each unit below × each month, with missing packets of months nobody sent', () => {
    const sessions: Record<string, { id: string; date: string }[]> = {
      c1: [
        { id: 'a', date: '2026-10-20' },
        { id: 'b', date: '2026-11-10' },
      ],
      c2: [],
    }
    const events = [event('submitted', '2026-10-21T02:00:00Z', { sessionId: 'a' })]
    const grid = reviewerGrid(
      [
        { id: 'c1', name: '中心组', minimum: 1 },
        { id: 'c2', name: '第一支部', minimum: 1 },
      ],
      (unitId) => sessions[unitId] ?? [],
      events,
      ['2026-10', '2026-11'],
      3,
      '2026-12-04',
    )
    expect(
      grid.map((row) => [row.unitName, row.months.map((m) => [m.held, m.byState.waiting, m.byState.missing])]),
    ).toEqual([
      [
        '中心组',
        [
          [1, 1, 0],
          [1, 0, 1],
        ],
      ],
      [
        '第一支部',
        [
          [0, 0, 0],
          [0, 0, 0],
        ],
      ],
    ])
  })

  it('queues the packets waiting for a decision, the longest waiting first, by the server’s time, not the phone’s', () => {
    const sessions = [
      { unitId: 'c1', id: 'a', date: '2026-11-20' },
      { unitId: 'c2', id: 'b', date: '2026-11-21' },
      { unitId: 'c1', id: 'c', date: '2026-11-22' },
    ]
    const events = [
      // Sent second by the phone's clock (a day wrong), received first by the server.
      event('submitted', '2026-11-22T01:00:00Z', { sessionId: 'b', deviceAt: '2026-11-30T01:00:00Z' }),
      event('submitted', '2026-11-23T01:00:00Z', { sessionId: 'a', id: 'sa' }),
      event('submitted', '2026-11-24T01:00:00Z', { sessionId: 'c', id: 'sc' }),
      event('accepted', '2026-11-25T01:00:00Z', { sessionId: 'c', answers: 'sc' }),
    ]
    const queue = reviewQueue(sessions, events, 3, '2026-12-04')
    expect(queue.map((q) => [q.session.id, q.unitId, q.waitingDays])).toEqual([
      ['b', 'c2', 12],
      ['a', 'c1', 11],
    ])
    // The reviewer's reminder: only those waiting more than 11 days.
    expect(reviewQueue(sessions, events, 3, '2026-12-04', 11).map((q) => q.session.id)).toEqual(['b'])
  })
})

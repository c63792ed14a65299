/**
 * A unit's year: month by month held against the minimum and packets by state (by the server's time), totals that
 * are the months' sums, attendance and hours per member over the year with those below 80% flagged, and the problems
 * of visits shared with the unit.
 */
import { describe, expect, it } from 'vitest'
import { fieldsOf, type FieldsOf } from '../../../src/shared/records'
import { unitYearOf, unitYearRecords } from '../../../src/shared/reporting/unit-year'
import { stored } from './stored'

const zhang = { accountId: 'a-zhang', name: '张伟' }
const li = { accountId: 'a-li', name: '李娜' }

function unitSession(date: string, present: (typeof zhang)[], hours = 2) {
  return {
    ...stored('studySessions', { kind: 'centerGroup', date, durationHours: hours, rosterPresent: present }),
    unitId: 'C',
  }
}

describe('unitYearOf', () => {
  it('counts months, packets and attendance as a person would by hand', () => {
    const jan1 = unitSession('2026-01-10', [zhang, li])
    const jan2 = unitSession('2026-01-20', [zhang], 3)
    const feb = unitSession('2026-02-27', [zhang])
    const otherUnit = { ...unitSession('2026-01-15', [li]), unitId: 'B' }
    const snapshot = fieldsOf('studySessions', jan1)
    const step = (fields: Partial<FieldsOf['reviewEvents']>) => ({ ...stored('reviewEvents', fields), authorId: 'x' })
    const jan1Sent = step({ kind: 'submitted', sessionId: jan1.id, receivedAt: '2026-01-12T02:00:00Z', snapshot })
    const steps = [
      jan1Sent,
      step({ kind: 'accepted', sessionId: jan1.id, answers: jan1Sent.id, receivedAt: '2026-01-13T02:00:00Z' }),
      // Late: due by the end of 01-23 in China, received on the 25th.
      step({ kind: 'submitted', sessionId: jan2.id, receivedAt: '2026-01-25T02:00:00Z', snapshot }),
      // Still on a phone: decides nothing, so February's packet is missing on 03-05.
      step({ kind: 'submitted', sessionId: feb.id, receivedAt: '', snapshot }),
    ]
    const shared = {
      ...stored('visits', {
        date: '2026-02-01',
        problems: [
          {
            description: '借书不便',
            category: 'publicCulture',
            raisedBy: '',
            status: 'open',
            dueDate: '2026-03-01',
            resolution: '',
            resolvedDate: '',
          },
          {
            description: '路灯',
            category: 'livelihood',
            raisedBy: '',
            status: 'inProgress',
            dueDate: '',
            resolution: '',
            resolvedDate: '',
          },
          {
            description: '已解决',
            category: 'other',
            raisedBy: '',
            status: 'resolved',
            dueDate: '2026-01-01',
            resolution: '修好',
            resolvedDate: '2026-01-02',
          },
        ],
      }),
      sharedWith: ['C'],
    } as ReturnType<typeof stored<'visits'>>
    const roster = [
      { accountId: zhang.accountId, displayName: '张伟', role: 'secretary' as const, canRecord: true },
      { accountId: li.accountId, displayName: '李娜', role: 'member' as const, canRecord: false },
    ]
    const year = unitYearOf(
      { sessions: [jan1, jan2, feb, otherUnit], steps, visits: [shared] },
      'C',
      roster,
      '2026',
      2,
      3,
      '2026-03-05',
    )
    expect(
      year.months.map((m) => [
        m.month.from,
        m.held,
        m.onTime,
        m.late,
        m.byState.accepted,
        m.byState.waiting,
        m.byState.missing,
      ]),
    ).toEqual([
      ['2026-01-01', 2, 1, 1, 1, 1, 0],
      ['2026-02-01', 1, 0, 0, 0, 0, 1],
      ['2026-03-01', 0, 0, 0, 0, 0, 0],
    ])
    expect(year.totals).toMatchObject({ held: 3, onTime: 1, late: 1, accepted: 1, waiting: 1, missing: 1, returned: 0 })
    expect(year.members.map((m) => [m.name, m.attended, m.hours])).toEqual([
      ['张伟', 3, 7],
      ['李娜', 1, 2],
    ])
    expect(year.below.map((m) => m.name)).toEqual(['李娜'])
    expect(year.problems).toEqual({ open: 2, overdue: 1 })

    // Each figure opens exactly the records it counted.
    const input = { sessions: [jan1, jan2, feb, otherUnit], steps, visits: [shared] }
    const opened = (figure: Parameters<typeof unitYearRecords>[3]) =>
      unitYearRecords(input, 'C', '2026', figure, 3, '2026-03-05')
    expect(opened({ kind: 'month', month: '2026-01' }).sessions.map((s) => [s.id, s.state, s.submittedLate])).toEqual([
      [jan1.id, 'accepted', false],
      [jan2.id, 'waiting', true],
    ])
    expect(opened({ kind: 'month', month: '2026-02' }).sessions.map((s) => [s.id, s.state])).toEqual([
      [feb.id, 'missing'],
    ])
    expect(opened({ kind: 'month', month: '2026-03' }).sessions).toEqual([])
    expect(opened({ kind: 'member', accountId: li.accountId }).sessions.map((s) => [s.id, s.attended])).toEqual([
      [jan1.id, true],
      [jan2.id, false],
      [feb.id, false],
    ])
    const problems = opened({ kind: 'problems' }).problems
    expect(problems.map((p) => [p.description, p.problemIndex, p.isOverdue])).toEqual([
      ['借书不便', 0, true],
      ['路灯', 1, false],
    ])
    for (const month of year.months) {
      const rows = opened({ kind: 'month', month: month.month.from.slice(0, 7) }).sessions
      expect(rows.length).toBe(month.held)
      expect(rows.filter((r) => r.state === 'missing').length).toBe(month.byState.missing)
      expect(rows.filter((r) => r.submittedLate === true).length).toBe(month.late)
    }
  })

  it('takes the members from the sessions when the phone has no roster (a reviewer above)', () => {
    const year = unitYearOf(
      { sessions: [unitSession('2026-05-10', [zhang, li]), unitSession('2026-05-20', [li])], steps: [], visits: [] },
      'C',
      [],
      '2026',
      2,
      3,
      '2026-05-31',
    )
    expect(year.members.map((m) => [m.name, m.rate])).toEqual([
      ['张伟', 0.5],
      ['李娜', 1],
    ])
  })
})

import { describe, expect, it } from 'vitest'
import { DEFAULT_REPORT_SETTINGS } from '../../../src/shared/reporting/report-settings'
import { remindersOf } from '../../../src/shared/reporting/reminders'
import { problem, session, visit } from './records'

const settings = DEFAULT_REPORT_SETTINGS
const none = { studySessions: [], readingNotes: [], visits: [] }

describe('reminders', () => {
  it('remind of a packet due tomorrow and of one overdue, overdue first', () => {
    const dueTomorrow = session({ kind: 'collective', date: '2026-11-09', topic: '党章' })
    const overdue = session({ kind: 'collective', date: '2026-11-01', topic: '条例' })
    const reported = session({
      kind: 'collective',
      date: '2026-11-01',
      packet: { planReady: true, reportedOn: '2026-11-03' },
    })
    const list = remindersOf({ ...none, studySessions: [dueTomorrow, overdue, reported] }, settings, '2026-11-11')
    expect(list.map((r) => [r.kind, r.subject, r.date])).toEqual([
      ['packetOverdue', '条例', '2026-11-04'],
      ['packetDueSoon', '党章', '2026-11-12'],
    ])
  })

  it('warn in the last week of a month held below the minimum, and not before or once met', () => {
    expect(remindersOf(none, settings, '2026-11-23').map((r) => r.kind)).toEqual([])
    const warned = remindersOf(none, settings, '2026-11-24')
    expect(warned).toMatchObject([{ kind: 'monthBelowMinimum', held: 0, minimum: 1, date: '2026-11-30' }])
    const held = {
      ...none,
      studySessions: [
        session({ kind: 'collective', date: '2026-11-02', packet: { planReady: true, reportedOn: '2026-11-03' } }),
      ],
    }
    expect(remindersOf(held, settings, '2026-11-30')).toEqual([])
    expect(remindersOf(none, { ...settings, monthlyMinimum: 0 }, '2026-11-30')).toEqual([])
    // February 2026 has 28 days: its last week starts on the 22nd.
    expect(remindersOf(none, settings, '2026-02-22').map((r) => r.kind)).toEqual(['monthBelowMinimum'])
  })

  it('remind of a problem past its due date until it is resolved', () => {
    const v = visit({
      problems: [
        problem({ description: '文化中心利用率低', dueDate: '2026-11-20' }),
        problem({ status: 'resolved', dueDate: '2026-11-01' }),
        problem({ dueDate: '2026-11-22' }),
      ],
    })
    const list = remindersOf({ ...none, visits: [v] }, settings, '2026-11-22')
    expect(list).toMatchObject([
      { kind: 'problemOverdue', subject: '文化中心利用率低', recordId: v.id, date: '2026-11-20' },
    ])
  })

  it('remind of a visit planned for today only on that day', () => {
    const v = visit({ place: '西村', nextVisitDate: '2026-11-22' })
    expect(remindersOf({ ...none, visits: [v] }, settings, '2026-11-22')).toMatchObject([
      { kind: 'visitToday', subject: '西村' },
    ])
    expect(remindersOf({ ...none, visits: [v] }, settings, '2026-11-21')).toEqual([])
  })

  it('give each reminder an id that stays the same through the day and changes the next', () => {
    const v = visit({ nextVisitDate: '2026-11-22', problems: [problem({ dueDate: '2026-11-01' })] })
    const a = remindersOf({ ...none, visits: [v] }, settings, '2026-11-22').map((r) => r.id)
    const b = remindersOf({ ...none, visits: [v] }, settings, '2026-11-22').map((r) => r.id)
    const c = remindersOf({ ...none, visits: [v] }, settings, '2026-11-23').map((r) => r.id)
    expect(a).toEqual(b)
    expect(new Set(a).size).toBe(a.length)
    expect(c.some((id) => a.includes(id))).toBe(false)
  })

  it('leave deleted records out', () => {
    const gone = session({ kind: 'collective', date: '2026-11-01', deletedAt: '2026-11-02T00:00:00Z' })
    expect(remindersOf({ ...none, studySessions: [gone] }, settings, '2026-11-11')).toEqual([])
  })
})

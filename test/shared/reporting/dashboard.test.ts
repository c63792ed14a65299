import { describe, expect, it } from 'vitest'
import { dashboardOf, packetWindowStart } from '../../../src/shared/reporting/dashboard'
import { DEFAULT_REPORT_SETTINGS } from '../../../src/shared/reporting/report-settings'
import { note, problem, readySession, session, visit } from './records'

const settings = DEFAULT_REPORT_SETTINGS
const none = { studySessions: [], readingNotes: [], visits: [] }

describe('首页 figures', () => {
  it('count collective sessions of this month only, including the last day, against the minimum', () => {
    const sessions = [
      session({ kind: 'collective', date: '2026-11-30' }),
      session({ kind: 'centerGroup', date: '2026-11-01' }),
      session({ kind: 'selfStudy', date: '2026-11-15' }),
      session({ kind: 'collective', date: '2026-10-31' }),
      session({ kind: 'collective', date: '2026-12-01' }),
      session({ kind: 'collective', date: '2026-11-20', deletedAt: '2026-11-21T00:00:00Z' }),
    ]
    const d = dashboardOf({ ...none, studySessions: sessions }, settings, '2026-11-30')
    expect(d.figures.collectiveHeld.value).toBe(2)
    expect(d.figures.collectiveHeld.items.map((i) => i.id)).toEqual([sessions[0]!.id, sessions[1]!.id])
    expect(d.minimum).toBe(1)
  })

  it('add study hours of every kind by month and by year, and by kind', () => {
    const sessions = [
      session({ kind: 'collective', date: '2026-11-03', durationHours: 2 }),
      session({ kind: 'selfStudy', date: '2026-11-04', durationHours: 0.5 }),
      session({ kind: 'online', date: '2026-02-04', durationHours: 1.5 }),
      session({ kind: 'online', date: '2025-12-31', durationHours: 8 }),
    ]
    const d = dashboardOf({ ...none, studySessions: sessions }, settings, '2026-11-22')
    expect(d.figures.hoursMonth.value).toBe(2.5)
    expect(d.figures.hoursYear.value).toBe(4)
    expect(d.hoursByKind.month).toEqual({ collective: 2, selfStudy: 0.5 })
    expect(d.hoursByKind.year).toEqual({ collective: 2, selfStudy: 0.5, online: 1.5 })
    expect(d.yearlyHoursTarget).toBe(50)
  })

  it('list unreported packets that are overdue or due soon, earliest due first', () => {
    const overdueLastMonth = session({ kind: 'collective', date: '2026-10-29' })
    const overdue = session({ kind: 'collective', date: '2026-11-15' })
    const dueSoon = session({ kind: 'collective', date: '2026-11-19' })
    const reported = readySession({ date: '2026-11-01', packet: { planReady: true, reportedOn: '2026-11-02' } })
    const waiting = session({ kind: 'collective', date: '2026-11-22' })
    const d = dashboardOf(
      { ...none, studySessions: [waiting, dueSoon, reported, overdue, overdueLastMonth] },
      settings,
      '2026-11-22',
    )
    expect(d.figures.packetsOverdue.items.map((i) => i.id)).toEqual([overdueLastMonth.id, overdue.id])
    expect(d.figures.packetsDueSoon.items.map((i) => i.id)).toEqual([dueSoon.id])
  })

  it('count notes and visits of this month', () => {
    const d = dashboardOf(
      {
        studySessions: [],
        readingNotes: [
          note({ date: '2026-11-01' }),
          note({ date: '2026-10-31' }),
          note({ date: '2026-11-30', deletedAt: '2026-11-30T01:00:00Z' }),
        ],
        visits: [visit({ date: '2026-11-30' }), visit({ date: '2026-12-01' })],
      },
      settings,
      '2026-11-30',
    )
    expect(d.figures.notesMonth.value).toBe(1)
    expect(d.figures.visitsMonth.value).toBe(1)
  })

  it('count unresolved problems of any date, and those due within a week or overdue', () => {
    const v = visit({
      date: '2025-06-01',
      problems: [
        problem({ status: 'open', dueDate: '2026-11-21' }),
        problem({ status: 'inProgress', dueDate: '2026-11-29' }),
        problem({ status: 'open', dueDate: '2026-11-30' }),
        problem({ status: 'resolved', dueDate: '2026-11-01' }),
        problem({ status: 'open', dueDate: '' }),
        problem({ status: 'open', dueDate: '2026-11-22' }),
      ],
    })
    const d = dashboardOf({ ...none, visits: [v] }, settings, '2026-11-22')
    expect(d.figures.problemsOpen.value).toBe(5)
    expect(d.figures.problemsOverdue.items).toEqual([{ table: 'visits', id: v.id, problemIndex: 0 }])
    expect(d.figures.problemsDueSoon.items.map((i) => i.problemIndex)).toEqual([1, 5])
  })

  it('look back for open packets to the start of the year, or of last month in January', () => {
    expect(packetWindowStart('2026-11-22')).toBe('2026-01-01')
    expect(packetWindowStart('2027-01-02')).toBe('2026-12-01')
    expect(packetWindowStart('2026-02-10')).toBe('2026-01-01')
  })
})

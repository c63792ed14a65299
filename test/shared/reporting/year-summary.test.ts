import { describe, expect, it } from 'vitest'
import { yearSummaryOf } from '../../../src/shared/reporting/year-summary'
import { note, problem, session, visit } from './records'

describe('year view', () => {
  const records = {
    studySessions: [
      session({ kind: 'collective', date: '2026-01-31', durationHours: 2 }),
      session({ kind: 'selfStudy', date: '2026-02-01', durationHours: 1.5 }),
      session({ kind: 'centerGroup', date: '2026-12-31', durationHours: 3 }),
      session({ kind: 'collective', date: '2025-12-31', durationHours: 9 }),
    ],
    readingNotes: [note({ date: '2026-03-15' }), note({ date: '2026-03-16', deletedAt: '2026-03-17T00:00:00Z' })],
    visits: [visit({ date: '2026-03-01', problems: [problem({}), problem({})] })],
  }

  it('puts each record in its own month, the first and last day included, other years left out', () => {
    const y = yearSummaryOf('2026', records, 1, '2026-12-31')
    expect(y.months).toHaveLength(12)
    expect(y.months[0]).toEqual({
      month: '2026-01',
      collectiveHeld: 1,
      studyHours: 2,
      notes: 0,
      visits: 0,
      problemsRaised: 0,
    })
    expect(y.months[1]!.studyHours).toBe(1.5)
    expect(y.months[1]!.collectiveHeld).toBe(0)
    expect(y.months[2]).toMatchObject({ notes: 1, visits: 1, problemsRaised: 2 })
    expect(y.months[11]!.collectiveHeld).toBe(1)
    expect(y.totals).toEqual({ collectiveHeld: 2, studyHours: 6.5, notes: 1, visits: 1, problemsRaised: 2 })
  })

  it('names the months so far that fell short of the minimum, not the months still to come', () => {
    const y = yearSummaryOf('2026', records, 1, '2026-03-10')
    expect(y.monthsBelowMinimum).toEqual(['2026-02', '2026-03'])
  })
})

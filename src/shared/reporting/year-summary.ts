/** 首页's year view: the same counts as the month's, for each month of a year, for a small chart per month. */
import { monthOf, monthsOfYear } from '../dates'
import type { ReadingNote, StudySession, Visit } from '../records'
import { isCollective } from '../records/study-session'

export interface MonthFigures {
  month: string
  collectiveHeld: number
  studyHours: number
  notes: number
  visits: number
  problemsRaised: number
}

export interface YearSummary {
  year: string
  months: MonthFigures[]
  totals: Omit<MonthFigures, 'month'>
  /** Months already begun (up to `today`) that held fewer collective sessions than the minimum. */
  monthsBelowMinimum: string[]
}

export function yearSummaryOf(
  year: string,
  records: { studySessions: readonly StudySession[]; readingNotes: readonly ReadingNote[]; visits: readonly Visit[] },
  minimum: number,
  today: string,
): YearSummary {
  const months = new Map(
    monthsOfYear(year).map((month) => [
      month,
      { month, collectiveHeld: 0, studyHours: 0, notes: 0, visits: 0, problemsRaised: 0 },
    ]),
  )
  const at = (date: string) => months.get(monthOf(date))
  for (const s of records.studySessions) {
    const m = s.deletedAt === null ? at(s.date) : undefined
    if (!m) continue
    m.studyHours += s.durationHours
    if (isCollective(s)) m.collectiveHeld += 1
  }
  for (const n of records.readingNotes) {
    const m = n.deletedAt === null ? at(n.date) : undefined
    if (m) m.notes += 1
  }
  for (const v of records.visits) {
    const m = v.deletedAt === null ? at(v.date) : undefined
    if (!m) continue
    m.visits += 1
    m.problemsRaised += v.problems.length
  }
  const list = [...months.values()].map((m) => ({ ...m, studyHours: Math.round(m.studyHours * 10) / 10 }))
  const sum = (key: keyof Omit<MonthFigures, 'month'>) =>
    Math.round(list.reduce((total, m) => total + m[key], 0) * 10) / 10
  return {
    year,
    months: list,
    totals: {
      collectiveHeld: sum('collectiveHeld'),
      studyHours: sum('studyHours'),
      notes: sum('notes'),
      visits: sum('visits'),
      problemsRaised: sum('problemsRaised'),
    },
    monthsBelowMinimum: list.filter((m) => m.month <= monthOf(today) && m.collectiveHeld < minimum).map((m) => m.month),
  }
}

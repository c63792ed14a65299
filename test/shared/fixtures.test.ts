import { describe, expect, it } from 'vitest'
import { recordTypes, type FieldsOf, type RecordTable } from '../../src/shared/records'
import { textMatches } from '../../src/shared/search/text-match'
import { validateRecord } from '../../src/shared/validation'
import {
  FIXTURE_NEEDLE,
  FIXTURE_NEEDLE_PHRASE,
  generateReadingNotes,
  generateStudySessions,
  generateVisits,
  needleVisitCount,
} from '../fixtures/generate'

const generators = {
  studySessions: generateStudySessions,
  readingNotes: generateReadingNotes,
  visits: generateVisits,
} as const

const TABLES = Object.keys(generators) as RecordTable[]

function generate(
  table: RecordTable,
  count: number,
  seed: number,
  endDate?: string,
  spanDays?: number,
): readonly FieldsOf[RecordTable][] {
  return generators[table](count, { seed, endDate, spanDays })
}

describe.each(TABLES)('fixture %s', (table) => {
  it('produces 200 records that all pass validation', () => {
    const records = generate(table, 200, 42)
    expect(records).toHaveLength(200)
    const refused = records.map((record) => validateRecord(table, record)).filter((result) => !result.ok)
    expect(refused).toEqual([])
  })

  it('gives the same records for the same seed', () => {
    expect(generate(table, 50, 7)).toEqual(generate(table, 50, 7))
  })

  it('gives different records for another seed', () => {
    expect(generate(table, 50, 8)).not.toEqual(generate(table, 50, 7))
  })

  it('dates records oldest first within the span ending on endDate', () => {
    const dates = generate(table, 300, 3, '2025-06-30', 90).map((record) => record.date)
    expect(dates).toEqual([...dates].sort())
    expect(dates[0]! >= '2025-04-02').toBe(true)
    expect(dates.at(-1)! <= '2025-06-30').toBe(true)
    expect(new Set(dates.map((date) => date.slice(0, 7)))).toEqual(new Set(['2025-04', '2025-05', '2025-06']))
  })
})

describe('fixture text', () => {
  const sessions = generateStudySessions(500, { seed: 1 })
  const notes = generateReadingNotes(500, { seed: 1 })
  const visits = generateVisits(500, { seed: 1 })

  it('writes summaries and reflections of 100 to 400 characters', () => {
    const texts = [
      ...sessions.map((s) => s.summary),
      ...visits.map((v) => v.summary),
      ...notes.filter((n) => n.kind === 'reflection').map((n) => n.reflection),
    ]
    for (const text of texts) {
      expect(text.length).toBeGreaterThanOrEqual(100)
      expect(text.length).toBeLessThanOrEqual(400)
    }
  })

  it('writes Chinese text', () => {
    for (const session of sessions) expect(session.topic).toMatch(/\p{Script=Han}/u)
    for (const visit of visits) expect(visit.findings).toMatch(/\p{Script=Han}/u)
  })

  it('puts the needle phrase in about 5% of visits and nowhere else', () => {
    const hasNeedle = (texts: readonly string[]) => textMatches(texts, FIXTURE_NEEDLE)
    expect(needleVisitCount(500)).toBe(25)
    expect(visits.filter((v) => hasNeedle(recordTypes.visits.searchText(v)))).toHaveLength(25)
    expect(
      visits.filter(
        (v) =>
          v.findings.includes(FIXTURE_NEEDLE_PHRASE) ||
          v.problems.some((p) => p.description.includes(FIXTURE_NEEDLE_PHRASE)),
      ),
    ).toHaveLength(25)
    expect(sessions.filter((s) => hasNeedle(recordTypes.studySessions.searchText(s)))).toEqual([])
    expect(notes.filter((n) => hasNeedle(recordTypes.readingNotes.searchText(n)))).toEqual([])
  })

  it('counts the needle visits for any count', () => {
    for (const count of [1, 19, 20, 21, 200]) {
      const hits = generateVisits(count, { seed: 9 }).filter((v) =>
        textMatches(recordTypes.visits.searchText(v), FIXTURE_NEEDLE),
      )
      expect(hits.length, String(count)).toBe(needleVisitCount(count))
    }
  })

  it('resolves old problems more often than recent ones and dates each resolution', () => {
    const problems = visits.flatMap((v) => v.problems.map((p) => ({ ...p, visitDate: v.date })))
    const statuses = new Set(problems.map((p) => p.status))
    expect(statuses).toEqual(new Set(['open', 'inProgress', 'resolved']))
    for (const p of problems) {
      expect(p.resolvedDate !== '').toBe(p.status === 'resolved')
      if (p.status === 'resolved') {
        expect(p.resolution).not.toBe('')
        expect(p.resolvedDate >= p.visitDate && p.resolvedDate <= '2026-11-22').toBe(true)
      }
    }
    const share = (from: string, to: string) => {
      const inRange = problems.filter((p) => p.visitDate >= from && p.visitDate <= to)
      return inRange.filter((p) => p.status === 'resolved').length / inRange.length
    }
    expect(share('2024-01-01', '2026-06-30')).toBeGreaterThan(share('2026-10-24', '2026-11-22'))
  })

  it('keeps attendance consistent: present plus absent make the expected count', () => {
    for (const { attendance } of sessions) {
      if (attendance.expected === null) continue
      expect(attendance.present.length + attendance.absent.length).toBe(attendance.expected)
      expect(attendance.present.filter((name) => attendance.absent.some((a) => a.name === name))).toEqual([])
    }
  })

  it('generates 10,000 reading notes', () => {
    const many = generateReadingNotes(10_000, { seed: 2026 })
    expect(many).toHaveLength(10_000)
    expect(validateRecord('readingNotes', many.at(-1)).ok).toBe(true)
  })
})

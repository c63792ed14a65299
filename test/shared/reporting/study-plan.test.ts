/** Plans against what was held (docs/review.md, "Plans"): months of a year or a quarter, judged by count, topics beside. */
import { describe, expect, it } from 'vitest'
import {
  isSameTopic,
  monthsOfPlan,
  planAgainstHeld,
  planProblems,
  type StudyPlan,
} from '../../../src/shared/reporting/study-plan'

const plan: StudyPlan = {
  unitId: 'c',
  period: { year: 2026, quarter: 4 },
  sessions: [
    { month: '2026-10', topic: '二十届四中全会精神' },
    { month: '2026-10', topic: '《习近平谈治国理政》第五卷' },
    { month: '2026-11', topic: '文旅融合发展' },
    { month: '2026-12', topic: '年度述学评学' },
  ],
}

describe('a study plan against the sessions held', () => {
  it('covers twelve months for a year and three for a quarter', () => {
    expect(monthsOfPlan({ year: 2026 })).toHaveLength(12)
    expect(monthsOfPlan({ year: 2026, quarter: 4 })).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(monthsOfPlan({ year: 2027, quarter: 1 })).toEqual(['2027-01', '2027-02', '2027-03'])
  })

  it('judges past months by count, this month as open until met, later months as upcoming', () => {
    const held = [
      { id: 'a', date: '2026-10-31', topic: '学习贯彻《二十届四中全会精神》专题研讨' },
      { id: 'b', date: '2026-11-01', topic: '文旅融合发展调研交流' },
    ]
    const result = planAgainstHeld(plan, held, '2026-11-20')
    expect(result.months.map((m) => [m.month, m.status, m.planned.length, m.held.length])).toEqual([
      ['2026-10', 'behind', 2, 1],
      ['2026-11', 'met', 1, 1],
      ['2026-12', 'upcoming', 1, 0],
    ])
    expect(result.months[0]!.topicsNotHeld).toEqual(['《习近平谈治国理政》第五卷'])
    expect(result).toMatchObject({ planned: 4, held: 2, plannedSoFar: 3 })
    // On the last day of the quarter the December session is still open, the next day it is behind.
    expect(planAgainstHeld(plan, held, '2026-12-31').months[2]!.status).toBe('open')
    expect(planAgainstHeld({ ...plan, period: { year: 2026 } }, held, '2027-01-01').months[11]!.status).toBe('behind')
  })

  it('counts a session on another topic as held, and lists the planned topic as not taken up', () => {
    const result = planAgainstHeld(plan, [{ id: 'x', date: '2026-11-15', topic: '安全生产专题' }], '2026-11-30')
    expect(result.months[1]).toMatchObject({ status: 'met', topicsNotHeld: ['文旅融合发展'] })
  })

  it('matches topics across punctuation, spaces, full-width forms and book-title marks, not on a word or two', () => {
    expect(isSameTopic('二十届四中全会精神', '学习贯彻《二十届四中全会精神》')).toBe(true)
    expect(isSameTopic('ＡＩ 与 基层治理', 'AI与基层治理专题')).toBe(true)
    expect(isSameTopic('学习贯彻二十届四中全会精神', '二十届四中全会')).toBe(true)
    expect(isSameTopic('文旅融合发展', '学习')).toBe(false)
    expect(isSameTopic('党', '党的建设')).toBe(false)
    expect(isSameTopic('文旅融合发展', '乡村振兴')).toBe(false)
  })

  it('refuses a plan with a month outside its period, an empty topic, or too many sessions in a month, in words', () => {
    expect(planProblems(plan)).toEqual([])
    expect(
      planProblems({
        ...plan,
        sessions: [
          { month: '2026-09', topic: '提前的学习' },
          { month: '2026-10', topic: ' 。' },
        ],
      }),
    ).toEqual(['第 1 项的月份 2026-09 不在计划的期间内（2026年第4季度）', '第 2 项没有填写学习主题'])
    const crowded = Array.from({ length: 5 }, () => ({ month: '2026-11', topic: '集中学习' }))
    expect(planProblems({ ...plan, sessions: crowded }, 4)).toEqual(['2026-11 计划了 5 次学习，超过每月 4 次'])
  })
})

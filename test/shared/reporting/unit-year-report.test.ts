/**
 * A unit's year report on the hand-counted month of unit-example.ts, over the fourth quarter (October: nothing held;
 * November: four sessions; December: this month, nothing yet), with a plan of four sessions for the quarter.
 */
import { describe, expect, it } from 'vitest'
import type { StudyPlan } from '../../../src/shared/reporting/study-plan'
import { promptText, unitYearReport, type WritingPrompt } from '../../../src/shared/reporting/unit-year-report'
import { example, UNIT } from './unit-example'

const Q4 = { from: '2026-10-01', to: '2026-12-31' }
const PLAN: StudyPlan = {
  unitId: UNIT.id,
  period: { year: 2026, quarter: 4 },
  sessions: [
    { month: '2026-10', topic: '二十届四中全会精神' },
    { month: '2026-11', topic: '二十届四中全会精神' },
    { month: '2026-11', topic: '文旅融合发展' },
    { month: '2026-12', topic: '年度述学评学' },
  ],
}

function report(plan?: StudyPlan) {
  return unitYearReport({ ...example(Q4), monthlyMinimum: 1, expectedRate: 0.8, plan, locale: 'zh-CN' })
}

const texts = (prompts: WritingPrompt[]) => prompts.map((p) => promptText(p, 'zh-CN'))

describe('unitYearReport: 一、学习开展情况', () => {
  const { study } = report(PLAN)

  it('counts the sessions held, their hours and kinds, and each month against the minimum', () => {
    expect(study.heading).toBe('一、学习开展情况')
    expect(study.facts).toMatchObject({ held: 4, hours: 8, minimum: 1 })
    expect(study.facts.byKind.map((k) => [k.label, k.count, k.hours])).toEqual([
      ['理论学习中心组学习', 1, 2.5],
      ['集体学习', 2, 3.5],
      ['专题研讨', 1, 2],
    ])
    expect(study.facts.months).toEqual([
      { month: '2026-10', held: 0, status: 'behind' },
      { month: '2026-11', held: 4, status: 'met' },
      // December is the report's month: short so far, not yet behind.
      { month: '2026-12', held: 0, status: 'open' },
    ])
  })

  it('sets the plan against what was held', () => {
    const plan = study.facts.plan!
    expect(plan).toMatchObject({ planned: 4, plannedSoFar: 4, held: 4 })
    expect(plan.months.map((m) => [m.month, m.status, m.topicsNotHeld])).toEqual([
      ['2026-10', 'behind', ['二十届四中全会精神']],
      ['2026-11', 'met', []],
      ['2026-12', 'open', ['年度述学评学']],
    ])
    expect(report().study.facts.plan).toBeNull()
  })

  it('counts the packets by the server’s history: on time, late, returned once, missing', () => {
    expect(study.facts.packets).toEqual({
      total: 4,
      byState: { due: 0, missing: 1, waiting: 2, returned: 0, accepted: 1 },
      onTime: 2,
      late: 1,
      // S3 was returned and resent; S2's acceptance was superseded and returned nothing.
      returned: 1,
    })
  })

  it('gives the roster’s attendance rate and the members below the expected rate, lowest first', () => {
    const { attendance } = study.facts
    // 4 + 3 + 2 picks of 3 members × 4 sessions.
    expect(attendance).toMatchObject({ attended: 9, expected: 12, rate: 0.75, expectedRate: 0.8 })
    expect(attendance.below.map((m) => [m.name, m.attended, m.rate])).toEqual([
      ['王强', 2, 0.5],
      ['李娜', 3, 0.75],
    ])
  })
})

describe('unitYearReport: sections to write', () => {
  const { problems, nextSteps } = report(PLAN)

  it('offers 存在的问题 the shortfalls, the returned packet with its comment and the open problems', () => {
    expect(problems.heading).toBe('二、存在的问题')
    expect(texts(problems.prompts)).toEqual([
      '2026年10月开展集体学习0次，少于每月至少1次',
      '2026年10月计划学习的“二十届四中全会精神”未开展',
      '2026年11月30日“学习《中国共产党章程》”的一学一报逾期未报（应于2026年12月3日前报送）',
      '王强参加集体学习2次（共4次），出勤率50%',
      '李娜参加集体学习3次（共4次），出勤率75%',
      '2026年11月28日“年度述学评学”的一学一报被退回整改：缺少影像资料（刘文静，2026-12-03 18:00；现待审核）',
      '村文化中心利用率低（桃源镇石门村，2026年10月15日走访，待办，已超过办结时限2026年11月30日）',
      '旅游纪念品缺少特色（桃源镇石门村，2026年10月15日走访，办理中）',
    ])
  })

  it('offers 下一步工作打算 what is still to follow up: the open problems and the returns', () => {
    expect(nextSteps.heading).toBe('三、下一步工作打算')
    expect(nextSteps.prompts.map((p) => p.kind)).toEqual(['problem', 'problem', 'returned'])
  })

  it('offers no shortfall when every month so far met the minimum and nothing is missing', () => {
    const november = unitYearReport({
      ...example(),
      events: example().events.filter((e) => e.kind !== 'returned'),
      monthlyMinimum: 1,
      expectedRate: 0.4,
      locale: 'zh-CN',
    })
    // S4's packet is still missing; no month is behind, nobody is under 40%, nothing was returned.
    expect(november.problems.prompts.map((p) => p.kind)).toEqual(['missing', 'problem', 'problem'])
  })
})

import { describe, expect, it } from 'vitest'
import { isInRange, quickRange, rangeLabel, wholeYearOf } from '../../../src/shared/reporting/date-range'

describe('quickRange', () => {
  it('gives this month, this calendar quarter, this year and last year, inclusive', () => {
    expect(quickRange('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(quickRange('month', '2028-02-14')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(quickRange('quarter', '2026-11-23')).toEqual({ from: '2026-10-01', to: '2026-12-31' })
    expect(quickRange('quarter', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(quickRange('quarter', '2026-06-30')).toEqual({ from: '2026-04-01', to: '2026-06-30' })
    expect(quickRange('year', '2026-11-23')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(quickRange('lastYear', '2026-01-01')).toEqual({ from: '2025-01-01', to: '2025-12-31' })
  })
})

describe('ranges', () => {
  it('include both boundary days', () => {
    const range = { from: '2026-04-01', to: '2026-06-30' }
    expect(['2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01'].map((d) => isInRange(d, range))).toEqual([
      false,
      true,
      true,
      false,
    ])
  })

  it('read as 2026年度 for a whole year and as two dates otherwise', () => {
    expect(wholeYearOf({ from: '2026-01-01', to: '2026-12-31' })).toBe(2026)
    expect(wholeYearOf({ from: '2026-01-01', to: '2026-11-23' })).toBeNull()
    expect(rangeLabel({ from: '2026-01-01', to: '2026-12-31' }, 'zh-CN')).toBe('2026年度')
    expect(rangeLabel({ from: '2026-01-01', to: '2026-11-23' }, 'zh-CN')).toBe('2026年1月1日至2026年11月23日')
  })
})

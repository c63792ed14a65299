import { describe, expect, it } from 'vitest'
import { dateLabel, localDate, monthLabel, monthOf, monthRange } from '../../src/shared/dates'

describe('localDate', () => {
  it('writes the local calendar day with zero padding', () => {
    expect(localDate(new Date(2026, 0, 5, 9, 30))).toBe('2026-01-05')
    expect(localDate(new Date(2026, 10, 22, 12))).toBe('2026-11-22')
  })

  it('keeps a late-evening session on its own day', () => {
    expect(localDate(new Date(2026, 9, 31, 23, 59, 59))).toBe('2026-10-31')
    expect(localDate(new Date(2027, 0, 1, 0, 0, 0))).toBe('2027-01-01')
  })

  it('defaults to today', () => {
    const before = localDate(new Date())
    const today = localDate()
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect([before, localDate(new Date())]).toContain(today)
  })
})

describe('monthOf', () => {
  it('takes the month of a date', () => {
    expect(monthOf('2026-11-22')).toBe('2026-11')
    expect(monthOf('2026-01-01')).toBe('2026-01')
  })
})

describe('monthLabel', () => {
  it('writes the month in Chinese without a leading zero', () => {
    expect(monthLabel('2026-01', 'zh-CN')).toBe('2026年1月')
    expect(monthLabel('2026-11', 'zh-CN')).toBe('2026年11月')
  })

  it('writes the month name in English', () => {
    expect(monthLabel('2026-01', 'en-US')).toBe('January 2026')
    expect(monthLabel('2026-11', 'en-US')).toBe('November 2026')
  })
})

describe('dateLabel', () => {
  it('writes the date in Chinese without leading zeros', () => {
    expect(dateLabel('2026-03-05', 'zh-CN')).toBe('2026年3月5日')
    expect(dateLabel('2026-11-22', 'zh-CN')).toBe('2026年11月22日')
  })

  it('writes a short English date', () => {
    expect(dateLabel('2026-03-05', 'en-US')).toBe('Mar 5, 2026')
    expect(dateLabel('2026-12-31', 'en-US')).toBe('Dec 31, 2026')
  })

  it('leaves an empty date empty', () => {
    expect(dateLabel('', 'zh-CN')).toBe('')
    expect(dateLabel('', 'en-US')).toBe('')
  })
})

describe('monthRange', () => {
  it('ends February on the 29th in a leap year', () => {
    expect(monthRange('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(monthRange('2000-02-01')).toEqual({ from: '2000-02-01', to: '2000-02-29' })
  })

  it('ends February on the 28th otherwise', () => {
    expect(monthRange('2026-02-28')).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(monthRange('2100-02-15')).toEqual({ from: '2100-02-01', to: '2100-02-28' })
  })

  it('covers 31 and 30 day months', () => {
    expect(monthRange('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(monthRange('2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-01-31' })
    expect(monthRange('2026-11-22')).toEqual({ from: '2026-11-01', to: '2026-11-30' })
  })
})

describe('calendar arithmetic', () => {
  it('adds days across a month end, a year end and a leap day', async () => {
    const { addDays } = await import('../../src/shared/dates')
    expect(addDays('2026-11-30', 3)).toBe('2026-12-03')
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29')
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
  })

  it('counts whole days between dates, negative backwards, across daylight-saving changes elsewhere', async () => {
    const { daysBetween } = await import('../../src/shared/dates')
    expect(daysBetween('2026-11-28', '2026-12-01')).toBe(3)
    expect(daysBetween('2026-12-01', '2026-11-28')).toBe(-3)
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31)
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365)
  })

  it('names the year and its months', async () => {
    const { monthsOfYear, yearRange } = await import('../../src/shared/dates')
    expect(yearRange('2026-07-15')).toEqual({ from: '2026-01-01', to: '2026-12-31' })
    expect(monthsOfYear('2026')).toHaveLength(12)
    expect(monthsOfYear('2026')[0]).toBe('2026-01')
    expect(monthsOfYear('2026')[11]).toBe('2026-12')
  })

  it('takes today in the phone’s own time zone: a session just after midnight in Beijing is on the 1st', () => {
    const zone = process.env.TZ
    try {
      // 16:30 UTC on 30 November is half past midnight on 1 December in Beijing, still the 30th in New York.
      const at = new Date('2026-11-30T16:30:00Z')
      process.env.TZ = 'Asia/Shanghai'
      expect(localDate(at)).toBe('2026-12-01')
      process.env.TZ = 'America/New_York'
      expect(localDate(at)).toBe('2026-11-30')
      // New Year's Eve: the year changes in Beijing eight hours before it does in UTC.
      process.env.TZ = 'Asia/Shanghai'
      expect(localDate(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })
})

/**
 * The date ranges exports cover: inclusive 'YYYY-MM-DD' bounds, as the person wrote dates (see dates.ts), and the
 * quick choices of the export screen. A quarter is the calendar quarter (一季度 = January to March).
 */
import { dateLabel } from '../dates'
import type { Locale } from '../localized'

export interface DateRange {
  /** First day, inclusive. */
  from: string
  /** Last day, inclusive. */
  to: string
}

export const QUICK_RANGES = ['month', 'quarter', 'year', 'lastYear'] as const
export type QuickRange = (typeof QUICK_RANGES)[number]

function lastDayOf(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function firstDayOf(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, '0')}-01`
}

/** The range a quick choice stands for on `today` ('YYYY-MM-DD'). */
export function quickRange(choice: QuickRange, today: string): DateRange {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  switch (choice) {
    case 'month':
      return { from: firstDayOf(year, month), to: lastDayOf(year, month) }
    case 'quarter': {
      const first = month - ((month - 1) % 3)
      return { from: firstDayOf(year, first), to: lastDayOf(year, first + 2) }
    }
    case 'year':
      return { from: `${year}-01-01`, to: `${year}-12-31` }
    case 'lastYear':
      return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` }
  }
}

export function isInRange(date: string, range: DateRange): boolean {
  return date >= range.from && date <= range.to
}

/** The calendar year the range covers exactly, or null when it is not one whole year. */
export function wholeYearOf(range: DateRange): number | null {
  const year = range.from.slice(0, 4)
  return range.from === `${year}-01-01` && range.to === `${year}-12-31` ? Number(year) : null
}

/** "2026年度" for a whole year, else "2026年1月1日至2026年11月23日". */
export function rangeLabel(range: DateRange, locale: Locale): string {
  const year = wholeYearOf(range)
  if (year !== null) return locale === 'zh-CN' ? `${year}年度` : `${year}`
  const joiner = locale === 'zh-CN' ? '至' : ' – '
  return `${dateLabel(range.from, locale)}${joiner}${dateLabel(range.to, locale)}`
}

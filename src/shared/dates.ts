/**
 * Calendar dates are kept as the 'YYYY-MM-DD' a person wrote, in their own time zone: a session held on the
 * evening of the 31st belongs to that month wherever the server is.
 */
import type { Locale } from './localized'

export function localDate(at: Date = new Date()): string {
  const y = at.getFullYear()
  const m = String(at.getMonth() + 1).padStart(2, '0')
  const d = String(at.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

/** 'YYYY-MM' of a 'YYYY-MM-DD' date. */
export function monthOf(date: string): string {
  return date.slice(0, 7)
}

export function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split('-')
  if (locale === 'zh-CN') return `${y}年${Number(m)}月`
  return new Date(Number(y), Number(m) - 1, 1).toLocaleDateString('en-US', { year: 'numeric', month: 'long' })
}

export function dateLabel(date: string, locale: Locale): string {
  if (date === '') return ''
  const [y, m, d] = date.split('-').map(Number)
  if (locale === 'zh-CN') return `${y}年${m}月${d}日`
  return new Date(y!, m! - 1, d!).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' })
}

/** First and last day of the month that contains `date`. */
export function monthRange(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number)
  const last = new Date(y!, m!, 0).getDate()
  const month = date.slice(0, 7)
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

/** The day `days` after (or before, when negative) a 'YYYY-MM-DD' date; months and years roll over. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  // UTC arithmetic: a local Date would skip or repeat an hour on a daylight-saving change and could land on
  // the wrong day; calendar days have no time zone.
  const at = new Date(Date.UTC(y!, m! - 1, d! + days))
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, '0')}-${String(at.getUTCDate()).padStart(2, '0')}`
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const utc = (date: string) => {
    const [y, m, d] = date.split('-').map(Number)
    return Date.UTC(y!, m! - 1, d!)
  }
  return Math.round((utc(to) - utc(from)) / 86_400_000)
}

/** First and last day of the year that contains `date`. */
export function yearRange(date: string): { from: string; to: string } {
  const year = date.slice(0, 4)
  return { from: `${year}-01-01`, to: `${year}-12-31` }
}

/** The 'YYYY-MM' of each month of a year, January first. */
export function monthsOfYear(year: string): string[] {
  return Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
}

/** An instant as 'YYYY-MM-DD HH:mm' in the device's own time zone (the app's 24-hour form); '' for none or nonsense. */
export function instantLabel(iso: string): string {
  const at = new Date(iso)
  if (iso === '' || Number.isNaN(at.getTime())) return ''
  const two = (n: number) => String(n).padStart(2, '0')
  return `${localDate(at)} ${two(at.getHours())}:${two(at.getMinutes())}`
}

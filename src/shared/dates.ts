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

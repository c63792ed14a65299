/** When a member last used the app, as a secretary reads it: 今天, 昨天, 3月5日, or with the year when not this one. */
import type { UnitsTranslate } from '../i18n/use-units-i18n'

export function lastSeenText(iso: string, t: UnitsTranslate, locale: string, now: Date = new Date()): string {
  const seen = new Date(iso)
  const dayOf = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()
  const days = Math.round((dayOf(now) - dayOf(seen)) / 86_400_000)
  if (days <= 0) return t('units.today')
  if (days === 1) return t('units.yesterday')
  return seen.toLocaleDateString(
    locale,
    seen.getFullYear() === now.getFullYear()
      ? { month: 'long', day: 'numeric' }
      : { year: 'numeric', month: 'long', day: 'numeric' },
  )
}

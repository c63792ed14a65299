import { dateLabel } from '../../shared/dates'
import type { Locale } from '../../shared/localized'
import type { Reminder } from '../../shared/reporting/reminders'
import type { ScopedTranslate } from '../i18n/use-scoped-i18n'
import type { ReportMessageKey } from '../i18n/report-zh-CN'
import { recordPath } from '../record-paths'

/** A reminder as one sentence a person reads (in the list and in a notification). */
export function reminderText(reminder: Reminder, t: ScopedTranslate<ReportMessageKey>, locale: Locale): string {
  const date = dateLabel(reminder.date, locale)
  const subject = reminder.subject.length > 40 ? `${reminder.subject.slice(0, 40)}…` : reminder.subject
  return t(`reminder.${reminder.kind}`, {
    subject,
    date,
    held: reminder.held ?? 0,
    minimum: reminder.minimum ?? 0,
    comment: reminder.comment ?? '',
    days: reminder.days ?? 0,
  })
}

/** Where a reminder leads: its record, or this month's sessions for the monthly minimum. */
export function reminderLink(reminder: Reminder): string {
  if (reminder.path) return reminder.path
  if (reminder.table && reminder.recordId) return recordPath(reminder.table, reminder.recordId)
  return '/figures/collectiveHeld'
}

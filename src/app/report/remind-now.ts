/** Loaded on demand by App.vue when notifications are allowed: the reminders, in the person's language. */
import { reminderText } from './reminder-text'
import type { XsjDatabase } from '../db/schema'
import { useReportI18n } from '../i18n/use-report-i18n'
import { useReportSettingsStore } from '../stores/report-settings'
import { useSettingsStore } from '../stores/settings'
import { notifyNewReminders } from './reminder-notifications'

export async function remindNow(db: XsjDatabase): Promise<number> {
  const { t } = useReportI18n()
  const { locale } = useSettingsStore()
  return notifyNewReminders({
    db,
    settings: useReportSettingsStore().settings,
    locale,
    textOf: (reminder) => reminderText(reminder, t, locale),
    title: t('reminder.notificationTitle'),
  })
}

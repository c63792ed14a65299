/**
 * Reminders as phone notifications, without a push server: when the app opens and after each sync, any reminder
 * not shown yet today becomes one notification (through the service worker where there is one, as Android
 * requires). Which were shown is kept per day in localStorage, so reopening the app does not repeat them.
 */
import { localDate } from '../../shared/dates'
import type { Locale } from '../../shared/localized'
import { remindersOf, type Reminder } from '../../shared/reporting/reminders'
import type { ReportSettings } from '../../shared/reporting/report-settings'
import { dashboardInput } from '../db/reporting-queries'
import type { XsjDatabase } from '../db/schema'

export type NotificationPermissionState = NotificationPermission | 'unsupported'

const SHOWN_KEY = 'xsj.shownReminders'

export function notificationPermission(): NotificationPermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission
}

export async function requestNotifications(): Promise<NotificationPermissionState> {
  if (typeof Notification === 'undefined') return 'unsupported'
  try {
    return await Notification.requestPermission()
  } catch {
    return Notification.permission
  }
}

interface ShownToday {
  date: string
  ids: string[]
}

function readShown(today: string): Set<string> {
  try {
    const stored = JSON.parse(localStorage.getItem(SHOWN_KEY) ?? 'null') as ShownToday | null
    return new Set(stored?.date === today && Array.isArray(stored.ids) ? stored.ids : [])
  } catch {
    return new Set()
  }
}

function writeShown(today: string, ids: Set<string>): void {
  try {
    localStorage.setItem(SHOWN_KEY, JSON.stringify({ date: today, ids: [...ids] } satisfies ShownToday))
  } catch {
    // Without storage a reminder may be shown again on the next opening: better than never.
  }
}

export interface NotifyOptions {
  db: XsjDatabase
  settings: ReportSettings
  locale: Locale
  /** A reminder as the sentence a person reads. */
  textOf: (reminder: Reminder) => string
  title: string
}

/** Shows the reminders not shown yet today as one notification; returns how many were new. */
export async function notifyNewReminders(options: NotifyOptions): Promise<number> {
  if (notificationPermission() !== 'granted') return 0
  const today = localDate()
  const reminders = remindersOf(
    await dashboardInput(options.db, today, options.settings.reportDeadlineDays),
    options.settings,
    today,
  )
  const shown = readShown(today)
  const fresh = reminders.filter((r) => !shown.has(r.id))
  if (fresh.length === 0) return 0
  const lines = fresh.slice(0, 3).map(options.textOf)
  const more = fresh.length - lines.length
  const body =
    more > 0
      ? `${lines.join('\n')}\n${options.locale === 'zh-CN' ? `等共 ${fresh.length} 条` : `${fresh.length} in all`}`
      : lines.join('\n')
  // One notification, replaced by the next (same tag): a phone buzzing once per item would be turned off.
  const notification = { body, tag: 'xsj-reminders', icon: '/pwa-192x192.png', data: { url: '/reminders' } }
  const registration = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration() : undefined
  if (registration) await registration.showNotification(options.title, notification)
  else new Notification(options.title, notification)
  for (const r of fresh) shown.add(r.id)
  writeShown(today, shown)
  return fresh.length
}

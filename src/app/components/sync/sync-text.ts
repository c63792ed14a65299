/** Sync state in words a person reads: when it last worked, what is wrong now, how far a long sync has got. */
import type { SyncErrorInfo } from '../../db/schema'
import type { SyncTranslate } from '../../i18n/use-sync-i18n'
import type { SyncProgress } from '../../sync/sync-engine'

type Translate = SyncTranslate

/** 刚刚 / 5 分钟前 / 3 小时前 / a date and time, as people say it. */
export function relativeTime(iso: string, t: Translate, locale: string, now: number = Date.now()): string {
  const ms = now - Date.parse(iso)
  if (ms < 60_000) return t('time.justNow')
  if (ms < 3_600_000) return t('time.minutesAgo', { n: Math.floor(ms / 60_000) })
  if (ms < 12 * 3_600_000) return t('time.hoursAgo', { n: Math.floor(ms / 3_600_000) })
  return new Date(iso).toLocaleString(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export function syncErrorText(error: SyncErrorInfo, t: Translate): string {
  switch (error.code) {
    case 'offline':
      return t('sync.error.offline')
    case 'server':
      return t('sync.error.server')
    case 'unauthorized':
      return t('sync.error.unauthorized')
    case 'updateRequired':
      return t('sync.error.updateRequired')
    case 'rejected':
      return t('sync.error.rejected', { detail: error.message ?? '' })
    case 'storage':
      return t('sync.error.storage', { detail: error.message ?? '' })
  }
  // A code an earlier version stored (it stays until the next sync replaces it): shown as what it was, a refusal.
  return t('sync.error.rejected', { detail: error.message ?? '' })
}

export function progressText(progress: SyncProgress | null, t: Translate): string {
  if (!progress || progress.total === null || progress.total === 0) return t('sync.running')
  return t(progress.phase === 'push' ? 'sync.pushing' : 'sync.pulling', { done: progress.done, total: progress.total })
}

/** The words 数据备份 shows: progress, what a restore will do (to confirm) and what it did. */
import type { BackupManifest } from '../../../shared/backup/format'
import { dateLabel, localDate } from '../../../shared/dates'
import type { Locale } from '../../../shared/localized'
import type { BackupProgress, RestoreSummary } from '../../backup/backup-actions'
import type { BackupTranslate } from '../../i18n/use-backup-i18n'

export function backupProgressText(progress: BackupProgress, t: BackupTranslate): string {
  if (progress.phase === 'photos') return t('backup.progressPhotos', { done: progress.done + 1, total: progress.total })
  return t(progress.phase === 'zip' ? 'backup.progressZip' : 'backup.progressRecords')
}

function timeLabel(iso: string, locale: Locale): string {
  const at = new Date(iso)
  return `${dateLabel(localDate(at), locale)} ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`
}

/** Whether confirming would change anything at all. */
export function hasWork(summary: RestoreSummary): boolean {
  return (
    summary.records.added + summary.records.replaced + summary.photos.added > 0 ||
    summary.settings === 'adopt' ||
    summary.boundAccount !== null
  )
}

/** One line per thing that will happen; lines with nothing to say are left out. */
export function confirmText(
  summary: RestoreSummary,
  manifest: BackupManifest,
  t: BackupTranslate,
  locale: Locale,
): string {
  const { records, photos } = summary
  const lines = [t('backup.confirmFrom', { time: timeLabel(manifest.createdAt, locale), app: manifest.appVersion }), '']
  const line = (n: number, text: string) => {
    if (n > 0) lines.push(`· ${text}`)
  }
  line(records.added, t('backup.confirmAdd', { n: records.added }))
  line(records.replaced, t('backup.confirmReplace', { n: records.replaced }))
  line(records.deleted, t('backup.confirmDeleted', { n: records.deleted }))
  line(records.same, t('backup.confirmSame', { n: records.same }))
  line(records.keptNewer, t('backup.confirmKeptNewer', { n: records.keptNewer }))
  line(records.keptUnsent, t('backup.confirmKeptUnsent', { n: records.keptUnsent }))
  const present = photos.present > 0 ? t('backup.confirmPhotosPresent', { present: photos.present }) : ''
  line(photos.added + photos.present, `${t('backup.confirmPhotos', { added: photos.added })}${present}`)
  if (summary.settings === 'adopt') lines.push(`· ${t('backup.confirmSettingsAdopt')}`)
  if (summary.settings === 'keepLocal') lines.push(`· ${t('backup.confirmSettingsKeep')}`)
  if (summary.boundAccount !== null) lines.push(`· ${t('backup.confirmAccount', { name: summary.boundAccount })}`)
  if (!hasWork(summary)) lines.push('', t('backup.confirmNothing'))
  return lines.join('\n')
}

export function resultText(summary: RestoreSummary, t: BackupTranslate): string {
  const { records, photos } = summary
  const kept = records.keptNewer + records.keptUnsent
  const text = t('backup.restored', { added: records.added, replaced: records.replaced, kept, photos: photos.added })
  return records.added + records.replaced > 0 ? `${text}\n${t('backup.restoredPending')}` : text
}

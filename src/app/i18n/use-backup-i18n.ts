import { backupEnUS } from './backup-en-US'
import { backupZhCN, type BackupMessageKey } from './backup-zh-CN'
import { useScopedI18n, type ScopedTranslate, type UseScopedI18nReturn } from './use-scoped-i18n'

export type BackupTranslate = ScopedTranslate<BackupMessageKey>
export type UseBackupI18nReturn = UseScopedI18nReturn<BackupMessageKey>

/** useI18n for 数据备份: its strings come with 我的, in that page's chunk. */
export function useBackupI18n(): UseBackupI18nReturn {
  return useScopedI18n(backupZhCN, backupEnUS)
}

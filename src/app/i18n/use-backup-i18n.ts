import { storeToRefs } from 'pinia'
import { useSettingsStore } from '../stores/settings'
import { backupEnUS } from './backup-en-US'
import { backupZhCN, type BackupMessageKey } from './backup-zh-CN'
import { fillIn, useI18n, type UseI18nReturn } from './use-i18n'
import type { MessageKey } from './zh-CN'

export type BackupTranslate = (key: MessageKey | BackupMessageKey, params?: Record<string, string | number>) => string

export interface UseBackupI18nReturn extends Omit<UseI18nReturn, 't'> {
  /** Any UI string: the app's own, or one of 数据备份's. */
  t: BackupTranslate
}

/** useI18n for 数据备份: its strings come with 我的, in that page's chunk. */
export function useBackupI18n(): UseBackupI18nReturn {
  const base = useI18n()
  const { locale } = storeToRefs(useSettingsStore())
  const isBackupKey = (key: MessageKey | BackupMessageKey): key is BackupMessageKey => Object.hasOwn(backupZhCN, key)
  return {
    ...base,
    t: (key, params) => (isBackupKey(key) ? fillIn((locale.value === 'en-US' ? backupEnUS : backupZhCN)[key], params) : base.t(key, params)),
  }
}

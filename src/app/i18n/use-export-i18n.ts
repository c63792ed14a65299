import { storeToRefs } from 'pinia'
import { useSettingsStore } from '../stores/settings'
import { exportEnUS } from './export-en-US'
import { exportZhCN, type ExportMessageKey } from './export-zh-CN'
import { fillIn, useI18n, type UseI18nReturn } from './use-i18n'
import type { MessageKey } from './zh-CN'

export type ExportTranslate = (key: MessageKey | ExportMessageKey, params?: Record<string, string | number>) => string

export interface UseExportI18nReturn extends Omit<UseI18nReturn, 't'> {
  /** Any UI string: the app's own, or one of the export and print screens'. */
  t: ExportTranslate
}

/** useI18n for the export and print screens: their strings come with them, in their own chunk. */
export function useExportI18n(): UseExportI18nReturn {
  const base = useI18n()
  const { locale } = storeToRefs(useSettingsStore())
  const isExportKey = (key: MessageKey | ExportMessageKey): key is ExportMessageKey => Object.hasOwn(exportZhCN, key)
  return {
    ...base,
    t: (key, params) => (isExportKey(key) ? fillIn((locale.value === 'en-US' ? exportEnUS : exportZhCN)[key], params) : base.t(key, params)),
  }
}

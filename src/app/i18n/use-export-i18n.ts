import { exportEnUS } from './export-en-US'
import { exportZhCN, type ExportMessageKey } from './export-zh-CN'
import { useScopedI18n, type ScopedTranslate, type UseScopedI18nReturn } from './use-scoped-i18n'

export type ExportTranslate = ScopedTranslate<ExportMessageKey>
export type UseExportI18nReturn = UseScopedI18nReturn<ExportMessageKey>

/** useI18n for the export and print screens: their strings come with them, in their own chunk. */
export function useExportI18n(): UseExportI18nReturn {
  return useScopedI18n(exportZhCN, exportEnUS)
}

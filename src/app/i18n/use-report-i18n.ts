import { reportEnUS } from './report-en-US'
import { reportZhCN, type ReportMessageKey } from './report-zh-CN'
import { useScopedI18n, type UseScopedI18nReturn } from './use-scoped-i18n'

/** useI18n for 首页's figures, reminders, 一学一报 and the reporting settings: their strings load with them. */
export function useReportI18n(): UseScopedI18nReturn<ReportMessageKey> {
  return useScopedI18n(reportZhCN, reportEnUS)
}

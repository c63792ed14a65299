/** Export file names in Chinese, with the range in them, so a folder of exports sorts and reads by itself. */
import { rangeLabel, type DateRange } from '../../shared/reporting/date-range'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'

/** 学习台账-2026-01-01至2026-11-23.xlsx */
export function ledgerFileName(range: DateRange): string {
  return `学习台账-${range.from}至${range.to}.xlsx`
}

/** The report's title: 2026年度学习及调查研究情况报告（素材）, or with the two dates for another range. */
export function reportTitle(range: DateRange): string {
  return `${rangeLabel(range, 'zh-CN')}学习及调查研究情况报告（素材）`
}

export function reportFileName(range: DateRange): string {
  return `${reportTitle(range)}.docx`
}

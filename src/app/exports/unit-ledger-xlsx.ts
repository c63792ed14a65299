/**
 * A unit's ledger (unit-ledger.ts) as an .xlsx workbook, through the same writer as a person's ledger, so its cells,
 * dates and headings look the same; the file is named after the unit, so a reviewer's folder of them sorts by unit.
 */
import { wholeYearOf, type DateRange } from '../../shared/reporting/date-range'
import type { LedgerSheet } from '../../shared/reporting/ledger'
import { ledgerFileName } from './file-names'
import { ledgerXlsx } from './xlsx-writer'

/** Characters no file system accepts in a name (Windows' list, the strictest). */
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|]/g

/** A unit's name as the start of a file name: the characters a file system refuses become ·. */
export function fileNamePart(unitName: string): string {
  return unitName.trim().replace(UNSAFE_IN_FILE_NAME, '·')
}

/** 机关第一党支部-学习台账-2026.xlsx for a whole year, else 机关第一党支部-学习台账-2026-01-01至2026-06-30.xlsx. */
export function unitLedgerFileName(unitName: string, range: DateRange): string {
  const year = wholeYearOf(range)
  const name = year === null ? ledgerFileName(range) : `学习台账-${year}.xlsx`
  return `${fileNamePart(unitName)}-${name}`
}

export function unitLedgerXlsx(sheets: readonly LedgerSheet[]): Promise<Blob> {
  return ledgerXlsx(sheets)
}

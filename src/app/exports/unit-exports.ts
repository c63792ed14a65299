/**
 * The unit's ledger (.xlsx) and year report (.docx), made on the phone from what has synced (issue "一学一报 for
 * real", exports). Loaded when a button asks for one: the builders and the file libraries stay out of the screens.
 */
import type { StudySession, Visit } from '../../shared/records'
import type { DateRange } from '../../shared/reporting/date-range'
import type { ReviewEvent } from '../../shared/reporting/review'
import type { Locale } from '../../shared/localized'
import { saveFile } from '../pwa/save-file'

export interface UnitExportInput {
  unit: { id: string; name: string }
  range: DateRange
  studySessions: readonly StudySession[]
  roster: readonly { accountId: string; displayName: string }[]
  events: readonly ReviewEvent[]
  visits: readonly Visit[]
  deadlineDays: number
  monthlyMinimum: number
  expectedRate: number
  today: string
  locale: Locale
}

/** Makes the unit's ledger and hands it to the person; returns the file's name. */
export async function exportUnitLedger(input: UnitExportInput): Promise<string> {
  const [{ unitLedgerWorkbook }, { unitLedgerXlsx, unitLedgerFileName }] = await Promise.all([
    import('../../shared/reporting/unit-ledger'),
    import('./unit-ledger-xlsx'),
  ])
  const sheets = unitLedgerWorkbook(input, { locale: input.locale })
  const name = unitLedgerFileName(input.unit.name, input.range)
  saveFile(await unitLedgerXlsx(sheets), name)
  return name
}

/** Makes the unit's year report, with 存在的问题 and 下一步工作打算 left to write; returns the file's name. */
export async function exportUnitReport(input: UnitExportInput): Promise<string> {
  const [{ unitYearReport }, { unitReportDocx, unitReportFileName }] = await Promise.all([
    import('../../shared/reporting/unit-year-report'),
    import('./unit-report-docx'),
  ])
  const report = unitYearReport(input)
  const name = unitReportFileName(input.unit.name, input.range)
  saveFile(await unitReportDocx(report, input.today), name)
  return name
}

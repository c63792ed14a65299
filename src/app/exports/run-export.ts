/**
 * The two exports, start to finish: read the range's records, arrange them, write the file with its library (loaded
 * on demand), hand it to the person. `onStage` hears each step so the screen can show progress; a pause after each
 * report lets the screen paint it before the next synchronous step.
 */
import { localDate } from '../../shared/dates'
import type { Locale } from '../../shared/localized'
import type { DateRange } from '../../shared/reporting/date-range'
import { ledgerWorkbook } from '../../shared/reporting/ledger'
import type { ReportSettings } from '../../shared/reporting/report-settings'
import { yearReport } from '../../shared/reporting/year-report'
import type { XsjDatabase } from '../db/schema'
import { ledgerFileName, reportFileName } from './file-names'
import { recordsInRange, sessionTopicLookup, type RangeRecords } from './records-in-range'
import { yearReportDocx } from './report-docx'
import { saveFile } from '../pwa/save-file'
import { ledgerXlsx } from './xlsx-writer'

export type ExportStage = { stage: 'reading' } | { stage: 'arranging'; count: number } | { stage: 'writing' }

/** Share of the progress bar reached when each stage starts. */
export const STAGE_PERCENT: Readonly<Record<ExportStage['stage'], number>> = { reading: 5, arranging: 35, writing: 55 }

export interface ExportOptions {
  db: XsjDatabase
  range: DateRange
  onStage?: (stage: ExportStage) => void
}

export interface ExportResult {
  fileName: string
  records: number
  bytes: number
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}

async function announce(options: ExportOptions, stage: ExportStage): Promise<void> {
  options.onStage?.(stage)
  await nextFrame()
}

async function readRange(options: ExportOptions): Promise<RangeRecords> {
  await announce(options, { stage: 'reading' })
  const records = await recordsInRange(options.db, options.range)
  await announce(options, {
    stage: 'arranging',
    count: records.studySessions.length + records.readingNotes.length + records.visits.length,
  })
  return records
}

function finish(blob: Blob, fileName: string, records: RangeRecords): ExportResult {
  saveFile(blob, fileName)
  return {
    fileName,
    bytes: blob.size,
    records: records.studySessions.length + records.readingNotes.length + records.visits.length,
  }
}

export async function exportLedger(options: ExportOptions & { locale: Locale }): Promise<ExportResult> {
  const records = await readRange(options)
  const sheets = ledgerWorkbook(records, { locale: options.locale, linkTitle: sessionTopicLookup(records) })
  await announce(options, { stage: 'writing' })
  return finish(await ledgerXlsx(sheets), ledgerFileName(options.range), records)
}

export async function exportYearReport(options: ExportOptions & { settings: ReportSettings }): Promise<ExportResult> {
  const records = await readRange(options)
  const today = localDate()
  // In Chinese whatever the screen's language: the report is a government document (see report-docx.ts).
  const report = yearReport({
    ...records,
    range: options.range,
    locale: 'zh-CN',
    asOf: today < options.range.to ? today : options.range.to,
    reportDeadlineDays: options.settings.reportDeadlineDays,
  })
  await announce(options, { stage: 'writing' })
  const { name, unit, branch, yearlyHoursTarget } = options.settings
  return finish(
    await yearReportDocx(report, { name, unit, branch, yearlyHoursTarget }, today),
    reportFileName(options.range),
    records,
  )
}

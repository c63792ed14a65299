import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { localDate } from '../../src/shared/dates'
import { docxParts, paragraphs } from '../app/exports/docx-text'
import { exportRecords, REPORT_SETTINGS } from './support/export-records'
import { eventually, textOf } from './support/expect'
import { putKnownRecords } from './support/stored-records'
import { setupE2e } from './support/suite'
import { waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()

/** Taps the button and returns the file the app hands over. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByTestId(testId).click(),
  ])
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
}

function headings(sheet: ExcelJS.Worksheet): string[] {
  return (sheet.getRow(1).values as unknown[]).slice(1).map(String)
}

/** The row of the sheet whose `header` cell holds `value`, as header → value. */
function rowWhere(sheet: ExcelJS.Worksheet, header: string, value: string): Record<string, unknown> {
  const names = headings(sheet)
  const column = names.indexOf(header) + 1
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    if (row.getCell(column).value === value)
      return Object.fromEntries(names.map((name, i) => [name, row.getCell(i + 1).value]))
  }
  throw new Error(`no row with ${header} = ${value}`)
}

describe('exports', () => {
  it('downloads the ledger and the year report offline, and lays out the month for print', async () => {
    const today = localDate()
    const year = today.slice(0, 4)
    const month = today.slice(0, 7)
    const { context, page } = await suite.openPhone()
    await context.addInitScript(
      (settings) => localStorage.setItem('xsj.reportSettings', JSON.stringify(settings)),
      REPORT_SETTINGS,
    )
    await page.goto('/')
    const records = exportRecords(today)
    await putKnownRecords(page, records.stored)
    await waitForServiceWorkerControl(page)

    // Everything from here on is local: the library chunks come from the service worker's precache.
    await context.setOffline(true)
    await page.goto('/me')
    await page.getByTestId('open-export').click()
    await page.waitForURL(/\/export$/)
    expect(await page.getByTestId('range-year').getAttribute('class')).toContain('van-button--primary')

    const ledger = await download(page, 'export-ledger')
    expect(ledger.name).toBe(`学习台账-${year}-01-01至${year}-12-31.xlsx`)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(ledger.bytes).buffer)
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['学习记录', '读书笔记', '走访记录', '问题台账'])
    const study = workbook.getWorksheet('学习记录')!
    expect(headings(study).slice(0, 6)).toEqual(['序号', '学习形式', '学习主题', '日期', '开始时间', '时长（小时）'])
    expect(headings(study)).toEqual(
      expect.arrayContaining(['应到人数（人）', '实到人员', '实到人员数', '缺席人员及原因', '交流研讨发言']),
    )
    // This year's live records only: not last year's, not the deleted one; the range's first and last days count.
    expect(study.rowCount - 1).toBe(records.expected.studySessions)
    expect(workbook.getWorksheet('读书笔记')!.rowCount - 1).toBe(records.expected.readingNotes)
    expect(workbook.getWorksheet('走访记录')!.rowCount - 1).toBe(records.expected.visits)
    expect(workbook.getWorksheet('问题台账')!.rowCount - 1).toBe(records.expected.problems)
    const session = rowWhere(study, '学习主题', records.centerGroupTopic)
    expect(session).toMatchObject({
      学习形式: '理论学习中心组学习',
      '时长（小时）': 2.5,
      '应到人数（人）': 9,
      实到人员数: 7,
      缺席人员及原因: '周海涛（外出参加全省文旅系统培训）；吴晓燕（病假）',
    })
    expect(session['日期']).toEqual(new Date(`${month}-01T00:00:00Z`))
    expect(study.getCell(2, 4).numFmt).toBe('yyyy"年"m"月"d"日"')
    expect(rowWhere(workbook.getWorksheet('问题台账')!, '问题描述', '村文化中心缺少专职管理员')).toMatchObject({
      走访地点: '桃源镇石门村',
      办理状态: '待办',
      类别: '公共文化服务',
    })

    const report = await download(page, 'export-report')
    expect(report.name).toBe(`${year}年度学习及调查研究情况报告（素材）.docx`)
    const parts = docxParts(new Uint8Array(report.bytes))
    const all = paragraphs(parts.document)
    expect(all[0]).toEqual({ style: 'Title', text: `${year}年度学习及调查研究情况报告（素材）` })
    expect(all[1]!.text).toBe('市文化和旅游局　机关第一党支部　张立新')
    expect(all.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、学习开展情况',
      '二、读原著学原文情况',
      '三、调查研究和走访情况',
      '四、问题办理情况',
    ])
    const text = all.map((p) => p.text).join('\n')
    expect(text).toContain('共参加各类学习3次，累计6.5学时，其中集体学习2次。年度学时目标50学时，完成13.0%。')
    expect(text).toContain('应到9人次，实到7人次，出勤率77.8%')
    expect(text).toContain('收集群众诉求和问题3个，已办结1个，办理中1个，待办1个，办结率33.3%')
    expect(parts.styles).toContain('w:eastAsia="仿宋_GB2312"')

    await page.getByTestId('open-print').click()
    await page.waitForURL(new RegExp(`/print/${month}$`))
    expect(await textOf(page.getByTestId('print-title'))).toBe(`${Number(year)}年${Number(month.slice(5))}月学习台账`)
    const sheets = page.getByTestId('print-sheet')
    await eventually(() => sheets.count()).toBe(4)
    await eventually(() => sheets.nth(0).getByTestId('print-row').count()).toBe(records.expected.studySessionsThisMonth)
    expect(await textOf(sheets.nth(0))).toContain('周海涛（外出参加全省文旅系统培训）；吴晓燕（病假）')
    expect(await sheets.nth(2).locator('th').allInnerTexts()).not.toContain('到达位置')

    await page.emulateMedia({ media: 'print' })
    expect(await page.getByTestId('print').isVisible()).toBe(false)
    expect(await page.locator('.van-nav-bar').isVisible()).toBe(false)
    expect(await page.getByTestId('print-title').isVisible()).toBe(true)
    await page.emulateMedia({ media: 'screen' })

    // A month that does not exist goes back to the export screen instead of printing an empty, oddly named month.
    await page.goto('/print/2026-13')
    await page.waitForURL(/\/export$/)
  })

  it('reads a 一学一报 not yet due as within its deadline in the year report, not as a shortfall', async () => {
    const today = localDate()
    const { context, page } = await suite.openPhone()
    await context.addInitScript(
      (settings) => localStorage.setItem('xsj.reportSettings', JSON.stringify(settings)),
      REPORT_SETTINGS,
    )
    await page.goto('/')
    // Held today, its packet due in three days (REPORT_SETTINGS.reportDeadlineDays), not reported yet.
    await putKnownRecords(page, {
      studySessions: [
        { fields: { kind: 'centerGroup', topic: '学习《中国共产党章程》', date: today, durationHours: 2 } },
      ],
    })
    await page.goto('/export')
    const report = await download(page, 'export-report')
    const text = paragraphs(docxParts(new Uint8Array(report.bytes)).document)
      .map((p) => p.text)
      .join('\n')
    expect(text).toContain('“一学一报”1次尚在报送期限内。')
    expect(text).not.toContain('应报送')
  })
})

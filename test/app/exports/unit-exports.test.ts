/**
 * The unit's ledger and year report written as files and read back by other code (ExcelJS, an unzip of the .docx),
 * on the hand-counted month of test/shared/reporting/unit-example.ts: what a reviewer opening them would find.
 */
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { unitLedgerWorkbook } from '../../../src/shared/reporting/unit-ledger'
import { unitYearReport } from '../../../src/shared/reporting/unit-year-report'
import { unitLedgerFileName, unitLedgerXlsx } from '../../../src/app/exports/unit-ledger-xlsx'
import { unitReportDocx, unitReportFileName } from '../../../src/app/exports/unit-report-docx'
import { example, UNIT } from '../../shared/reporting/unit-example'
import { docxParts, paragraphs } from './docx-text'

const YEAR = { from: '2026-01-01', to: '2026-12-31' }
const Q4 = { from: '2026-10-01', to: '2026-12-31' }

/** A worksheet's rows as arrays of cell values, header first (ExcelJS counts from 1). */
function valuesOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

describe('unitLedgerXlsx', () => {
  it('writes the four sheets; 报送记录 holds the whole history with both times and the superseded decision', async () => {
    const blob = await unitLedgerXlsx(unitLedgerWorkbook(example(), { locale: 'zh-CN' }))
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await blob.arrayBuffer())

    expect(workbook.worksheets.map((s) => s.name)).toEqual(['学习记录', '报送记录', '出勤统计', '问题清单'])
    const history = valuesOf(workbook.getWorksheet('报送记录')!)
    expect(history[0]).toEqual([
      '序号',
      '学习日期',
      '学习主题',
      '环节',
      '经办人',
      '服务器接收时间',
      '手机时间',
      '意见',
      '备注',
    ])
    expect(history).toHaveLength(1 + 8)
    const returned = history.find((row) => row[3] === '退回整改')!
    expect(returned).toEqual([
      7,
      new Date(Date.UTC(2026, 10, 28)),
      '年度述学评学',
      '退回整改',
      '刘文静',
      '2026-12-03 18:00',
      '2026-12-03 18:00',
      '缺少影像资料',
      // The empty 备注 is the row's last cell, which ExcelJS leaves out.
    ])
    expect(history.filter((row) => row[8] === '已被后来的报送取代').map((row) => row[2])).toEqual(['文旅融合发展'])

    const sessions = valuesOf(workbook.getWorksheet('学习记录')!)
    const header = sessions[0]!
    expect(header).toEqual(expect.arrayContaining(['张伟', '李娜', '王强', '一学一报']))
    expect(sessions.slice(1).map((row) => row[header.indexOf('王强')])).toEqual(['出席', '出席', '缺席', '缺席'])
    expect(sessions.slice(1).map((row) => row[header.indexOf('一学一报')])).toEqual([
      '已通过',
      '待审核',
      '待审核',
      '逾期未报',
    ])
    expect(valuesOf(workbook.getWorksheet('出勤统计')!)[3]).toEqual([3, '王强', 2, 4, 50, 4.5])
  })

  it('names the file after the unit and the year, or the two dates of another range', () => {
    expect(unitLedgerFileName('机关第一党支部', YEAR)).toBe('机关第一党支部-学习台账-2026.xlsx')
    expect(unitLedgerFileName('局党委/中心组', { from: '2026-01-01', to: '2026-06-30' })).toBe(
      '局党委·中心组-学习台账-2026-01-01至2026-06-30.xlsx',
    )
  })
})

describe('unitReportDocx', () => {
  it('writes the seeds’ three sections, the study figures, and the prompts under the sections to write', async () => {
    const report = unitYearReport({
      ...example(Q4),
      monthlyMinimum: 1,
      expectedRate: 0.8,
      locale: 'zh-CN',
    })
    const blob = await unitReportDocx(report, '2026-12-04')
    const all = paragraphs(docxParts(new Uint8Array(await blob.arrayBuffer())).document)

    expect(all[0]).toEqual({ style: 'Title', text: '机关第一党支部2026年10月1日至2026年12月31日学习情况报告（素材）' })
    expect(all.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、学习开展情况',
      '二、存在的问题',
      '三、下一步工作打算',
    ])
    const texts = all.map((p) => p.text)
    // October held nothing, November met the minimum, December is the report's month.
    expect(texts).toContain(
      '共开展集体学习4次，累计8学时。按每月至少开展1次集体学习的要求，3个月中1个月达到要求，1个月未达到，本月尚在进行中。',
    )
    expect(texts).toContain(
      '4次集体学习应报送“一学一报”，首次报送按时2次、逾期1次，被上级退回整改1次，逾期未报1次。截至2026年12月4日，已通过1次，待审核2次。',
    )
    expect(texts.some((t) => t.includes('应参加12人次，实际参加9人次，出勤率75%'))).toBe(true)
    const problems = texts.indexOf('二、存在的问题')
    const nextSteps = texts.indexOf('三、下一步工作打算')
    const returnPrompt = (t: string) => t.includes('一学一报被退回整改：缺少影像资料')
    expect(texts.slice(problems, nextSteps).some(returnPrompt)).toBe(true)
    expect(texts.slice(nextSteps).some(returnPrompt)).toBe(true)
    expect(texts.slice(nextSteps).some((t) => t.startsWith('1. 村文化中心利用率低（桃源镇石门村'))).toBe(true)
  })

  it('says 本期无记录 when nothing was held, and still leaves the two sections to write', async () => {
    const january = { from: '2026-01-01', to: '2026-01-31' }
    const report = unitYearReport({ ...example(january), monthlyMinimum: 1, expectedRate: 0.8, locale: 'zh-CN' })
    const blob = await unitReportDocx(report, '2026-12-04')
    const texts = paragraphs(docxParts(new Uint8Array(await blob.arrayBuffer())).document).map((p) => p.text)
    expect(texts.slice(texts.indexOf('一、学习开展情况'), texts.indexOf('二、存在的问题'))).toEqual([
      '一、学习开展情况',
      '本期无记录。',
    ])
    // January held nothing against a minimum of one: the month is the first thing offered to write about.
    expect(texts[texts.indexOf('二、存在的问题') + 2]).toBe('1. 2026年1月开展集体学习0次，少于每月至少1次')
    expect(texts).toContain('三、下一步工作打算')
  })

  it('names the file after the unit and the range', () => {
    expect(unitReportFileName(UNIT.name, YEAR)).toBe('机关第一党支部2026年度学习情况报告（素材）.docx')
  })
})

import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { ledgerWorkbook } from '../../../src/shared/reporting/ledger'
import { ledgerXlsx, MAX_CELL_CHARS } from '../../../src/app/exports/xlsx-writer'
import { stored } from '../../shared/reporting/stored'

async function read(blob: Blob): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await blob.arrayBuffer())
  return workbook
}

describe('ledgerXlsx', () => {
  it('writes a workbook that another library reads back: sheets, headings, rows, real dates shown in Chinese', async () => {
    const session = stored('studySessions', {
      topic: '学习贯彻习近平文化思想',
      date: '2026-11-05',
      summary: '长'.repeat(MAX_CELL_CHARS + 10),
      attendance: { expected: 9, present: ['张立新', '刘文静'], absent: [{ name: '张三', reason: '出差' }] },
    })
    const visit = stored('visits', {
      place: '桃源镇石门村',
      date: '2026-11-10',
      problems: [
        {
          description: '村文化中心利用率低',
          category: 'publicCulture',
          raisedBy: '',
          status: 'open',
          dueDate: '2026-12-01',
          resolution: '',
          resolvedDate: '',
        },
      ],
    })
    const sheets = ledgerWorkbook({ studySessions: [session], readingNotes: [], visits: [visit] }, { locale: 'zh-CN' })
    const workbook = await read(await ledgerXlsx(sheets))

    expect(workbook.worksheets.map((s) => s.name)).toEqual(['学习记录', '读书笔记', '走访记录', '问题台账'])
    const study = workbook.getWorksheet('学习记录')!
    const headers = (study.getRow(1).values as unknown[]).slice(1)
    expect(headers).toEqual(sheets[0]!.columns.map((c) => c.header))
    expect(study.rowCount).toBe(2)
    const at = (header: string) => headers.indexOf(header) + 1
    expect(study.getRow(2).getCell(at('学习主题')).value).toBe('学习贯彻习近平文化思想')
    const date = study.getRow(2).getCell(at('日期'))
    expect(date.value).toEqual(new Date(Date.UTC(2026, 10, 5)))
    expect(date.numFmt).toBe('yyyy"年"m"月"d"日"')
    expect(study.getRow(2).getCell(at('缺席人员及原因')).value).toBe('张三（出差）')
    expect(study.getRow(2).getCell(at('应到人数（人）')).value).toBe(9)
    expect(String(study.getRow(2).getCell(at('学习内容及工作部署')).value)).toHaveLength(MAX_CELL_CHARS)
    expect(workbook.getWorksheet('读书笔记')!.rowCount).toBe(1)
    const problems = workbook.getWorksheet('问题台账')!
    expect(problems.getRow(2).getCell(5).value).toBe('村文化中心利用率低')
    expect(study.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
  })

  it('writes a field with another version as text with the note under its value, on a yellow ground', async () => {
    const conflict = {
      id: 'c1',
      kind: 'field' as const,
      field: 'date',
      value: '2026-11-06',
      deviceId: 'd',
      at: '2026-11-12T08:00:00.000Z',
      rev: 3,
    }
    const session = {
      ...stored('studySessions', { topic: '学习贯彻习近平文化思想', date: '2026-11-05' }),
      conflicts: [conflict, { ...conflict, id: 'c2', field: 'topic', value: '另一主题' }],
    }
    const workbook = await read(
      await ledgerXlsx(ledgerWorkbook({ studySessions: [session], readingNotes: [], visits: [] }, { locale: 'zh-CN' })),
    )
    const study = workbook.getWorksheet('学习记录')!
    const headers = (study.getRow(1).values as unknown[]).slice(1)
    const cell = (header: string) => study.getRow(2).getCell(headers.indexOf(header) + 1)
    expect(cell('学习主题').value).toBe('学习贯彻习近平文化思想\n（另有版本待处理）')
    expect(cell('日期').value).toBe('2026年11月5日\n（另有版本待处理）')
    expect(cell('学习主题').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFF2CC' } })
    expect(cell('时长（小时）').value).toBe(2)
  })
})

/** A unit's ledger on the hand-counted month of unit-example.ts: every figure below was counted from its table. */
import { describe, expect, it } from 'vitest'
import type { LedgerCell, LedgerSheet } from '../../../src/shared/reporting/ledger'
import { chinaTimeLabel, unitLedgerWorkbook } from '../../../src/shared/reporting/unit-ledger'
import { example } from './unit-example'

const zh = { locale: 'zh-CN' } as const

/** A sheet as a list of { header: text }, so a test reads cells by their Chinese heading. */
function rowsOf(sheet: LedgerSheet): Record<string, string>[] {
  return sheet.rows.map((row) =>
    Object.fromEntries(sheet.columns.map((column, i) => [column.header, (row[i] as LedgerCell).text])),
  )
}

function sheetNamed(sheets: LedgerSheet[], name: string): LedgerSheet {
  const sheet = sheets.find((s) => s.name === name)
  if (!sheet) throw new Error(`no sheet ${name}`)
  return sheet
}

describe('unitLedgerWorkbook', () => {
  const sheets = unitLedgerWorkbook(example(), zh)

  it('has the four sheets, in Chinese', () => {
    expect(sheets.map((s) => s.name)).toEqual(['学习记录', '报送记录', '出勤统计', '问题清单'])
  })

  it('学习记录: the unit’s four collective sessions of the range, each with its 一学一报 state and one column per member', () => {
    const sheet = sheetNamed(sheets, '学习记录')
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '序号',
      '日期',
      '学习形式',
      '学习主题',
      '时长（小时）',
      '主持人',
      '地点',
      '一学一报',
      '报送时限',
      '首次报送',
      '张伟',
      '李娜',
      '王强',
      '应到人数（人）',
      '实到人员数',
    ])
    const rows = rowsOf(sheet)
    // Left out: the online session, another unit's, the deleted one, September's.
    expect(rows.map((r) => r['学习主题'])).toEqual([
      '学习贯彻党的二十届四中全会精神',
      '文旅融合发展',
      '年度述学评学',
      '学习《中国共产党章程》',
    ])
    expect(rows.map((r) => [r['一学一报'], r['报送时限'], r['首次报送']])).toEqual([
      ['已通过', '2026年11月8日', '按时'],
      ['待审核', '2026年11月23日', '按时'],
      ['待审核', '2026年12月1日', '逾期'],
      // The month end: due 12-03, nothing received by 12-04 (the step waiting on a phone does not count).
      ['逾期未报', '2026年12月3日', ''],
    ])
    expect(rows[0]).toMatchObject({ 学习形式: '理论学习中心组学习', 主持人: '张伟', 地点: '三楼会议室' })
    expect(rows.map((r) => r['王强'])).toEqual(['出席', '出席', '缺席', '缺席'])
    expect(rows.map((r) => r['李娜'])).toEqual(['出席', '缺席', '出席', '出席'])
    expect(rows.map((r) => [r['应到人数（人）'], r['实到人员数']])).toEqual([
      ['3', '3'],
      ['3', '2'],
      ['3', '2'],
      ['3', '2'],
    ])
    // The date and the duration stay a date and a number, so the spreadsheet sorts and sums them.
    expect(sheet.rows[3]![1]).toMatchObject({ type: 'date', date: '2026-11-30' })
    expect(sheet.rows[0]![4]).toMatchObject({ type: 'number', value: 2.5 })
  })

  it('报送记录: every step the server received, per packet in its order, with both times and the superseded decision', () => {
    const rows = rowsOf(sheetNamed(sheets, '报送记录'))
    expect(rows.map((r) => [r['学习主题'], r['环节'], r['经办人'], r['服务器接收时间'], r['备注']])).toEqual([
      ['学习贯彻党的二十届四中全会精神', '报送', '张伟', '2026-11-06 10:00', ''],
      ['学习贯彻党的二十届四中全会精神', '通过', '刘文静', '2026-11-07 11:00', ''],
      ['文旅融合发展', '报送', '张伟', '2026-11-21 09:00', ''],
      ['文旅融合发展', '报送', '张伟', '2026-11-22 09:00', ''],
      ['文旅融合发展', '通过', '刘文静', '2026-11-23 09:00', '已被后来的报送取代'],
      // Returned, then resent: three rows; the first arrived after the deadline though the phone said the 1st.
      ['年度述学评学', '报送', '张伟', '2026-12-02 09:00', ''],
      ['年度述学评学', '退回整改', '刘文静', '2026-12-03 18:00', ''],
      ['年度述学评学', '报送', '张伟', '2026-12-04 09:30', ''],
    ])
    expect(rows[5]!['手机时间']).toBe('2026-12-01 20:00')
    expect(rows[6]!['意见']).toBe('缺少影像资料')
    expect(rows[4]!['意见']).toBe('同意备案')
    expect(rows.map((r) => r['序号'])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8'])
    expect(rows[0]!['学习日期']).toBe('2026年11月5日')
  })

  it('出勤统计: each member’s sessions of those held, the rate as a percentage and the hours of those attended', () => {
    const rows = rowsOf(sheetNamed(sheets, '出勤统计'))
    expect(rows.map((r) => [r['姓名'], r['出席次数'], r['应参加次数'], r['出勤率（%）'], r['集体学习学时']])).toEqual([
      ['张伟', '4', '4', '100', '8'],
      ['李娜', '3', '4', '75', '6'],
      ['王强', '2', '4', '50', '4.5'],
    ])
  })

  it('问题清单: the unresolved problems of visits shared with the unit, whenever raised, with whether each is overdue', () => {
    const rows = rowsOf(sheetNamed(sheets, '问题清单'))
    expect(rows.map((r) => [r['问题描述'], r['办理状态'], r['是否逾期']])).toEqual([
      ['村文化中心利用率低', '待办', '是'],
      ['旅游纪念品缺少特色', '办理中', '否'],
    ])
    expect(rows[0]!['走访地点']).toBe('桃源镇石门村')
  })

  it('says nothing was held when no session falls in the range, and a member’s rate is then a dash', () => {
    const empty = unitLedgerWorkbook(example({ from: '2026-01-01', to: '2026-01-31' }), zh)
    expect(empty[0]!.rows).toEqual([])
    expect(empty[1]!.rows).toEqual([])
    expect(rowsOf(empty[2]!).map((r) => r['出勤率（%）'])).toEqual(['—', '—', '—'])
  })
})

describe('chinaTimeLabel', () => {
  it('shows an instant in China’s time across a day and a year end, and leaves what is not a time as it is', () => {
    expect(chinaTimeLabel('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00')
    expect(chinaTimeLabel('2026-12-01T15:59:00.000Z')).toBe('2026-12-01 23:59')
    expect(chinaTimeLabel('2026-12-02T09:00:00+08:00')).toBe('2026-12-02 09:00')
    expect(chinaTimeLabel('')).toBe('')
  })
})

import { describe, expect, it } from 'vitest'
import { rowsText } from '../../../src/shared/reporting/field-text'
import { ledgerSheet, ledgerWorkbook, problemSheet, type LedgerSheet } from '../../../src/shared/reporting/ledger'
import { recordTypes } from '../../../src/shared/records'
import { stored } from './stored'

const zh = { locale: 'zh-CN' as const }

function column(sheet: LedgerSheet, header: string): string[] {
  const at = sheet.columns.findIndex((c) => c.header === header)
  if (at === -1) throw new Error(`no column ${header} in ${sheet.columns.map((c) => c.header).join(', ')}`)
  return sheet.rows.map((row) => row[at]!.text)
}

const session = stored('studySessions', {
  kind: 'centerGroup',
  topic: '学习贯彻习近平文化思想',
  date: '2026-11-05',
  startTime: '09:00',
  durationHours: 2.5,
  place: '局三楼会议室',
  materials: ['《习近平文化思想学习纲要》', '《中国共产党章程》'],
  attendance: {
    expected: 9,
    present: ['张立新', '刘文静', '王建国'],
    absent: [
      { name: '张三', reason: '出差' },
      { name: '李四', reason: '病假' },
    ],
  },
  speeches: [{ speaker: '李明华', gist: '要坚持以文塑旅、以旅彰文。' }],
})

const visit = stored('visits', {
  kind: 'pairedVillage',
  date: '2026-11-10',
  place: '桃源镇石门村',
  location: { latitude: 29.0312345, longitude: 111.6987654, accuracy: 8.4, takenAt: '2026-11-10T09:00:00+08:00' },
  households: [
    { name: '石秀兰', situation: '独居老人' },
    { name: '王五', situation: '' },
  ],
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
    {
      description: '旺季停车难',
      category: 'tourism',
      raisedBy: '景区管委会',
      status: 'resolved',
      dueDate: '',
      resolution: '开辟临时停车场。',
      resolvedDate: '2026-11-20',
    },
  ],
})

describe('the ledger sheet of a record type', () => {
  it('has a column for every field, in the order the fields are defined, after 序号', () => {
    const sheet = ledgerSheet('studySessions', [session], zh)
    expect(sheet.name).toBe('学习记录')
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '序号',
      '学习形式',
      '学习主题',
      '日期',
      '开始时间',
      '时长（小时）',
      '地点',
      '主持人',
      '领学 / 主讲人',
      '学习材料',
      '学习内容及工作部署',
      '应到人数（人）',
      '实到人员',
      '实到人员数',
      '缺席人员及原因',
      '交流研讨发言',
      '影像资料（张）',
      '学习方案已备好',
      '报送日期',
      '标签',
    ])
  })

  it('fills the 一学一报 columns for collective kinds only', () => {
    const reported = { ...session, packet: { planReady: true, reportedOn: '2026-11-07' } }
    const solo = { ...session, kind: 'selfStudy' as const, packet: { planReady: true, reportedOn: '2026-11-07' } }
    const sheet = ledgerSheet('studySessions', [reported, solo, session], zh)
    expect(column(sheet, '学习方案已备好')).toEqual(['是', '', '否'])
    expect(column(sheet, '报送日期')).toEqual(['2026年11月7日', '', ''])
  })

  it('derives its columns from the field specs: a field added to a type becomes a column', () => {
    const headers = ledgerSheet('readingNotes', [], zh).columns.map((c) => c.header)
    const topLevel = Object.entries(recordTypes.readingNotes.specs)
      .filter(([, s]) => s.type !== 'group')
      .map(([, s]) => s.label.zh)
    for (const label of topLevel) expect(headers.some((h) => h.startsWith(label))).toBe(true)
    // The source group flattens to one column per inner field.
    expect(headers).toEqual(expect.arrayContaining(['书名 / 篇名', '作者', '章节', '页码']))
  })

  it('flattens attendance, speeches, choices and dates readably', () => {
    const sheet = ledgerSheet('studySessions', [session], zh)
    expect(column(sheet, '学习形式')).toEqual(['理论学习中心组学习'])
    expect(column(sheet, '日期')).toEqual(['2026年11月5日'])
    expect(sheet.rows[0]![sheet.columns.findIndex((c) => c.header === '日期')]).toEqual({
      type: 'date',
      date: '2026-11-05',
      text: '2026年11月5日',
    })
    expect(column(sheet, '学习材料')).toEqual(['《习近平文化思想学习纲要》、《中国共产党章程》'])
    expect(column(sheet, '实到人员')).toEqual(['张立新、刘文静、王建国'])
    expect(column(sheet, '实到人员数')).toEqual(['3'])
    expect(column(sheet, '应到人数（人）')).toEqual(['9'])
    expect(column(sheet, '缺席人员及原因')).toEqual(['张三（出差）；李四（病假）'])
    expect(column(sheet, '交流研讨发言')).toEqual(['1. 李明华：要坚持以文塑旅、以旅彰文。'])
    expect(column(sheet, '影像资料（张）')).toEqual(['0'])
  })

  it('writes problems as numbered lines, households in one line, and the position with its accuracy', () => {
    const sheet = ledgerSheet('visits', [visit], zh)
    expect(column(sheet, '群众诉求 / 问题')).toEqual([
      '1. 村文化中心利用率低（公共文化服务，待办，办结时限2026年12月1日）\n' +
        '2. 旺季停车难（旅游发展，反映人：景区管委会，已办结，办结日期2026年11月20日）。办理结果：开辟临时停车场。',
    ])
    expect(column(sheet, '走访户')).toEqual(['石秀兰（独居老人）；王五'])
    expect(column(sheet, '到达位置')).toEqual(['29.031235, 111.698765 ±8米'])
    expect(column(sheet, '离开位置')).toEqual([''])
    expect(sheet.columns.find((c) => c.header === '到达位置')!.isPrinted).toBe(false)
  })

  it('leaves out tombstones and lists records oldest first', () => {
    const later = stored('studySessions', { topic: '后', date: '2026-11-20' })
    const earlier = stored('studySessions', { topic: '前', date: '2026-11-01' })
    const deleted = stored(
      'studySessions',
      { topic: '已删除', date: '2026-11-02' },
      { deletedAt: '2026-11-03T00:00:00Z' },
    )
    const sheet = ledgerSheet('studySessions', [later, deleted, earlier], zh)
    expect(column(sheet, '学习主题')).toEqual(['前', '后'])
    expect(column(sheet, '序号')).toEqual(['1', '2'])
  })

  it('shows a linked session by its topic when the caller knows it, and an empty optional count as empty', () => {
    const note = stored('readingNotes', {
      source: { title: '《习近平谈治国理政》第四卷', author: '', chapter: '', page: '317' },
      studySessionId: session.id,
    })
    const sheet = ledgerSheet('readingNotes', [note], {
      locale: 'zh-CN',
      linkTitle: (table, id) => (table === 'studySessions' && id === session.id ? session.topic : undefined),
    })
    expect(column(sheet, '关联学习记录')).toEqual([session.topic])
    const noExpected = stored('studySessions', { attendance: { expected: null, present: [], absent: [] } })
    expect(column(ledgerSheet('studySessions', [noExpected], zh), '应到人数（人）')).toEqual([''])
  })

  it('speaks English when asked', () => {
    const sheet = ledgerSheet('studySessions', [session], { locale: 'en-US' })
    expect(sheet.name).toBe('Study session')
    expect(column(sheet, 'Date')).toEqual(['Nov 5, 2026'])
    expect(column(sheet, 'Absent, with reason')).toEqual(['张三 (出差); 李四 (病假)'])
  })
})

describe('the problem ledger', () => {
  it('has one row per problem with its visit’s date, kind and place', () => {
    const sheet = problemSheet([visit, stored('visits', { place: '无问题村', date: '2026-11-11' })], zh)
    expect(sheet.name).toBe('问题台账')
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '序号',
      '走访日期',
      '走访类型',
      '走访地点',
      '问题描述',
      '类别',
      '反映人',
      '办理状态',
      '办结时限',
      '办理结果',
      '办结日期',
    ])
    expect(sheet.rows).toHaveLength(2)
    expect(column(sheet, '走访地点')).toEqual(['桃源镇石门村', '桃源镇石门村'])
    expect(column(sheet, '办理状态')).toEqual(['待办', '已办结'])
    expect(column(sheet, '办结时限')).toEqual(['2026年12月1日', ''])
  })
})

describe('the workbook', () => {
  it('has the three record sheets and the problem ledger, even when the range is empty', () => {
    const sheets = ledgerWorkbook({ studySessions: [], readingNotes: [], visits: [] }, zh)
    expect(sheets.map((s) => s.name)).toEqual(['学习记录', '读书笔记', '走访记录', '问题台账'])
    expect(sheets.every((s) => s.rows.length === 0 && s.columns.length > 1)).toBe(true)
  })
})

describe('rowsText', () => {
  it('is empty for no rows', () => {
    const households = recordTypes.visits.specs.households
    if (households?.type !== 'rows') throw new Error('households are rows')
    expect(rowsText(households.fields, [], zh)).toBe('')
  })
})

describe('conflicts in the ledger', () => {
  const conflict = (field: string, kind: 'field' | 'delete' = 'field') => ({
    id: `c-${field}`,
    kind,
    field,
    value: kind === 'delete' ? '2026-11-12T08:00:00.000Z' : '另一版本',
    deviceId: 'd',
    at: '2026-11-12T08:00:00.000Z',
    rev: 3,
  })
  const noteOf = (sheet: LedgerSheet, header: string) =>
    sheet.rows.map((row) => row[sheet.columns.findIndex((c) => c.header === header)]!.note ?? '')

  it('notes 另有版本待处理 on the first column of each field that has another version, and nowhere else', () => {
    const sheet = ledgerSheet(
      'studySessions',
      [{ ...session, conflicts: [conflict('topic'), conflict('attendance')] }, session],
      zh,
    )
    expect(noteOf(sheet, '学习主题')).toEqual(['另有版本待处理', ''])
    // A group is one field: its first column carries the note, the others say nothing more.
    expect(noteOf(sheet, '应到人数（人）')).toEqual(['另有版本待处理', ''])
    expect(noteOf(sheet, '实到人员')).toEqual(['', ''])
    expect(noteOf(sheet, '日期')).toEqual(['', ''])
    // The value is the one the record holds now.
    expect(column(sheet, '学习主题')).toEqual(['学习贯彻习近平文化思想', '学习贯彻习近平文化思想'])
  })

  it('notes a deletion made on another device on 序号, and a visit’s problems on each problem’s description', () => {
    const marked = { ...visit, conflicts: [conflict('deletedAt', 'delete'), conflict('problems')] }
    expect(noteOf(ledgerSheet('visits', [marked], zh), '序号')).toEqual(['另一设备曾删除此记录，待处理'])
    const problems = problemSheet([marked], zh)
    expect(noteOf(problems, '问题描述')).toEqual(['另有版本待处理', '另有版本待处理'])
    expect(noteOf(problems, '走访地点')).toEqual(['', ''])
    expect(noteOf(problems, '办理状态')).toEqual(['', ''])
  })
})

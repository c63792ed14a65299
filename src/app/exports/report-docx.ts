/**
 * The year-end report's facts as a Word document the writer edits: a title, who it is from, and the sections of the
 * seeds (学习开展情况, 读原著学原文, 调查研究和走访, 问题办理), each with a sentence of totals and tables. Written in
 * Chinese whatever the screen's language: it is a government document handed upward. The docx library is loaded
 * only here, by import().
 */
import type * as Docx from 'docx'
import { dateLabel } from '../../shared/dates'
import type { PacketFacts, YearReport } from '../../shared/reporting/year-report'
import { reportTitle } from './file-names'
import {
  documentStyles,
  docxTable,
  FONT,
  fontOf,
  fontTableXml,
  INDENT_TWIPS,
  pageNumberFooter,
  pageProperties,
} from './docx-style'

export interface ReportHeader {
  name: string
  unit: string
  branch: string
  /** 0 when the person set no target. */
  yearlyHoursTarget: number
}

type Block = Docx.Paragraph | Docx.Table

const NONE = '本期无记录。'

/** 3月5日 when the report covers one calendar year (the year is in the title), else 2026年3月5日. */
function dayOf(date: string, report: YearReport): string {
  if (report.range.from.slice(0, 4) !== report.range.to.slice(0, 4)) return dateLabel(date, 'zh-CN')
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${(Math.round((part / whole) * 1000) / 10).toFixed(1)}%`
}

class Writer {
  readonly blocks: Block[] = []
  constructor(private readonly docx: typeof Docx) {}

  title(text: string): void {
    this.blocks.push(new this.docx.Paragraph({ style: 'Title', children: [new this.docx.TextRun(text)] }))
  }

  centered(text: string): void {
    this.blocks.push(
      new this.docx.Paragraph({
        alignment: this.docx.AlignmentType.CENTER,
        children: [new this.docx.TextRun({ text, font: fontOf(FONT.heading2) })],
      }),
    )
  }

  heading1(text: string): void {
    this.blocks.push(
      new this.docx.Paragraph({ heading: this.docx.HeadingLevel.HEADING_1, children: [new this.docx.TextRun(text)] }),
    )
  }

  heading2(text: string): void {
    this.blocks.push(
      new this.docx.Paragraph({ heading: this.docx.HeadingLevel.HEADING_2, children: [new this.docx.TextRun(text)] }),
    )
  }

  body(text: string): void {
    this.blocks.push(
      new this.docx.Paragraph({ indent: { firstLine: INDENT_TWIPS }, children: [new this.docx.TextRun(text)] }),
    )
  }

  /** A table across the type area (docx-style.ts); "本期无记录。" when there are no rows. */
  table(headers: readonly string[], rows: readonly (readonly (string | number)[])[], widths: readonly number[]): void {
    if (rows.length === 0) {
      this.body(NONE)
      return
    }
    const { docx } = this
    this.blocks.push(docxTable(docx, headers, rows, widths))
    // Word joins two tables that touch; a paragraph after each keeps them apart and leaves room to write.
    this.blocks.push(new docx.Paragraph({ children: [] }))
  }
}

/**
 * 一学一报 as owed so far: packets still within their deadline (a session held this week) are said apart, so a
 * report written on the day reads "尚在报送期限内", not as a shortfall.
 */
export function packetSentence(packets: PacketFacts): string {
  const early = packets.reportedEarly > 0 ? `（已报送${packets.reportedEarly}次）` : ''
  const within = packets.withinDeadline > 0 ? `${packets.withinDeadline}次尚在报送期限内${early}` : ''
  if (packets.due === 0) return within ? `“一学一报”${within}。` : ''
  const overdue = packets.overdue > 0 ? `，${packets.overdue}次逾期未报送` : ''
  return `“一学一报”应报送${packets.due}次，已报送${packets.reported}次，其中按时报送${packets.onTime}次${overdue}。${within ? `另有${within}。` : ''}`
}

function studySection(w: Writer, report: YearReport, header: ReportHeader): void {
  const { study } = report
  w.heading1('一、学习开展情况')
  if (study.count === 0) return w.body(NONE)
  const target =
    header.yearlyHoursTarget > 0
      ? `年度学时目标${header.yearlyHoursTarget}学时，完成${percent(study.hours, header.yearlyHoursTarget)}。`
      : ''
  w.body(`共参加各类学习${study.count}次，累计${study.hours}学时，其中集体学习${study.collectiveCount}次。${target}`)
  const packetText = packetSentence(study.packets)
  if (packetText) w.body(packetText)
  w.heading2('（一）学习形式及学时')
  w.table(
    ['学习形式', '次数', '学时'],
    study.byKind.map((k) => [k.label, k.count, k.hours]),
    [5, 2, 2],
  )
  w.heading2('（二）学习主题')
  w.table(
    ['序号', '学习主题', '次数', '学习日期'],
    study.topics.map((t, i) => [i + 1, t.topic, t.dates.length, t.dates.map((d) => dayOf(d, report)).join('、')]),
    [1, 5, 1, 5],
  )
  w.heading2('（三）考勤情况')
  const { attendance } = study
  if (attendance.rate === null) w.body('本期学习均未记录应到人数，无法计算出勤率。')
  else {
    const apart =
      attendance.sessionsWithoutExpected > 0
        ? `另有${attendance.sessionsWithoutExpected}次学习未记录应到人数，未计入。`
        : ''
    w.body(
      `记录应到人数的学习${attendance.sessionsCounted}次，应到${attendance.expected}人次，实到${attendance.present}人次，出勤率${percent(attendance.present, attendance.expected)}。${apart}`,
    )
  }
}

function readingSection(w: Writer, report: YearReport): void {
  const { reading } = report
  w.heading1('二、读原著学原文情况')
  if (reading.count === 0) return w.body(NONE)
  const kinds = reading.byKind.map((k) => `${k.label}${k.count}篇`).join('，')
  w.body(`撰写读书笔记${reading.count}篇（${kinds}），涉及书目、篇目${reading.bySource.length}种。`)
  w.table(
    ['序号', '书名 / 篇名', '作者', '笔记', '原文摘抄', '心得体会', '研讨发言提纲'],
    reading.bySource.map((s, i) => [
      i + 1,
      s.title,
      s.author,
      s.count,
      s.byKind.excerpt,
      s.byKind.reflection,
      s.byKind.speechOutline,
    ]),
    [1, 5, 2, 1, 1.5, 1.5, 1.5],
  )
}

function visitSection(w: Writer, report: YearReport): void {
  const { visits } = report
  w.heading1('三、调查研究和走访情况')
  if (visits.count === 0) return w.body(NONE)
  w.body(`开展调查研究和走访${visits.count}次，走访地点${visits.placeCount}处，走访群众${visits.householdCount}户。`)
  w.table(
    ['走访类型', '次数', '走访户数', '走访地点'],
    visits.byKind.map((k) => [k.label, k.count, k.households, k.places.join('、')]),
    [2, 1, 1, 6],
  )
}

function problemSection(w: Writer, report: YearReport): void {
  const { problems } = report
  w.heading1('四、问题办理情况')
  if (problems.raised === 0) return w.body(NONE)
  const overdue = problems.overdue > 0 ? `其中超过办结时限尚未办结${problems.overdue}个。` : ''
  w.body(
    `走访中收集群众诉求和问题${problems.raised}个，已办结${problems.resolved}个，办理中${problems.inProgress}个，待办${problems.open}个，办结率${percent(problems.resolved, problems.raised)}。${overdue}`,
  )
  w.heading2('（一）问题分类')
  w.table(
    ['类别', '收集', '已办结', '办结率'],
    problems.byCategory.map((c) => [c.label, c.raised, c.resolved, percent(c.resolved, c.raised)]),
    [3, 1, 1, 1],
  )
  w.heading2('（二）已办结问题举例')
  if (problems.resolvedExamples.length === 0) w.body(NONE)
  problems.resolvedExamples.forEach((e, i) => {
    const on = e.resolvedDate === '' ? '' : `，${dateLabel(e.resolvedDate, 'zh-CN')}办结`
    w.body(`${i + 1}. ${e.description}（${e.place}，${e.dateText}走访${on}）。办理结果：${e.resolution}`)
  })
  w.heading2('（三）尚未办结的问题')
  if (problems.unresolvedExamples.length === 0) w.body('所有问题均已办结。')
  problems.unresolvedExamples.forEach((e, i) =>
    w.body(`${i + 1}. ${e.description}（${e.place}，${e.dateText}走访，${e.statusLabel}）。`),
  )
}

export async function yearReportDocx(report: YearReport, header: ReportHeader, generatedOn: string): Promise<Blob> {
  const docx = await import('docx')
  const w = new Writer(docx)
  w.title(reportTitle(report.range))
  const from = [header.unit, header.branch, header.name].filter((part) => part.trim() !== '').join('　')
  if (from !== '') w.centered(from)
  w.body(
    `统计区间：${dateLabel(report.range.from, 'zh-CN')}至${dateLabel(report.range.to, 'zh-CN')}。本材料由学思践根据本人记录于${dateLabel(generatedOn, 'zh-CN')}汇总生成，供撰写报告时参考。`,
  )
  // Two phones disagreed and nobody has chosen yet: the figures below are of the versions kept now.
  if (report.conflictedRecords > 0)
    w.body(
      `注：有${report.conflictedRecords}条记录另有版本待处理（在两台设备上被同时修改），以下按各记录当前保留的版本统计；处理后请重新导出。`,
    )
  studySection(w, report, header)
  readingSection(w, report)
  visitSection(w, report)
  problemSection(w, report)
  const document = new docx.Document({
    creator: header.name || '学思践',
    title: reportTitle(report.range),
    styles: documentStyles(docx),
    sections: [{ properties: pageProperties(), footers: { default: pageNumberFooter(docx) }, children: w.blocks }],
  })
  return docx.Packer.toBlob(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }])
}

/**
 * A unit's year report (unit-year-report.ts) as a Word document its secretary finishes: the seeds' three sections,
 * 一、学习开展情况 written out from the figures, 二、存在的问题 and 三、下一步工作打算 each with the records' prompts
 * and room to write. Chinese whatever the screen's language and in the look of report-docx.ts (docx-style.ts): it is
 * a government document handed upward. The docx library is loaded only here, by import().
 */
import type * as Docx from 'docx'
import { dateLabel, monthLabel } from '../../shared/dates'
import { rangeLabel, type DateRange } from '../../shared/reporting/date-range'
import type { PlanMonthStatus } from '../../shared/reporting/study-plan'
import { percentOf } from '../../shared/reporting/unit-ledger'
import { promptText, type SectionToWrite, type UnitYearReport } from '../../shared/reporting/unit-year-report'
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
import { fileNamePart } from './unit-ledger-xlsx'

type Block = Docx.Paragraph | Docx.Table

const NONE = '本期无记录。'
/** Said under a section to write, before the prompts: they are material, not text to hand in as it is. */
const PROMPTS_INTRO = '（以下为系统根据记录整理的参考情况，请据此撰写，定稿前删除本段。）'
const NO_PROMPTS = '（记录中暂无需要说明的情况，请结合实际撰写。）'

const MONTH_STATUS: Readonly<Record<PlanMonthStatus, string>> = {
  upcoming: '未到',
  open: '进行中',
  met: '已完成',
  behind: '未完成',
}

/** 机关第一党支部2026年度学习情况报告（素材） */
export function unitReportTitle(unitName: string, range: DateRange): string {
  return `${unitName.trim()}${rangeLabel(range, 'zh-CN')}学习情况报告（素材）`
}

export function unitReportFileName(unitName: string, range: DateRange): string {
  return `${unitReportTitle(fileNamePart(unitName), range)}.docx`
}

const percent = (rate: number | null) => (rate === null ? '—' : `${percentOf(rate)}%`)

/** The few kinds of block the report needs, in docx-style's styles (report-docx.ts builds its own the same way). */
function blocksOf(docx: typeof Docx) {
  const run = (text: string, font?: string) => new docx.TextRun({ text, font: font ? fontOf(font) : undefined })
  return {
    title: (text: string) => new docx.Paragraph({ style: 'Title', children: [run(text)] }),
    heading1: (text: string) => new docx.Paragraph({ heading: docx.HeadingLevel.HEADING_1, children: [run(text)] }),
    heading2: (text: string) => new docx.Paragraph({ heading: docx.HeadingLevel.HEADING_2, children: [run(text)] }),
    body: (text: string) => new docx.Paragraph({ indent: { firstLine: INDENT_TWIPS }, children: [run(text)] }),
    /** A prompt in 楷体, so it reads as material beside the writer's 仿宋 text. */
    prompt: (text: string) =>
      new docx.Paragraph({ indent: { firstLine: INDENT_TWIPS }, children: [run(text, FONT.heading2)] }),
    blank: () => new docx.Paragraph({ children: [] }),
    table: (headers: readonly string[], rows: readonly (readonly (string | number)[])[], widths: readonly number[]) =>
      docxTable(docx, headers, rows, widths),
  }
}

type Blocks = ReturnType<typeof blocksOf>

function studySection(b: Blocks, report: UnitYearReport): Block[] {
  const { facts } = report.study
  const out: Block[] = [b.heading1(report.study.heading)]
  if (facts.held === 0) return [...out, b.body(NONE)]
  // Word joins two tables that touch; a paragraph after each keeps them apart (as report-docx.ts does).
  const table = (...args: Parameters<Blocks['table']>) => [b.table(...args), b.blank()]
  const counted = facts.months.filter((m) => m.status !== 'upcoming')
  const met = counted.filter((m) => m.status === 'met').length
  const behind = counted.filter((m) => m.status === 'behind').length
  const open = counted.some((m) => m.status === 'open') ? '，本月尚在进行中' : ''
  out.push(
    b.body(
      `共开展集体学习${facts.held}次，累计${facts.hours}学时。按每月至少开展${facts.minimum}次集体学习的要求，${counted.length}个月中${met}个月达到要求，${behind}个月未达到${open}。`,
    ),
    b.heading2('（一）学习形式及主题'),
    ...table(
      ['学习形式', '次数', '学时'],
      facts.byKind.map((k) => [k.label, k.count, k.hours]),
      [5, 2, 2],
    ),
    ...table(
      ['序号', '学习主题', '学习日期'],
      facts.topics.map((t, i) => [i + 1, t.topic, t.dateTexts.join('、')]),
      [1, 6, 4],
    ),
    b.heading2('（二）每月集体学习'),
    ...table(
      ['月份', '开展次数', '情况'],
      facts.months.map((m) => [monthLabel(m.month, 'zh-CN'), m.held, MONTH_STATUS[m.status]]),
      [3, 2, 2],
    ),
  )
  let n = 3
  const numbered = (title: string) => `（${'一二三四五六'[n++ - 1]}）${title}`
  if (facts.plan) {
    const { plan } = facts
    out.push(
      b.heading2(numbered('学习计划执行情况')),
      b.body(`学习计划安排集体学习${plan.planned}次，截至目前应开展${plan.plannedSoFar}次，已开展${plan.held}次。`),
      ...table(
        ['月份', '计划', '开展', '未开展的计划主题', '情况'],
        plan.months.map((m) => [
          monthLabel(m.month, 'zh-CN'),
          m.planned.length,
          m.held.length,
          m.topicsNotHeld.join('、'),
          MONTH_STATUS[m.status],
        ]),
        [2, 1, 1, 5, 2],
      ),
    )
  }
  const { packets } = facts
  const s = packets.byState
  // Where the packets stand now, naming only the states some packet is in: "待审核0次" says nothing to a reader.
  const standing = [
    ['已通过', s.accepted],
    ['待审核', s.waiting],
    ['退回整改待重新报送', s.returned],
    ['尚在报送期限内', s.due],
  ] as const
  const now = standing
    .filter(([, count]) => count > 0)
    .map(([label, count]) => `${label}${count}次`)
    .join('，')
  out.push(
    b.heading2(numbered('“一学一报”情况')),
    b.body(
      `${packets.total}次集体学习应报送“一学一报”，首次报送按时${packets.onTime}次、逾期${packets.late}次，被上级退回整改${packets.returned}次，逾期未报${s.missing}次。${now === '' ? '' : `截至${dateLabel(report.asOf, 'zh-CN')}，${now}。`}`,
    ),
  )
  const { attendance } = facts
  out.push(b.heading2(numbered('考勤情况')))
  if (attendance.rate === null) out.push(b.body('党组织成员名册为空，无法按名册计算出勤率。'))
  else {
    const below =
      attendance.below.length === 0
        ? `全体成员出勤率均不低于${percent(attendance.expectedRate)}。`
        : `出勤率低于${percent(attendance.expectedRate)}的成员${attendance.below.length}人：${attendance.below.map((m) => `${m.name}（${percent(m.rate)}）`).join('、')}。`
    out.push(
      b.body(
        `按党组织成员名册统计，应参加${attendance.expected}人次，实际参加${attendance.attended}人次，出勤率${percent(attendance.rate)}。${below}`,
      ),
      ...table(
        ['姓名', '参加次数', '应参加次数', '出勤率', '学时'],
        attendance.members.map((m) => [m.name, m.attended, m.held, percent(m.rate), m.hours]),
        [3, 2, 2, 2, 2],
      ),
    )
  }
  return out
}

function sectionToWrite(b: Blocks, section: SectionToWrite): Block[] {
  if (section.prompts.length === 0) return [b.heading1(section.heading), b.prompt(NO_PROMPTS), b.blank()]
  return [
    b.heading1(section.heading),
    b.prompt(PROMPTS_INTRO),
    ...section.prompts.map((p, i) => b.prompt(`${i + 1}. ${promptText(p, 'zh-CN')}`)),
    // Room to write, after the material.
    b.blank(),
  ]
}

export async function unitReportDocx(report: UnitYearReport, generatedOn: string): Promise<Blob> {
  const docx = await import('docx')
  const b = blocksOf(docx)
  const title = unitReportTitle(report.unit.name, report.range)
  const children: Block[] = [
    b.title(title),
    b.body(
      `统计区间：${dateLabel(report.range.from, 'zh-CN')}至${dateLabel(report.range.to, 'zh-CN')}。本材料由学思践根据${report.unit.name}的学习记录、“一学一报”报送记录和共享的走访记录于${dateLabel(generatedOn, 'zh-CN')}汇总生成，供撰写报告时参考。`,
    ),
    ...studySection(b, report),
    ...sectionToWrite(b, report.problems),
    ...sectionToWrite(b, report.nextSteps),
  ]
  const document = new docx.Document({
    creator: report.unit.name || '学思践',
    title,
    styles: documentStyles(docx),
    sections: [{ properties: pageProperties(), footers: { default: pageNumberFooter(docx) }, children }],
  })
  return docx.Packer.toBlob(document, false, [{ path: 'word/fontTable.xml', data: fontTableXml() }])
}

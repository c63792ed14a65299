import { describe, expect, it } from 'vitest'
import { yearReport } from '../../../src/shared/reporting/year-report'
import { packetSentence, yearReportDocx } from '../../../src/app/exports/report-docx'
import { stored } from '../../shared/reporting/stored'
import { docxParts, paragraphs } from './docx-text'

const YEAR = { from: '2026-01-01', to: '2026-12-31' }
const HEADER = { name: '张立新', unit: '市文化和旅游局', branch: '机关第一党支部', yearlyHoursTarget: 50 }

async function build(records: Parameters<typeof yearReport>[0]): Promise<ReturnType<typeof docxParts>> {
  const blob = await yearReportDocx(yearReport(records), HEADER, '2026-11-23')
  return docxParts(new Uint8Array(await blob.arrayBuffer()))
}

describe('yearReportDocx', () => {
  it('writes the title, the unit, the four sections with headings and the known figures', async () => {
    const parts = await build({
      range: YEAR,
      locale: 'zh-CN',
      readingNotes: [],
      studySessions: [
        stored('studySessions', {
          kind: 'centerGroup',
          topic: '学习贯彻习近平文化思想',
          date: '2026-03-05',
          durationHours: 2.5,
          attendance: {
            expected: 9,
            present: ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'],
            absent: [{ name: '壬', reason: '出差' }],
          },
        }),
        stored('studySessions', { kind: 'online', topic: '灯塔大课堂', date: '2026-04-01', durationHours: 1 }),
      ],
      visits: [
        stored('visits', {
          date: '2026-05-01',
          place: '桃源镇石门村',
          problems: [
            {
              description: '村文化中心利用率低',
              category: 'publicCulture',
              raisedBy: '',
              status: 'resolved',
              dueDate: '',
              resolution: '落实专人管理。',
              resolvedDate: '2026-06-01',
            },
          ],
        }),
      ],
    })
    const all = paragraphs(parts.document)
    expect(all[0]).toEqual({ style: 'Title', text: '2026年度学习及调查研究情况报告（素材）' })
    expect(all[1]!.text).toBe('市文化和旅游局　机关第一党支部　张立新')
    expect(all.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual([
      '一、学习开展情况',
      '二、读原著学原文情况',
      '三、调查研究和走访情况',
      '四、问题办理情况',
    ])
    expect(all.filter((p) => p.style === 'Heading2').map((p) => p.text)).toContain('（三）考勤情况')
    const text = all.map((p) => p.text).join('\n')
    expect(text).toContain('共参加各类学习2次，累计3.5学时，其中集体学习1次。年度学时目标50学时，完成7.0%。')
    expect(text).toContain('应到9人次，实到8人次，出勤率88.9%')
    expect(text).toContain('二、读原著学原文情况\n本期无记录。')
    expect(text).toContain('办结率100.0%')
    expect(text).toContain(
      '1. 村文化中心利用率低（桃源镇石门村，2026年5月1日走访，2026年6月1日办结）。办理结果：落实专人管理。',
    )
    // A table per section: the study kinds' table has its header and a row per kind.
    // One calendar year: the topics' dates leave out the year, which the title gives.
    expect(text).toContain('1\n学习贯彻习近平文化思想\n1\n3月5日')
    expect(text).toContain('学习形式\n次数\n学时\n理论学习中心组学习\n1\n2.5\n线上学习\n1\n1')
  })

  it('says 一学一报 as owed so far: a packet still within its deadline is no shortfall', async () => {
    const packet = (reportedOn: string) => ({ planReady: true, reportedOn })
    const parts = await build({
      range: YEAR,
      locale: 'zh-CN',
      readingNotes: [],
      visits: [],
      asOf: '2026-11-23',
      reportDeadlineDays: 3,
      studySessions: [
        stored('studySessions', { kind: 'collective', date: '2026-11-01', packet: packet('2026-11-03') }),
        stored('studySessions', { kind: 'collective', date: '2026-11-10', packet: packet('') }),
        // Held today, due in three days: not owed yet.
        stored('studySessions', { kind: 'collective', date: '2026-11-23', packet: packet('') }),
      ],
    })
    const text = paragraphs(parts.document)
      .map((p) => p.text)
      .join('\n')
    expect(text).toContain('“一学一报”应报送2次，已报送1次，其中按时报送1次，1次逾期未报送。另有1次尚在报送期限内。')
    // Only packets within their deadline: nothing owed, nothing missing.
    expect(packetSentence({ due: 0, reported: 0, onTime: 0, overdue: 0, withinDeadline: 1, reportedEarly: 0 })).toBe(
      '“一学一报”1次尚在报送期限内。',
    )
    expect(packetSentence({ due: 1, reported: 1, onTime: 1, overdue: 0, withinDeadline: 2, reportedEarly: 1 })).toBe(
      '“一学一报”应报送1次，已报送1次，其中按时报送1次。另有2次尚在报送期限内（已报送1次）。',
    )
    expect(packetSentence({ due: 0, reported: 0, onTime: 0, overdue: 0, withinDeadline: 0, reportedEarly: 0 })).toBe('')
  })

  it('says when records have another version waiting, so the figures are read as provisional', async () => {
    const conflict = {
      id: 'c1',
      kind: 'field' as const,
      field: 'topic',
      value: '另一主题',
      deviceId: 'd',
      at: '2026-11-12T08:00:00.000Z',
      rev: 3,
    }
    const session = stored('studySessions', { topic: '学习贯彻习近平文化思想', date: '2026-03-05' })
    const plain = paragraphs(
      (await build({ range: YEAR, locale: 'zh-CN', studySessions: [session], readingNotes: [], visits: [] })).document,
    )
      .map((p) => p.text)
      .join('\n')
    expect(plain).not.toContain('另有版本待处理')
    const marked = await build({
      range: YEAR,
      locale: 'zh-CN',
      studySessions: [{ ...session, conflicts: [conflict] }],
      readingNotes: [],
      visits: [],
    })
    expect(
      paragraphs(marked.document)
        .map((p) => p.text)
        .join('\n'),
    ).toContain(
      '注：有1条记录另有版本待处理（在两台设备上被同时修改），以下按各记录当前保留的版本统计；处理后请重新导出。',
    )
  })

  it('names the government-document fonts and sizes, with alternatives for computers that lack them', async () => {
    const parts = await build({ range: YEAR, locale: 'zh-CN', studySessions: [], readingNotes: [], visits: [] })
    for (const font of ['方正小标宋简体', '黑体', '楷体_GB2312', '仿宋_GB2312'])
      expect(parts.styles).toContain(`w:eastAsia="${font}"`)
    // 三号 body (16 pt = 32 half-points) and 二号 title (22 pt = 44).
    expect(parts.styles).toMatch(/<w:docDefaults>[\s\S]*<w:sz w:val="32"\/>/)
    expect(parts.styles).toMatch(/w:styleId="Title"[\s\S]*?<w:sz w:val="44"\/>/)
    expect(parts.fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>')
    expect(parts.fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>')
    expect(parts.document).toContain('<w:pgSz w:w="11906" w:h="16838"')
  })
})

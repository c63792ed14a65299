import { describe, expect, it } from 'vitest'
import { yearReport, type YearReportInput } from '../../../src/shared/reporting/year-report'
import type { StoredRecord } from '../../../src/shared/records'
import { stored } from './stored'

const YEAR = { from: '2026-01-01', to: '2026-12-31' }

function report(records: Partial<Omit<YearReportInput, 'range' | 'locale'>>, range = YEAR) {
  return yearReport({ range, locale: 'zh-CN', studySessions: [], readingNotes: [], visits: [], ...records })
}

function attendance(expected: number | null, present: number, absent = 0): StoredRecord<'studySessions'>['attendance'] {
  return {
    expected,
    present: Array.from({ length: present }, (_, i) => `到会${i}`),
    absent: Array.from({ length: absent }, (_, i) => ({ name: `缺席${i}`, reason: '出差' })),
  }
}

describe('yearReport', () => {
  it('is all zeros for an empty range, with no attendance rate', () => {
    const facts = report({})
    expect(facts.study).toMatchObject({ count: 0, hours: 0, collectiveCount: 0, byKind: [], topics: [] })
    expect(facts.study.attendance.rate).toBeNull()
    expect(facts.reading).toEqual({ count: 0, byKind: [], bySource: [] })
    expect(facts.visits).toEqual({ count: 0, placeCount: 0, householdCount: 0, byKind: [] })
    expect(facts.problems).toMatchObject({
      raised: 0,
      resolved: 0,
      inProgress: 0,
      open: 0,
      overdue: 0,
      resolvedExamples: [],
      unresolvedExamples: [],
    })
  })

  it('counts 一学一报 owed (deadline passed), reported, on time and overdue by the deadline given, and those still within it apart', () => {
    const packet = (reportedOn: string) => ({ planReady: true, reportedOn })
    const sessions = [
      stored('studySessions', { kind: 'collective', date: '2026-03-01', packet: packet('2026-03-04') }),
      stored('studySessions', { kind: 'collective', date: '2026-03-10', packet: packet('2026-03-20') }),
      stored('studySessions', { kind: 'partyGroup', date: '2026-11-01', packet: packet('') }),
      stored('studySessions', { kind: 'partyGroup', date: '2026-11-20', packet: packet('') }),
      stored('studySessions', { kind: 'selfStudy', date: '2026-03-01', packet: packet('') }),
    ]
    // The session of 11-20 is due on 11-23: on 11-22 it is not owed yet.
    expect(report({ studySessions: sessions, asOf: '2026-11-22' }).study.packets).toEqual({
      due: 3,
      reported: 2,
      onTime: 1,
      overdue: 1,
      withinDeadline: 1,
      reportedEarly: 0,
    })
    // With ten days to report, the late one is on time and the November one not yet owed.
    expect(report({ studySessions: sessions, asOf: '2026-11-05', reportDeadlineDays: 10 }).study.packets).toEqual({
      due: 2,
      reported: 2,
      onTime: 2,
      overdue: 0,
      withinDeadline: 2,
      reportedEarly: 0,
    })
    // On its due day a packet is still within its deadline; the day after, it is owed.
    expect(report({ studySessions: sessions, asOf: '2026-11-23' }).study.packets).toMatchObject({
      due: 3,
      withinDeadline: 1,
    })
    expect(report({ studySessions: sessions, asOf: '2026-11-24' }).study.packets).toMatchObject({
      due: 4,
      overdue: 2,
      withinDeadline: 0,
    })
  })

  it('counts a packet reported before its deadline as within it, reported early', () => {
    const sessions = [
      stored('studySessions', {
        kind: 'collective',
        date: '2026-11-20',
        packet: { planReady: true, reportedOn: '2026-11-21' },
      }),
    ]
    expect(report({ studySessions: sessions, asOf: '2026-11-22' }).study.packets).toEqual({
      due: 0,
      reported: 0,
      onTime: 0,
      overdue: 0,
      withinDeadline: 1,
      reportedEarly: 1,
    })
  })

  it('counts sessions and hours by kind, and groups topics with their dates', () => {
    const facts = report({
      studySessions: [
        stored('studySessions', {
          kind: 'centerGroup',
          topic: '学习党的二十大精神',
          date: '2026-03-05',
          durationHours: 2,
        }),
        stored('studySessions', {
          kind: 'centerGroup',
          topic: '学习党的二十大精神',
          date: '2026-01-10',
          durationHours: 2.5,
        }),
        stored('studySessions', { kind: 'online', topic: '灯塔大课堂', date: '2026-02-01', durationHours: 1 }),
      ],
    })
    expect(facts.study).toMatchObject({ count: 3, hours: 5.5, collectiveCount: 2 })
    expect(facts.study.byKind).toEqual([
      { kind: 'centerGroup', label: '理论学习中心组学习', count: 2, hours: 4.5 },
      { kind: 'online', label: '线上学习', count: 1, hours: 1 },
    ])
    expect(facts.study.topics).toEqual([
      {
        topic: '学习党的二十大精神',
        dates: ['2026-01-10', '2026-03-05'],
        dateTexts: ['2026年1月10日', '2026年3月5日'],
      },
      { topic: '灯塔大课堂', dates: ['2026-02-01'], dateTexts: ['2026年2月1日'] },
    ])
  })

  it('rates attendance over the sessions with an expected count only, guests not hiding absences', () => {
    const facts = report({
      studySessions: [
        stored('studySessions', { attendance: attendance(10, 8, 2) }),
        stored('studySessions', { attendance: attendance(5, 7) }),
        stored('studySessions', { attendance: attendance(null, 6, 1) }),
        stored('studySessions', { kind: 'selfStudy', attendance: attendance(null, 0) }),
      ],
    })
    expect(facts.study.attendance).toEqual({
      sessionsCounted: 2,
      sessionsWithoutExpected: 1,
      expected: 15,
      present: 13,
      rate: 13 / 15,
    })
  })

  it('includes records on the range’s first and last days and nothing outside', () => {
    const range = { from: '2026-04-01', to: '2026-06-30' }
    const facts = report(
      {
        studySessions: ['2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01'].map((date) =>
          stored('studySessions', { date, topic: date }),
        ),
        readingNotes: ['2026-03-31', '2026-04-01', '2026-06-30'].map((date) => stored('readingNotes', { date })),
        visits: ['2026-06-30', '2026-07-01'].map((date) => stored('visits', { date, place: date })),
      },
      range,
    )
    expect(facts.study.topics.map((t) => t.topic)).toEqual(['2026-04-01', '2026-06-30'])
    expect(facts.reading.count).toBe(2)
    expect(facts.visits.byKind.flatMap((k) => k.places)).toEqual(['2026-06-30'])
  })

  it('leaves out deleted records (tombstones)', () => {
    const gone = { deletedAt: '2026-05-01T00:00:00Z' }
    const facts = report({
      studySessions: [stored('studySessions', { date: '2026-04-01' }, gone)],
      readingNotes: [stored('readingNotes', { date: '2026-04-01' }, gone)],
      visits: [
        stored(
          'visits',
          {
            date: '2026-04-01',
            problems: [
              {
                description: '已删',
                category: 'other',
                raisedBy: '',
                status: 'open',
                dueDate: '',
                resolution: '',
                resolvedDate: '',
              },
            ],
          },
          gone,
        ),
      ],
    })
    expect([facts.study.count, facts.reading.count, facts.visits.count, facts.problems.raised]).toEqual([0, 0, 0, 0])
  })

  it('gathers notes by source title, most-noted first', () => {
    const source = (title: string, author = '') => ({ title, author, chapter: '', page: '' })
    const facts = report({
      readingNotes: [
        stored('readingNotes', { kind: 'excerpt', source: source('《中国共产党章程》') }),
        stored('readingNotes', { kind: 'excerpt', source: source('《习近平谈治国理政》第四卷') }),
        stored('readingNotes', { kind: 'reflection', source: source('《习近平谈治国理政》第四卷', '习近平') }),
      ],
    })
    expect(facts.reading.bySource).toEqual([
      {
        title: '《习近平谈治国理政》第四卷',
        author: '习近平',
        count: 2,
        byKind: { excerpt: 1, reflection: 1, speechOutline: 0 },
      },
      { title: '《中国共产党章程》', author: '', count: 1, byKind: { excerpt: 1, reflection: 0, speechOutline: 0 } },
    ])
    expect(facts.reading.byKind).toEqual([
      { kind: 'excerpt', label: '原文摘抄', count: 2 },
      { kind: 'reflection', label: '心得体会', count: 1 },
    ])
  })

  it('counts visits by kind with their places and households, and problems by outcome with examples', () => {
    const problem = (
      description: string,
      status: 'open' | 'inProgress' | 'resolved',
      dueDate = '',
      resolution = '',
    ) => ({
      description,
      category: 'publicCulture' as const,
      raisedBy: '',
      status,
      dueDate,
      resolution,
      resolvedDate: status === 'resolved' ? '2026-06-01' : '',
    })
    const visits = [
      stored('visits', {
        kind: 'pairedVillage',
        date: '2026-03-01',
        place: '石门村',
        households: [{ name: '石秀兰', situation: '独居老人' }],
        problems: [problem('文化中心利用率低', 'open', '2026-04-01')],
      }),
      stored('visits', {
        kind: 'pairedVillage',
        date: '2026-05-01',
        place: '石门村',
        problems: [
          problem('书屋新书少', 'resolved', '', '补充新书300册。'),
          problem('路灯不亮', 'inProgress', '2026-12-30'),
        ],
      }),
      stored('visits', { kind: 'research', date: '2026-05-02', place: '凤凰山景区' }),
    ]
    const facts = report({ visits })
    expect(facts.visits).toEqual({
      count: 3,
      placeCount: 2,
      householdCount: 1,
      byKind: [
        { kind: 'research', label: '调查研究', count: 1, places: ['凤凰山景区'], households: 0 },
        { kind: 'pairedVillage', label: '联系包帮村', count: 2, places: ['石门村'], households: 1 },
      ],
    })
    expect(facts.problems).toMatchObject({ raised: 3, resolved: 1, inProgress: 1, open: 1 })
    expect(facts.problems.byCategory).toEqual([
      { category: 'publicCulture', label: '公共文化服务', raised: 3, resolved: 1 },
    ])
    expect(facts.problems.resolvedExamples.map((e) => [e.description, e.resolution, e.place])).toEqual([
      ['书屋新书少', '补充新书300册。', '石门村'],
    ])
    expect(facts.problems.unresolvedExamples.map((e) => [e.description, e.statusLabel, e.dateText])).toEqual([
      ['文化中心利用率低', '待办', '2026年3月1日'],
      ['路灯不亮', '办理中', '2026年5月1日'],
    ])
    // Overdue as of the range's end by default (both unresolved ones are past due then); as of a given day when asked.
    expect(facts.problems.overdue).toBe(2)
    expect(report({ visits, asOf: '2026-06-01' }).problems.overdue).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import { recordTypes, type FieldsOf } from '../../src/shared/records'
import { validateRecord, type FieldError } from '../../src/shared/validation'

const TODAY = '2026-11-22'

function studySession(overrides: Partial<FieldsOf['studySessions']> = {}): FieldsOf['studySessions'] {
  return { ...recordTypes.studySessions.blank(TODAY), topic: '深入学习党的二十大精神', ...overrides }
}

function readingNote(overrides: Partial<FieldsOf['readingNotes']> = {}): FieldsOf['readingNotes'] {
  const blank = recordTypes.readingNotes.blank(TODAY)
  return {
    ...blank,
    source: { ...blank.source, title: '《习近平谈治国理政》第四卷' },
    excerpt: '江山就是人民，人民就是江山。',
    ...overrides,
  }
}

function visit(overrides: Partial<FieldsOf['visits']> = {}): FieldsOf['visits'] {
  return { ...recordTypes.visits.blank(TODAY), place: '桃源镇石门村', ...overrides }
}

type Problem = FieldsOf['visits']['problems'][number]

function problem(overrides: Partial<Problem> = {}): Problem {
  return {
    description: '旅游资源开发层次较浅',
    category: 'tourism',
    raisedBy: '村党支部书记王建国',
    status: 'open',
    dueDate: '',
    resolution: '',
    resolvedDate: '',
    ...overrides,
  }
}

/** The errors of a refused record; fails the test if the record was accepted. */
function errorsOf(result: ReturnType<typeof validateRecord>): FieldError[] {
  if (result.ok) throw new Error('expected the record to be refused')
  return result.errors
}

describe('validateRecord: records a cadre fills in', () => {
  it('accepts a blank study session once the topic is filled', () => {
    const result = validateRecord('studySessions', studySession())
    expect(result).toEqual({ ok: true, value: studySession() })
  })

  it('accepts a blank reading note once the title and an excerpt are filled', () => {
    expect(validateRecord('readingNotes', readingNote()).ok).toBe(true)
  })

  it('accepts a reading note that has only a reflection', () => {
    expect(
      validateRecord(
        'readingNotes',
        readingNote({ excerpt: '', reflection: '要把学习成果转化为推动文旅工作的实际成效。' }),
      ).ok,
    ).toBe(true)
  })

  it('accepts a blank visit once the place is filled', () => {
    expect(validateRecord('visits', visit()).ok).toBe(true)
  })

  it('accepts a fully filled study session with attendance and speeches', () => {
    const full = studySession({
      kind: 'seminar',
      startTime: '14:30',
      durationHours: 2.5,
      place: '局三楼会议室',
      host: '李志强',
      leadSpeaker: '王秀英',
      materials: ['《中国共产党章程》'],
      summary: '围绕党的二十大精神开展专题研讨。',
      attendance: { expected: 12, present: ['李志强', '王秀英'], absent: [{ name: '张伟', reason: '因公出差' }] },
      speeches: [{ speaker: '王秀英', gist: '结合文旅工作谈学习体会。' }],
      tags: ['理论学习'],
    })
    expect(validateRecord('studySessions', full).ok).toBe(true)
  })

  it('keeps the text without the spaces around it', () => {
    const result = validateRecord('studySessions', studySession({ topic: '  学习《中国共产党章程》\n' }))
    expect(result.ok && result.value.topic).toBe('学习《中国共产党章程》')
  })
})

describe('validateRecord: refusals name the field in Chinese', () => {
  it('asks for the topic when it is missing', () => {
    expect(errorsOf(validateRecord('studySessions', studySession({ topic: '' })))).toEqual([
      { path: 'topic', message: '请填写学习主题' },
    ])
  })

  it('refuses a topic that is only spaces, including full-width ones', () => {
    expect(errorsOf(validateRecord('studySessions', studySession({ topic: ' \t ' })))).toEqual([
      { path: 'topic', message: '请填写学习主题' },
    ])
    expect(errorsOf(validateRecord('studySessions', studySession({ topic: '\u3000\u3000' })))).toEqual([
      { path: 'topic', message: '请填写学习主题' },
    ])
  })

  it('refuses a visit without a place and a note without a title', () => {
    expect(errorsOf(validateRecord('visits', visit({ place: '   ' })))).toEqual([
      { path: 'place', message: '请填写走访地点' },
    ])
    const untitled = readingNote()
    untitled.source.title = ''
    expect(errorsOf(validateRecord('readingNotes', untitled))).toEqual([
      { path: 'source.title', message: '请填写书名 / 篇名' },
    ])
  })

  it('accepts a topic of 200 characters and refuses 201, naming the limit', () => {
    expect(validateRecord('studySessions', studySession({ topic: '学'.repeat(200) })).ok).toBe(true)
    const errors = errorsOf(validateRecord('studySessions', studySession({ topic: '学'.repeat(201) })))
    expect(errors).toEqual([{ path: 'topic', message: '学习主题不能超过 200 字' }])
  })

  it('refuses a date that does not exist', () => {
    expect(errorsOf(validateRecord('studySessions', studySession({ date: '2026-02-30' })))).toEqual([
      { path: 'date', message: '日期不是有效日期' },
    ])
  })

  it('accepts 29 February only in a leap year', () => {
    expect(validateRecord('studySessions', studySession({ date: '2028-02-29' })).ok).toBe(true)
    expect(errorsOf(validateRecord('studySessions', studySession({ date: '2026-02-29' })))[0]?.message).toBe(
      '日期不是有效日期',
    )
  })

  it('refuses a date written another way', () => {
    for (const date of ['2026/11/22', '2026-1-5', '2026-13-01', '']) {
      const errors = errorsOf(validateRecord('studySessions', studySession({ date })))
      expect(errors.length, date).toBeGreaterThan(0)
      expect(
        errors.every((e) => e.path === 'date'),
        date,
      ).toBe(true)
    }
    expect(errorsOf(validateRecord('studySessions', studySession({ date: '2026-1-5' })))).toEqual([
      { path: 'date', message: '日期不是有效日期' },
    ])
  })

  it('accepts an empty optional date but not an impossible one', () => {
    expect(validateRecord('visits', visit({ nextVisitDate: '' })).ok).toBe(true)
    expect(errorsOf(validateRecord('visits', visit({ nextVisitDate: '2026-04-31' })))).toEqual([
      { path: 'nextVisitDate', message: '下次走访日期不是有效日期' },
    ])
  })

  it('refuses an impossible start time', () => {
    expect(errorsOf(validateRecord('studySessions', studySession({ startTime: '24:00' })))).toEqual([
      { path: 'startTime', message: '开始时间不是有效时间' },
    ])
  })

  it('names the row of an absentee without a name', () => {
    const attendance = {
      expected: 10,
      present: [],
      absent: [
        { name: '王建国', reason: '病假' },
        { name: ' ', reason: '因公出差' },
      ],
    }
    expect(errorsOf(validateRecord('studySessions', studySession({ attendance })))).toEqual([
      { path: 'attendance.absent.1.name', message: '请填写第2项的姓名' },
    ])
  })

  it('names the row of a problem whose due date does not exist', () => {
    const problems = [problem({ dueDate: '2026-02-30' })]
    expect(errorsOf(validateRecord('visits', visit({ problems })))).toEqual([
      { path: 'problems.0.dueDate', message: '第1项的办结时限不是有效日期' },
    ])
  })

  it('asks for an excerpt or a reflection when a note has neither', () => {
    expect(errorsOf(validateRecord('readingNotes', readingNote({ excerpt: '', reflection: '' })))).toEqual([
      { path: 'excerpt', message: '原文摘抄和心得体会至少填写一项' },
    ])
  })

  it('counts an excerpt and reflection of only spaces as empty', () => {
    expect(
      errorsOf(validateRecord('readingNotes', readingNote({ excerpt: '   ', reflection: '\n\u3000' })))[0]?.path,
    ).toBe('excerpt')
  })

  it('refuses a kind that is not in the list', () => {
    const unknown = { ...studySession(), kind: 'picnic' }
    expect(errorsOf(validateRecord('studySessions', unknown))).toEqual([{ path: 'kind', message: '请选择学习形式' }])
    expect(errorsOf(validateRecord('visits', { ...visit(), kind: 'meeting' }))).toEqual([
      { path: 'kind', message: '请选择走访类型' },
    ])
    const badStatus = { ...visit(), problems: [{ ...problem(), status: 'done' }] }
    expect(errorsOf(validateRecord('visits', badStatus))).toEqual([
      { path: 'problems.0.status', message: '请选择第1项的办理状态' },
    ])
  })

  it('refuses a duration outside half an hour to 24 hours', () => {
    expect(validateRecord('studySessions', studySession({ durationHours: 0.5 })).ok).toBe(true)
    expect(validateRecord('studySessions', studySession({ durationHours: 24 })).ok).toBe(true)
    expect(errorsOf(validateRecord('studySessions', studySession({ durationHours: 0 })))).toEqual([
      { path: 'durationHours', message: '时长不能小于 0.5' },
    ])
    expect(errorsOf(validateRecord('studySessions', studySession({ durationHours: 25 })))).toEqual([
      { path: 'durationHours', message: '时长不能大于 24' },
    ])
  })

  it('refuses a duration that is not a number', () => {
    expect(errorsOf(validateRecord('studySessions', { ...studySession(), durationHours: '2' }))).toEqual([
      { path: 'durationHours', message: '时长应为数字' },
    ])
    expect(errorsOf(validateRecord('studySessions', studySession({ durationHours: Number.NaN })))[0]?.path).toBe(
      'durationHours',
    )
  })

  it('refuses a negative expected count', () => {
    const attendance = { expected: -1, present: [], absent: [] }
    expect(errorsOf(validateRecord('studySessions', studySession({ attendance })))).toEqual([
      { path: 'attendance.expected', message: '应到人数不能小于 0' },
    ])
  })

  it('refuses too many tags and too long a tag', () => {
    const many = Array.from({ length: 21 }, (_, i) => `标签${i}`)
    expect(errorsOf(validateRecord('studySessions', studySession({ tags: many })))).toEqual([
      { path: 'tags', message: '标签最多 20 项' },
    ])
    expect(errorsOf(validateRecord('studySessions', studySession({ tags: ['理'.repeat(21)] })))).toEqual([
      { path: 'tags.0', message: '第1项的标签不能超过 20 字' },
    ])
  })

  it('reports every wrong field at once', () => {
    const errors = errorsOf(
      validateRecord('studySessions', studySession({ topic: '', date: '2026-13-01', durationHours: 30 })),
    )
    expect([...new Set(errors.map((e) => e.path))]).toEqual(['topic', 'date', 'durationHours'])
  })
})

describe('validateRecord: English messages', () => {
  it('names the field by its English label', () => {
    expect(errorsOf(validateRecord('studySessions', studySession({ topic: '' }), 'en-US'))).toEqual([
      { path: 'topic', message: 'Topic is required' },
    ])
    expect(errorsOf(validateRecord('studySessions', studySession({ topic: 'x'.repeat(201) }), 'en-US'))).toEqual([
      { path: 'topic', message: 'Topic must be at most 200 characters' },
    ])
    expect(errorsOf(validateRecord('studySessions', studySession({ date: '2026-02-30' }), 'en-US'))).toEqual([
      { path: 'date', message: 'Date is not a valid date' },
    ])
  })

  it('names the row after the field', () => {
    const attendance = { expected: null, present: [], absent: [{ name: '', reason: '' }] }
    expect(errorsOf(validateRecord('studySessions', studySession({ attendance }), 'en-US'))).toEqual([
      { path: 'attendance.absent.0.name', message: 'Name (item 1) is required' },
    ])
  })

  it('explains the note rule in English', () => {
    expect(errorsOf(validateRecord('readingNotes', readingNote({ excerpt: '' }), 'en-US'))).toEqual([
      { path: 'excerpt', message: 'Write an excerpt or a reflection' },
    ])
  })

  it('explains an out-of-range duration in English', () => {
    expect(errorsOf(validateRecord('studySessions', studySession({ durationHours: 0.25 }), 'en-US'))).toEqual([
      { path: 'durationHours', message: 'Duration must be at least 0.5' },
    ])
  })
})

describe('regressions', () => {
  it('gives one message for a badly formed date, and asks to fill in an empty one', () => {
    const badFormat = validateRecord('studySessions', {
      ...recordTypes.studySessions.blank('2026-11-22'),
      topic: 'x',
      date: '2026/11/22',
    })
    expect(badFormat).toEqual({ ok: false, errors: [{ path: 'date', message: '日期不是有效日期' }] })
    const empty = validateRecord('studySessions', {
      ...recordTypes.studySessions.blank('2026-11-22'),
      topic: 'x',
      date: '',
    })
    expect(empty).toEqual({ ok: false, errors: [{ path: 'date', message: '请填写日期' }] })
  })

  it('names the whole record when the input is not an object', () => {
    expect(validateRecord('studySessions', null)).toEqual({
      ok: false,
      errors: [{ path: '', message: '记录的内容无法识别，请重新填写' }],
    })
    expect(validateRecord('studySessions', null, 'en-US')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'The record has an unreadable value' }],
    })
  })

  it('accepts durations in half hours only', () => {
    const session = { ...recordTypes.studySessions.blank('2026-11-22'), topic: 'x', durationHours: 1.37 }
    expect(validateRecord('studySessions', session)).toEqual({
      ok: false,
      errors: [{ path: 'durationHours', message: '时长须为 0.5 的整数倍' }],
    })
    expect(validateRecord('studySessions', { ...session, durationHours: 1.5 }).ok).toBe(true)
  })

  it('reports a blank note’s missing excerpt together with its missing title', () => {
    const result = validateRecord('readingNotes', recordTypes.readingNotes.blank('2026-11-22'))
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['source.title', 'excerpt'])
  })
})

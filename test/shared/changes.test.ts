import { describe, expect, it } from 'vitest'
import { changedFields, sameValue } from '../../src/shared/changes'

const session = {
  topic: '深入学习党的二十大精神',
  date: '2026-11-22',
  durationHours: 2,
  materials: ['《中国共产党章程》', '《习近平谈治国理政》第四卷'],
  attendance: { expected: 12, present: ['李志强', '王秀英'], absent: [{ name: '张伟', reason: '因公出差' }] },
  tags: [] as string[],
}

describe('changedFields', () => {
  it('returns every field of a new record', () => {
    expect(changedFields(null, session)).toEqual(session)
  })

  it('returns nothing when nothing changed', () => {
    expect(changedFields(session, structuredClone(session))).toEqual({})
  })

  it('returns only the top-level fields that changed, with their new values', () => {
    const after = { ...structuredClone(session), topic: '学习《中国共产党章程》', durationHours: 2.5 }
    expect(changedFields(session, after)).toEqual({ topic: '学习《中国共产党章程》', durationHours: 2.5 })
  })

  it('returns a whole nested field when something inside it changed', () => {
    const after = structuredClone(session)
    after.attendance.absent[0]!.reason = '病假'
    expect(changedFields(session, after)).toEqual({ attendance: after.attendance })
  })

  it('treats an equal copy of an array or object as unchanged', () => {
    const after = { ...session, materials: [...session.materials], attendance: structuredClone(session.attendance) }
    expect(changedFields(session, after)).toEqual({})
  })

  it('sees a reordered list as a change', () => {
    const after = { ...session, materials: [...session.materials].reverse() }
    expect(changedFields(session, after)).toEqual({ materials: after.materials })
  })

  it('reports a field the record did not have before', () => {
    expect(changedFields({ topic: 'a' }, { topic: 'a', summary: '' })).toEqual({ summary: '' })
  })

  it('reports a field cleared to an empty value', () => {
    expect(changedFields(session, { ...session, tags: [], materials: [] })).toEqual({ materials: [] })
    expect(changedFields({ expected: 12 }, { expected: null })).toEqual({ expected: null })
  })
})

describe('sameValue', () => {
  it('compares primitives strictly', () => {
    expect(sameValue('2', '2')).toBe(true)
    expect(sameValue(2, '2')).toBe(false)
    expect(sameValue(0, false)).toBe(false)
    expect(sameValue('', null)).toBe(false)
    expect(sameValue(null, undefined)).toBe(false)
    expect(sameValue(null, null)).toBe(true)
  })

  it('compares arrays element by element', () => {
    expect(sameValue([1, [2, 3]], [1, [2, 3]])).toBe(true)
    expect(sameValue([1, 2], [1, 2, 3])).toBe(false)
    expect(sameValue([], [])).toBe(true)
    expect(sameValue([1, 2], [2, 1])).toBe(false)
  })

  it('compares objects key by key, whatever the key order', () => {
    expect(sameValue({ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 })).toBe(true)
    expect(sameValue({ a: 1 }, { a: 1, b: 2 })).toBe(false)
    expect(sameValue({ a: { b: 1 } }, { a: { b: 2 } })).toBe(false)
  })

  it('does not mistake an object for an array or for null', () => {
    expect(sameValue({ 0: 'a' }, ['a'])).toBe(false)
    expect(sameValue({}, [])).toBe(false)
    expect(sameValue({}, null)).toBe(false)
    expect(sameValue(null, {})).toBe(false)
  })
})

describe('regressions', () => {
  it('does not take objects with different keys for equal', () => {
    expect(sameValue({ a: undefined }, { b: 1 })).toBe(false)
    expect(changedFields({ x: { a: undefined } }, { x: { b: 1 } })).toEqual({ x: { b: 1 } })
  })
})

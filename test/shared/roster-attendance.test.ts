import { describe, expect, it } from 'vitest'
import { recordTypes } from '../../src/shared/records'
import { attendanceFromRoster } from '../../src/shared/roster-attendance'

const roster = [
  { accountId: 'a', displayName: '张伟' },
  { accountId: 'b', displayName: '李娜' },
  { accountId: 'c', displayName: '王芳' },
]
const ref = (i: number) => ({ accountId: roster[i]!.accountId, name: roster[i]!.displayName })
const blank = recordTypes.studySessions.blank('2026-12-04').attendance

describe('attendanceFromRoster', () => {
  it('puts those picked in 实到 and the roster’s others in 缺席, with 应到 the roster’s size', () => {
    const next = attendanceFromRoster(blank, roster, [], [ref(0), ref(2)])
    expect(next.present).toEqual(['张伟', '王芳'])
    expect(next.absent).toEqual([{ name: '李娜', reason: '' }])
    expect(next.expected).toBe(3)
  })

  it('keeps a reason typed for an absent member, and drops the row once the member is picked', () => {
    const first = attendanceFromRoster(blank, roster, [], [ref(0)])
    const withReason = {
      ...first,
      absent: first.absent.map((row) => (row.name === '李娜' ? { ...row, reason: '外出调研' } : row)),
    }
    const second = attendanceFromRoster(withReason, roster, [ref(0)], [ref(0), ref(2)])
    expect(second.absent).toEqual([{ name: '李娜', reason: '外出调研' }])
    const third = attendanceFromRoster(second, roster, [ref(0), ref(2)], [ref(0), ref(1), ref(2)])
    expect(third.absent).toEqual([])
  })

  it('never touches guests typed into 实到 or names typed into 缺席, nor an 应到 already set', () => {
    const typed = {
      ...blank,
      expected: 12,
      present: ['市委宣讲团刘明'],
      absent: [{ name: '赵磊', reason: '病假' }],
    }
    const next = attendanceFromRoster(typed, roster, [], [ref(1)])
    expect(next.present).toEqual(['市委宣讲团刘明', '李娜'])
    expect(next.absent).toEqual([
      { name: '赵磊', reason: '病假' },
      { name: '张伟', reason: '' },
      { name: '王芳', reason: '' },
    ])
    expect(next.expected).toBe(12)
  })

  it('takes a member unpicked out of 实到 and into 缺席', () => {
    const first = attendanceFromRoster(blank, roster, [], [ref(0), ref(1), ref(2)])
    expect(first.absent).toEqual([])
    const second = attendanceFromRoster(first, roster, [ref(0), ref(1), ref(2)], [ref(0), ref(2)])
    expect(second.present).toEqual(['张伟', '王芳'])
    expect(second.absent).toEqual([{ name: '李娜', reason: '' }])
  })
})

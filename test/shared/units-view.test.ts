import { describe, expect, it } from 'vitest'
import { membersBelow, unitMonthOf } from '../../src/shared/reporting/unit-month'
import {
  countsAsOwn,
  mayEdit,
  memberUnits,
  recordableUnits,
  reportsPacket,
  type Viewer,
} from '../../src/shared/units-view'
import type { MyUnits } from '../../src/shared/units'
import { session, visit } from './reporting/records'

const ZHANG = '0190a000-0000-7000-8000-0000000000a1'
const LI = '0190a000-0000-7000-8000-0000000000a2'
const WANG = '0190a000-0000-7000-8000-0000000000a3'
const C = '0190a000-0000-7000-8000-0000000000c1'
const B = '0190a000-0000-7000-8000-0000000000b1'

const units: MyUnits = {
  units: [
    { id: C, kind: 'centerGroup', name: '局党委理论学习中心组', parentId: null },
    { id: B, kind: 'branch', name: '机关第一党支部', parentId: null },
  ],
  memberships: [
    { unitId: C, role: 'member', canRecord: false },
    { unitId: B, role: 'secretary', canRecord: false },
  ],
  reviews: [],
  rosters: {
    [C]: [
      { accountId: ZHANG, displayName: '张伟', role: 'secretary', canRecord: false },
      { accountId: LI, displayName: '李娜', role: 'member', canRecord: false },
    ],
    [B]: [{ accountId: LI, displayName: '李娜', role: 'secretary', canRecord: false }],
  },
}
const li: Viewer = { accountId: LI, units }
const present = (...ids: string[]) =>
  ids.map((accountId) => ({ accountId, name: accountId === ZHANG ? '张伟' : '李娜' }))

describe('the organization as one account sees it', () => {
  it('records for the units where it is secretary or allowed, shares with every unit it belongs to', () => {
    expect(recordableUnits(units).map((u) => u.id)).toEqual([B])
    expect(memberUnits(units).map((u) => u.id)).toEqual([C, B])
    expect(
      recordableUnits({ ...units, memberships: [{ unitId: C, role: 'member', canRecord: true }] }).map((u) => u.id),
    ).toEqual([C])
  })

  it('edits its own personal records and its recordable units’ records, never another member’s shared one', () => {
    expect(mayEdit({ authorId: LI }, li)).toBe(true)
    expect(mayEdit({}, li)).toBe(true)
    expect(mayEdit({ authorId: ZHANG }, li)).toBe(false)
    expect(mayEdit({ unitId: B, authorId: ZHANG }, li)).toBe(true)
    expect(mayEdit({ unitId: C, authorId: ZHANG }, li)).toBe(false)
    expect(mayEdit({ authorId: ZHANG }, { accountId: null, units })).toBe(true)
  })

  it('counts a unit session in a member’s figures when the member was picked as present, and never another’s shared record', () => {
    expect(
      countsAsOwn('studySessions', session({ unitId: C, authorId: ZHANG, rosterPresent: present(ZHANG, LI) }), li),
    ).toBe(true)
    expect(
      countsAsOwn('studySessions', session({ unitId: C, authorId: ZHANG, rosterPresent: present(ZHANG) }), li),
    ).toBe(false)
    // Nobody picked: it counts for whoever recorded it, as before rosters.
    expect(countsAsOwn('studySessions', session({ unitId: B, authorId: LI, rosterPresent: [] }), li)).toBe(true)
    expect(countsAsOwn('studySessions', session({ unitId: C, authorId: ZHANG, rosterPresent: [] }), li)).toBe(false)
    expect(countsAsOwn('visits', visit({ authorId: ZHANG, sharedWith: [C] }), li)).toBe(false)
    expect(countsAsOwn('visits', visit({ authorId: LI, sharedWith: [C] }), li)).toBe(true)
    expect(countsAsOwn('visits', visit({}), { accountId: null, units })).toBe(true)
  })

  it('leaves a unit session’s packet to those who record it', () => {
    expect(reportsPacket({ unitId: C, authorId: ZHANG }, li)).toBe(false)
    expect(reportsPacket({ unitId: B, authorId: LI }, li)).toBe(true)
  })
})

describe("a unit's month", () => {
  it('counts the unit’s collective sessions of the month and each member’s attendance from the roster', () => {
    const records = {
      studySessions: [
        session({ unitId: C, kind: 'centerGroup', date: '2026-12-02', rosterPresent: present(ZHANG, LI) }),
        session({ unitId: C, kind: 'centerGroup', date: '2026-12-03', rosterPresent: present(ZHANG) }),
        session({ unitId: C, kind: 'centerGroup', date: '2026-11-30', rosterPresent: present(LI) }),
        session({ unitId: C, kind: 'centerGroup', date: '2026-12-03', deletedAt: '2026-12-03T10:00:00Z' }),
        session({ unitId: B, kind: 'collective', date: '2026-12-03', rosterPresent: present(LI) }),
        session({ kind: 'centerGroup', date: '2026-12-03' }),
      ],
      visits: [
        visit({ date: '2026-12-01', authorId: WANG, sharedWith: [C] }),
        visit({ date: '2026-12-01', authorId: WANG, sharedWith: [B] }),
      ],
    }
    const month = unitMonthOf(records, C, units.rosters[C]!, 2, '2026-12-04')
    expect(month.held.map((s) => s.date)).toEqual(['2026-12-02', '2026-12-03'])
    expect(month.members).toEqual([
      { accountId: ZHANG, name: '张伟', attended: 2, rate: 1 },
      { accountId: LI, name: '李娜', attended: 1, rate: 0.5 },
    ])
    expect(month.sharedVisits).toHaveLength(1)
    expect(
      unitMonthOf({ studySessions: [], visits: [] }, C, units.rosters[C]!, 2, '2026-12-04').members[0]!.rate,
    ).toBeNull()
  })
})

describe('members below the attendance a unit expects', () => {
  const member = (name: string, rate: number | null) => ({ accountId: name, name, attended: 0, rate })
  it('flags those under the rate, lowest first, and nobody while no session was held', () => {
    const members = [member('王芳', 0.5), member('李强', 1), member('赵敏', 0.25), member('陈静', 0.75)]
    expect(membersBelow(members, 0.75).map((m) => m.name)).toEqual(['赵敏', '王芳'])
    expect(membersBelow([member('王芳', null)], 0.75)).toEqual([])
  })
})

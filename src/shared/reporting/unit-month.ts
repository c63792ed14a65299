/**
 * A unit's month on 首页 (issue "Units and roles", screens): its collective sessions held against the monthly
 * minimum, each member's attendance (sessions at which they were picked from the roster, of those held), and the
 * visits its members shared with it. Pure, from what the device holds, so it works offline.
 */
import { monthRange } from '../dates'
import { isCollective, type StudySession, type Visit } from '../records'
import type { UnitMember } from '../units'

export interface MemberAttendance {
  accountId: string
  name: string
  attended: number
  /** attended / held, or null while none was held. */
  rate: number | null
}

export interface UnitMonth {
  unitId: string
  month: { from: string; to: string }
  minimum: number
  /** The unit's collective sessions this month, oldest first. */
  held: StudySession[]
  members: MemberAttendance[]
  sharedVisits: Visit[]
}

export function unitMonthOf(
  records: { studySessions: readonly StudySession[]; visits: readonly Visit[] },
  unitId: string,
  roster: readonly UnitMember[],
  minimum: number,
  today: string,
): UnitMonth {
  const month = monthRange(today)
  const inMonth = (date: string) => date >= month.from && date <= month.to
  const held = records.studySessions
    .filter((s) => s.deletedAt === null && s.unitId === unitId && isCollective(s) && inMonth(s.date))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const members = roster.map((member): MemberAttendance => {
    const attended = held.filter((s) => (s.rosterPresent ?? []).some((m) => m.accountId === member.accountId)).length
    return {
      accountId: member.accountId,
      name: member.displayName,
      attended,
      rate: held.length === 0 ? null : attended / held.length,
    }
  })
  const sharedVisits = records.visits.filter(
    (v) => v.deletedAt === null && !v.unitId && (v.sharedWith ?? []).includes(unitId) && inMonth(v.date),
  )
  return { unitId, month, minimum, held, members, sharedVisits }
}

/**
 * The members whose attendance this month is below what the unit expects (a rate from 0 to 1), lowest first; none
 * while no session was held.
 */
export function membersBelow(members: readonly MemberAttendance[], expectedRate: number): MemberAttendance[] {
  return members
    .filter((member) => member.rate !== null && member.rate < expectedRate)
    .sort((a, b) => (a.rate ?? 0) - (b.rate ?? 0) || a.name.localeCompare(b.name, 'zh-CN'))
}

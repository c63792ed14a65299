/**
 * A unit session's attendance as the secretary picks members from the roster (docs/units.md, attendance from the
 * roster): those picked are present, by name, beside the guests typed into 实到人员; the roster's others are absent,
 * listed in 缺席人员 so that only their reasons are left to type. Rows typed by hand (a guest, a name not on the
 * roster) are never touched; a reason already typed stays with its member.
 */
import type { MemberRef } from './fields'
import type { StudySessionFields } from './records/study-session'

type Attendance = StudySessionFields['attendance']

export function attendanceFromRoster(
  attendance: Attendance,
  roster: readonly { displayName: string }[],
  before: readonly MemberRef[],
  picked: readonly MemberRef[],
): Attendance {
  const wasPicked = new Set(before.map((m) => m.name))
  const isPicked = new Set(picked.map((m) => m.name))
  const typed = attendance.present.filter((name) => !wasPicked.has(name) || isPicked.has(name))
  const present = [...typed, ...picked.map((m) => m.name).filter((name) => !typed.includes(name))]

  const onRoster = new Set(roster.map((m) => m.displayName))
  // A member now picked leaves 缺席人员; every other row stays as it is.
  const kept = attendance.absent.filter((row) => !(onRoster.has(row.name) && isPicked.has(row.name)))
  const listed = new Set(kept.map((row) => row.name))
  const missing = roster
    .map((m) => m.displayName)
    .filter((name) => !isPicked.has(name) && !listed.has(name) && !present.includes(name))
  const absent = [...kept, ...missing.map((name) => ({ name, reason: '' }))]

  const expected = attendance.expected ?? (roster.length > 0 ? roster.length : null)
  return { ...attendance, present, absent, expected }
}

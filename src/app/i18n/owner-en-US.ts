import type { OwnerMessageKey } from './owner-zh-CN'

export const ownerEnUS: Record<OwnerMessageKey, string> = {
  'owner.title': 'Owner and sharing',
  'owner.belongsTo': 'Belongs to',
  'owner.personal': 'Personal',
  'owner.personalHint': 'Only you see it; you can share it with your units',
  'owner.unitHint': 'Every member of {unit} sees it; its secretary and members allowed to record can change it',
  'owner.unit': 'Unit',
  'owner.sharedWith': 'Shared with',
  'owner.shareNone': 'Not shared (only you)',
  'owner.shareHint': 'Members of the units chosen can read it, not change it',
  'owner.sharedFrom': 'Shared by {name}',
  'owner.someone': 'another member',
  'owner.readOnly': '{name} shared this record with your unit: you can read it.',
  'owner.readOnlyUnit':
    'This record belongs to {unit}: its secretary or a member allowed to record fills it in; you can read it.',
  'owner.roster': 'Members present (from the roster)',
  'owner.rosterHint':
    'Tick the members present: their names go into Present, the others into Absent for their reasons. Guests are still typed below',
  'owner.rosterEmpty': 'The roster has not reached this phone yet: sync once online to pick from it',
  'owner.rosterCount': '{n} of {total} chosen',
  'owner.conflictPerson': '{person} ({device})',
  'home.mine': 'Mine',
  'home.unitFigures': '{unit} · this month',
  'home.unitHeld': 'Collective sessions',
  'home.unitHeldValue': '{held}/{minimum}',
  'home.unitAttendance': 'Attendance by member',
  'home.unitAttendanceRow': '{attended}/{held}',
  'home.unitNoSessions': 'No collective session recorded this month yet',
  'home.unitShared': 'Visits shared by members',
}

/**
 * The organization as one account sees it on its device (docs/units.md): which units it may record for, which it may
 * share with, who may edit a record, and which records are its own for its figures. Pure: the device's copy of
 * GET /api/units and the account's id come in.
 */
import type { RecordMeta, RecordTable, StudySession } from './records'
import type { MyUnits, UnitInfo, UnitMember } from './units'

export interface Viewer {
  /** Null on a phone never signed in: every record on it is the person's own. */
  accountId: string | null
  units: MyUnits
}

const byId = (my: MyUnits) => new Map(my.units.map((unit) => [unit.id, unit]))

/** Units the account belongs to, in the order the server gave its memberships. */
export function memberUnits(my: MyUnits): UnitInfo[] {
  const units = byId(my)
  return my.memberships.flatMap((m) => units.get(m.unitId) ?? [])
}

/** Units whose sessions the account may record: it is their secretary, or a member allowed to record. */
export function recordableUnits(my: MyUnits): UnitInfo[] {
  const units = byId(my)
  return my.memberships.filter((m) => m.role === 'secretary' || m.canRecord).flatMap((m) => units.get(m.unitId) ?? [])
}

export function unitName(my: MyUnits, unitId: string): string | undefined {
  return my.units.find((unit) => unit.id === unitId)?.name
}

export function rosterOf(my: MyUnits, unitId: string): readonly UnitMember[] {
  return my.rosters[unitId] ?? []
}

/** A member's name as the rosters this account reads give it (a shared record's author), if any does. */
export function memberName(my: MyUnits, accountId: string): string | undefined {
  for (const roster of Object.values(my.rosters)) {
    const member = roster.find((m) => m.accountId === accountId)
    if (member) return member.displayName
  }
  return undefined
}

/** Whether the record is the person's own (personal, made by them or before any sign-in). */
export function isOwnPersonal(record: Pick<RecordMeta, 'unitId' | 'authorId'>, viewer: Viewer): boolean {
  if (record.unitId) return false
  return viewer.accountId === null || record.authorId === undefined || record.authorId === viewer.accountId
}

/**
 * Whether this account may change the record, as the server will judge it (it decides; this only spares the person
 * an edit that would be refused): its own personal records, and its units' records where it may record.
 */
export function mayEdit(record: Pick<RecordMeta, 'unitId' | 'authorId'>, viewer: Viewer): boolean {
  if (!record.unitId) return isOwnPersonal(record, viewer)
  return recordableUnits(viewer.units).some((unit) => unit.id === record.unitId)
}

/**
 * Whether a record counts in the person's own figures (首页, hours, the year view and report, the ledger): their own
 * personal records, and the unit sessions they were present at (picked from the roster). A unit session nobody was
 * picked for counts for whoever recorded it, as before rosters existed. Another member's shared record never counts.
 */
export function countsAsOwn(
  table: RecordTable,
  record: Pick<RecordMeta, 'unitId' | 'authorId'> & Partial<Pick<StudySession, 'rosterPresent'>>,
  viewer: Viewer,
): boolean {
  if (!record.unitId) return isOwnPersonal(record, viewer)
  if (table !== 'studySessions' || viewer.accountId === null) return false
  const present = record.rosterPresent ?? []
  if (present.length === 0) return record.authorId === undefined || record.authorId === viewer.accountId
  return present.some((m) => m.accountId === viewer.accountId)
}

/**
 * Whether the session's 一学一报 is the person's to send: their own personal sessions, and their units' sessions
 * where they may record. A member present at a unit session counts its hours, not its packet.
 */
export function reportsPacket(record: Pick<RecordMeta, 'unitId' | 'authorId'>, viewer: Viewer): boolean {
  return mayEdit(record, viewer)
}

/**
 * Whether the account reviews a unit strictly above `unitId` (its ancestors as this device knows them): who may return
 * or accept the unit's packets. A reviewer of the unit itself reads the units below it, not its own packets.
 */
export function reviewsAbove(my: MyUnits, unitId: string): boolean {
  const parents = new Map(my.units.map((unit) => [unit.id, unit.parentId]))
  const reviewed = new Set(my.reviews)
  const seen = new Set<string>([unitId])
  for (
    let above = parents.get(unitId) ?? null;
    above !== null && !seen.has(above);
    above = parents.get(above) ?? null
  ) {
    if (reviewed.has(above)) return true
    seen.add(above)
  }
  return false
}

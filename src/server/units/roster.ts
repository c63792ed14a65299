/**
 * A unit's roster as its secretary reads it (GET /api/units/:id/members): each member's role and whether the person
 * uses the app. A secretary needs to know who has not signed in yet, or stopped; not which phones, not when in the
 * day. So: signed in now (yes or no) and the hour a device last reached the server.
 */
import type { Kysely } from 'kysely'
import type { RosterMember, UnitKind, UnitRoster } from '../../shared/units'
import type { Database } from '../db/schema'
import { notSecretary, UnitProblem, type Actor } from './units-service'

export async function rosterOf(db: Kysely<Database>, actor: Actor, unitId: string): Promise<UnitRoster> {
  const unit = await db
    .selectFrom('units')
    .select(['id', 'kind', 'name', 'parent_id'])
    .where('id', '=', unitId)
    .executeTakeFirst()
  if (!unit) throw new UnitProblem('notFound', '没有这个党组织', 'No such unit')
  if (!actor.isAdmin) {
    const own = await db
      .selectFrom('memberships')
      .select('role')
      .where('unit_id', '=', unitId)
      .where('account_id', '=', actor.accountId)
      .executeTakeFirst()
    if (own?.role !== 'secretary') throw notSecretary()
  }
  const members = await db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.account_id', 'm.role', 'm.can_record', 'a.display_name', 'a.disabled_at'])
    .where('m.unit_id', '=', unitId)
    .orderBy('m.created_at')
    .execute()
  const ids = members.map((m) => m.account_id)
  // One row per member at most: the latest use of any of its sign-ins, and whether one of them is still valid.
  const usage =
    ids.length === 0
      ? []
      : await db
          .selectFrom('tokens')
          .select((eb) => [
            'account_id',
            eb.fn.max('last_used_at').as('last_used'),
            eb.fn.count<number>(eb.case().when('revoked_at', 'is', null).then(1).end()).as('live'),
          ])
          .where('account_id', 'in', ids)
          .groupBy('account_id')
          .execute()
  const usageOf = new Map(usage.map((u) => [u.account_id, u]))
  return {
    unit: { id: unit.id, kind: unit.kind as UnitKind, name: unit.name, parentId: unit.parent_id },
    members: members.map((m): RosterMember => {
      const used = usageOf.get(m.account_id)
      return {
        accountId: m.account_id,
        displayName: m.display_name,
        role: m.role === 'secretary' ? 'secretary' : 'member',
        canRecord: m.can_record === 1,
        signedIn: m.disabled_at === null && Number(used?.live ?? 0) > 0,
        lastSeenAt: used?.last_used ? toHour(String(used.last_used)) : null,
      }
    }),
  }
}

/** Rounded down to the hour: the date shows right in any whole-hour time zone, the minute is nobody's business. */
function toHour(iso: string): string {
  const time = new Date(iso)
  time.setUTCMinutes(0, 0, 0)
  return time.toISOString()
}

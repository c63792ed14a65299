/**
 * Names for devices of other accounts that a conflict on a unit's record may name (sync-protocol.md §4, colleagues'
 * devices; design invariant 15): only devices of accounts that are members of a unit the asker reads, so the answer
 * says nothing about anyone else (unknown, own, and outside ids are left out alike).
 */
import type { Kysely } from 'kysely'
import type { ColleagueDevice } from '../../shared/accounts'
import type { Database } from '../db/schema'
import { accessIndexOf } from './access-index'

export const MAX_OTHER_DEVICES = 50

export async function colleagueDevices(
  db: Kysely<Database>,
  askerId: string,
  deviceIds: readonly string[],
): Promise<ColleagueDevice[]> {
  if (deviceIds.length === 0) return []
  const access = await accessIndexOf(db, db)
  const readable = access.unitsReadBy(askerId)
  if (readable.size === 0) return []
  const rows = await db
    .selectFrom('tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.device_id', 't.device_name', 't.account_id', 't.created_at', 'a.display_name'])
    .where('t.device_id', 'in', [...deviceIds])
    .where('t.account_id', '!=', askerId)
    .orderBy('t.created_at', 'desc')
    .execute()
  const named = new Map<string, ColleagueDevice>()
  for (const row of rows) {
    if (row.device_id === null || named.has(row.device_id)) continue
    if (![...access.unitsOf(row.account_id)].some((unit) => readable.has(unit))) continue
    named.set(row.device_id, {
      deviceId: row.device_id,
      name: row.device_name,
      accountId: row.account_id,
      displayName: row.display_name,
    })
  }
  return [...named.values()]
}

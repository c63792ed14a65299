/**
 * The account's organization on the device: fetched after a sync (GET /api/units) and kept in meta, so that who may
 * record a unit session, 共享给…, the roster and the unit's figures all work with no signal.
 */
import type { MyUnits } from '../../shared/units'
import type { MyUnitsMeta, XsjDatabase } from '../db/schema'
import { readSyncMeta } from '../sync/sync-meta'

/** Refetched at least this often while syncing: a roster change alone brings this phone no records to pull. */
const STALE_AFTER_MS = 10 * 60 * 1000

export const NO_UNITS: MyUnits = { units: [], memberships: [], reviews: [], rosters: {} }

export async function readMyUnits(db: XsjDatabase): Promise<MyUnits> {
  const row = await db.meta.get('units')
  return row?.key === 'units' ? row.units : NO_UNITS
}

interface UnitsSource {
  myUnits(token: string): Promise<MyUnits>
}

/**
 * After a sync: asks again when nothing is kept yet, when the organization's version moved (the pull says so: a role
 * or a recording right changed), when the sync brought records (joining or leaving a unit does), or when what is
 * kept is older than STALE_AFTER_MS (a display name changed). A failure only leaves the kept copy as it was.
 */
export async function refreshMyUnits(
  db: XsjDatabase,
  api: UnitsSource,
  token: string,
  pulled: number,
  now = Date.now(),
): Promise<void> {
  const [row, sync] = await Promise.all([db.meta.get('units'), readSyncMeta(db)])
  const kept = row?.key === 'units' ? row : undefined
  const hasMoved = sync.unitsVersion !== undefined && sync.unitsVersion !== kept?.version
  if (kept && !hasMoved && pulled === 0 && now - Date.parse(kept.fetchedAt) < STALE_AFTER_MS) return
  const units = await api.myUnits(token)
  const next: MyUnitsMeta = {
    key: 'units',
    units,
    fetchedAt: new Date(now).toISOString(),
    ...(sync.unitsVersion === undefined ? {} : { version: sync.unitsVersion }),
  }
  await db.meta.put(next)
}

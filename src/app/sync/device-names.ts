/**
 * The names of the devices a conflict names, for saying who wrote a version: the account's own devices, and on a
 * unit's record, devices of colleagues with the person's name (GET /api/auth/devices?others=, sync-protocol.md §4).
 * Asked of the server only when a conflict names a device this phone has no name for, and kept in meta, so the
 * conflict screen names it offline too.
 */
import type { DeviceNamesMeta, XsjDatabase } from '../db/schema'
import type { ApiClient } from './api-client'

/** A device the server would not name (outside the account's units) is asked about again after this long. */
const ASK_AGAIN_AFTER_MS = 24 * 60 * 60 * 1000

export interface DeviceNames {
  /** Device names by id ('' when a device gave none). */
  names: Record<string, string>
  /** The person of a colleague's device, by device id. */
  people: Record<string, string>
}

async function readRow(db: XsjDatabase): Promise<DeviceNamesMeta | undefined> {
  const row = await db.meta.get('deviceNames')
  return row?.key === 'deviceNames' ? row : undefined
}

export async function readDeviceNames(db: XsjDatabase): Promise<DeviceNames> {
  const row = await readRow(db)
  return { names: row?.names ?? {}, people: row?.people ?? {} }
}

/** Conflicts' devices that are neither this phone nor named yet, nor asked about lately without an answer. */
async function unnamedDevices(db: XsjDatabase, now: number): Promise<string[]> {
  const [own, row] = await Promise.all([db.meta.get('device'), readRow(db)])
  const ownId = own?.key === 'device' ? own.deviceId : ''
  const names = row?.names ?? {}
  const asked = row?.askedAt ?? {}
  const ids = new Set<string>()
  for (const table of db.recordTables()) {
    await table
      .where('conflicted')
      .equals(1)
      .each((record) => {
        for (const { deviceId } of record.conflicts ?? []) {
          const isAskedLately = deviceId in asked && now - Date.parse(asked[deviceId]!) < ASK_AGAIN_AFTER_MS
          if (deviceId !== ownId && !(deviceId in names) && !isAskedLately) ids.add(deviceId)
        }
      })
  }
  return [...ids]
}

/** After a sync: fetches the names when a conflict names a device not known yet. A failure only leaves it unnamed. */
export async function refreshDeviceNames(
  db: XsjDatabase,
  api: ApiClient,
  token: string,
  now = Date.now(),
): Promise<void> {
  const unnamed = (await unnamedDevices(db, now)).slice(0, 50)
  if (unnamed.length === 0) return
  const { devices, colleagues = [] } = await api.devices(token, unnamed)
  const row = await readRow(db)
  const names = { ...row?.names }
  const people = { ...row?.people }
  const askedAt = { ...row?.askedAt }
  for (const device of devices) names[device.deviceId] = device.name
  for (const device of colleagues) {
    names[device.deviceId] = device.name
    people[device.deviceId] = device.displayName
  }
  for (const id of unnamed) if (!(id in names)) askedAt[id] = new Date(now).toISOString()
  const next: DeviceNamesMeta = { key: 'deviceNames', names, people, askedAt, fetchedAt: new Date(now).toISOString() }
  await db.meta.put(next)
}

/** This device's identity and its sequence counter, kept in the meta table. */
import { uuidv7 } from '../../shared/ids'
import type { DeviceMeta, XsjDatabase } from './schema'

/** The device row, created on first use. Call inside a transaction that includes meta when writing after it. */
export async function ensureDevice(db: XsjDatabase): Promise<DeviceMeta> {
  const found = await db.meta.get('device')
  if (found?.key === 'device') return found
  const created: DeviceMeta = { key: 'device', deviceId: uuidv7(), lastSeq: 0 }
  await db.meta.put(created)
  return created
}

/** Hands out the next per-device sequence number; must run inside a transaction that includes meta. */
export async function nextSequence(db: XsjDatabase): Promise<{ deviceId: string; seq: number }> {
  const device = await ensureDevice(db)
  const next: DeviceMeta = { ...device, lastSeq: device.lastSeq + 1 }
  await db.meta.put(next)
  return { deviceId: next.deviceId, seq: next.lastSeq }
}

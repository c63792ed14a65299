/** This device's identity and its sequence counter, kept in the meta table (numbers are handed out by outbox-writer.ts). */
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

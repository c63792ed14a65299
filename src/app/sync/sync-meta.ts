/** The sync and account rows of the meta table: read with defaults, written field by field. */
import type { AccountMeta, SyncMeta, XsjDatabase } from '../db/schema'

const NEW_SYNC: SyncMeta = { key: 'sync', cursor: 0, lastSyncAt: null, lastError: null, resyncEpoch: null }

export async function readSyncMeta(db: XsjDatabase): Promise<SyncMeta> {
  const row = await db.meta.get('sync')
  return row?.key === 'sync' ? row : NEW_SYNC
}

/** Must run inside a transaction including meta when it has to commit with other writes. */
export async function writeSyncMeta(db: XsjDatabase, patch: Partial<Omit<SyncMeta, 'key'>>): Promise<SyncMeta> {
  return db.transaction('rw', db.meta, async () => {
    const next = { ...(await readSyncMeta(db)), ...patch }
    await db.meta.put(next)
    return next
  })
}

export async function readAccount(db: XsjDatabase): Promise<AccountMeta | undefined> {
  const row = await db.meta.get('account')
  return row?.key === 'account' ? row : undefined
}

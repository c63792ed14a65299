/**
 * The one place outbox entries are made (the repository's writes, the resync's re-sends, a restored backup): each
 * gets the next per-device sequence number, in the order given, and a new mutation id. Runs inside the caller's
 * transaction, which must include the outbox and meta, so an entry exists only with the record write it describes.
 */
import { uuidv7 } from '../../shared/ids'
import type { OutboxEntry } from '../../shared/outbox'
import { ensureDevice } from './device'
import type { XsjDatabase } from './schema'

/** An entry before it is numbered: what changed, on which record, made on which revision. */
export type OutboxDraft = Omit<
  OutboxEntry,
  'seq' | 'mutationId' | 'deviceId' | 'createdAt' | 'refusal' | 'refusedAt'
> & { createdAt?: string }

export async function queueChanges(db: XsjDatabase, drafts: readonly OutboxDraft[]): Promise<OutboxEntry[]> {
  if (drafts.length === 0) return []
  const device = await ensureDevice(db)
  const createdAt = new Date().toISOString()
  const entries = drafts.map((draft, i): OutboxEntry => {
    const entry: OutboxEntry = {
      ...draft,
      seq: device.lastSeq + 1 + i,
      mutationId: uuidv7(),
      deviceId: device.deviceId,
      createdAt: draft.createdAt ?? createdAt,
    }
    // An empty or absent list is no key at all (a key holding undefined is still stored, and read back, by IndexedDB).
    if (!entry.resolves?.length) delete entry.resolves
    if (!entry.keepConflicts?.length) delete entry.keepConflicts
    return entry
  })
  await db.meta.put({ ...device, lastSeq: device.lastSeq + drafts.length })
  await db.outbox.bulkAdd(entries)
  return entries
}

/**
 * Frees photos no record needs any more. The rule (design.md: nothing is lost before the server has it):
 * an attachment stays while any of these refers to it, by full-size or thumbnail hash —
 * - a live record, or a conflict kept on a record (the person may still choose that value);
 * - a deleted record whose deletion has not reached the server (syncState set): the server may answer that an
 *   edit elsewhere wins, and the record comes back with its photos;
 * - a record deleted less than GRACE_MS ago (the undo bar offers it back);
 * - a draft, or the record a draft was loaded from;
 * - an outbox entry not yet sent;
 * - nothing yet, but it was stored less than GRACE_MS ago: a photo picked into a form whose draft is still being
 *   written.
 * Everything else is deleted, full size and thumbnail, in one transaction with the reads that decided it.
 */
import { photoHashesIn } from '../../shared/photo-refs'
import { recordTypes, SYNCED_TABLES } from '../../shared/records'
import type { XsjDatabase } from './schema'

/** Longer than the undo bar (6 s) and than any draft write; short enough that space comes back the same day. */
export const ATTACHMENT_GRACE_MS = 10 * 60 * 1000

export interface CollectOptions {
  /** @default new Date() */
  now?: Date
}

export interface CollectResult {
  deleted: number
  freedBytes: number
}

export async function collectUnusedAttachments(db: XsjDatabase, options: CollectOptions = {}): Promise<CollectResult> {
  const now = (options.now ?? new Date()).getTime()
  const isRecent = (iso: string | null | undefined): boolean =>
    typeof iso === 'string' && now - Date.parse(iso) < ATTACHMENT_GRACE_MS
  return db.transaction('rw', [db.attachments, db.drafts, db.outbox, ...db.recordTables()], async () => {
    const used = new Set<string>()
    // A packet step's snapshot keeps the photos it was sent with, whatever the session does later.
    for (const table of SYNCED_TABLES) {
      const { specs } = recordTypes[table]
      await db.records(table).each((row) => {
        const isGone = row.deletedAt !== null && row.syncState === undefined && !isRecent(row.deletedAt)
        if (isGone) return
        photoHashesIn(specs, row as unknown as Record<string, unknown>, used)
        for (const conflict of row.conflicts ?? []) photoHashesIn(specs, { [conflict.field]: conflict.value }, used)
      })
    }
    await db.drafts.each((draft) => {
      const { specs } = recordTypes[draft.table]
      photoHashesIn(specs, draft.fields as Record<string, unknown>, used)
      if (draft.base) photoHashesIn(specs, draft.base.fields as unknown as Record<string, unknown>, used)
    })
    await db.outbox.each((entry) => {
      photoHashesIn(recordTypes[entry.table].specs, entry.changes, used)
    })
    const unused = await db.attachments.filter((row) => !used.has(row.hash) && !isRecent(row.createdAt)).toArray()
    await db.attachments.bulkDelete(unused.map((row) => row.hash))
    return {
      deleted: unused.length,
      freedBytes: unused.reduce((sum, row) => sum + (row.blob === null ? 0 : row.bytes), 0),
    }
  })
}

/**
 * When the collector (attachment-collector.ts) runs: a minute after the last deletion or sync brought changes,
 * and once soon after start. It reads every record, so it waits for a quiet moment rather than running per change,
 * and it skips the work entirely on a device without photos.
 */
import type { ChangeOrigin, RecordChange } from './repository'
import type { XsjDatabase } from './schema'

export interface AttachmentCollection {
  /** Call after record changes; decides whether they may have freed a photo. */
  onChanges: (changes: readonly RecordChange[], origin: ChangeOrigin) => void
  dispose: () => void
}

const QUIET_MS = 60_000
const AFTER_START_MS = 30_000

export function scheduleAttachmentCollection(db: XsjDatabase): AttachmentCollection {
  let timer: ReturnType<typeof setTimeout> | undefined
  const run = async (): Promise<void> => {
    if ((await db.attachments.count()) === 0) return
    const { collectUnusedAttachments } = await import('./attachment-collector')
    await collectUnusedAttachments(db)
  }
  const later = (ms: number): void => {
    clearTimeout(timer)
    // A failed run frees nothing and loses nothing; the next trigger tries again.
    timer = setTimeout(() => void run().catch(() => undefined), ms)
  }
  later(AFTER_START_MS)
  return {
    onChanges: (changes, origin) => {
      if (origin === 'sync' || changes.some((c) => c.record.deletedAt !== null)) later(QUIET_MS)
    },
    dispose: () => clearTimeout(timer),
  }
}

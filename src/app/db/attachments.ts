/**
 * Photos on the device: stored once per hash, counted for 我的, and thinned when space runs short. The bytes of a
 * photo are never dropped before the server has them (uploadState 'uploaded'), and a thumbnail never is.
 */
import type { AttachmentRow } from './attachment-row'
import type { XsjDatabase } from './schema'

/**
 * Stores a photo or thumbnail under its hash. The same bytes picked twice are one row; if that row had lost its
 * full-size copy (dropped after upload), the copy comes back and its upload state is kept.
 */
export async function storeAttachment(db: XsjDatabase, row: AttachmentRow): Promise<void> {
  await db.transaction('rw', db.attachments, async () => {
    const existing = await db.attachments.get(row.hash)
    if (!existing) await db.attachments.add(row)
    else if (existing.blob === null) await db.attachments.update(row.hash, { blob: row.blob })
  })
}

/**
 * Changes a stored photo's bookkeeping (upload state, whether any of it was sent). IndexedDB has no partial update:
 * the row, Blob included, is written again. WebKit was handed back the very Blob it had given out, and the photo
 * then sometimes could not be read any more (the cross-engine suite: the upload after such a write failed or hung
 * in 2 runs of 3, and the photo would never have reached the server). So the row is written with a copy of the bytes
 * read into memory first, a Blob WebKit has no file behind; where even that read fails, the state is written as
 * before, which is no worse.
 */
export async function updateAttachmentState(
  db: XsjDatabase,
  hash: string,
  changes: Partial<Pick<AttachmentRow, 'uploadState' | 'isUnsent'>>,
): Promise<void> {
  const stored = (await db.attachments.get(hash))?.blob ?? null
  const copy = stored === null ? null : await inMemory(stored)
  await db.transaction('rw', db.attachments, async () => {
    const row = await db.attachments.get(hash)
    if (!row) return
    // The same hash is the same bytes: the copy stands for whatever Blob the row holds now.
    await db.attachments.put({ ...row, ...changes, blob: row.blob === null || copy === null ? row.blob : copy })
  })
}

async function inMemory(blob: Blob): Promise<Blob | null> {
  try {
    return new Blob([await blob.arrayBuffer()], { type: blob.type })
  } catch {
    return null
  }
}

export async function attachmentOf(db: XsjDatabase, hash: string): Promise<AttachmentRow | undefined> {
  return db.attachments.get(hash)
}

export interface PhotoStorage {
  /** Full-size photos whose bytes are on the device. */
  photos: { count: number; bytes: number }
  thumbnails: { count: number; bytes: number }
  /** Full-size photos already on the server: what 释放空间 would drop. */
  droppable: { count: number; bytes: number }
  /** Full-size photos whose bytes were dropped (on the server only). */
  dropped: number
}

/** Sums rows one at a time (each() does not hold every blob's row in memory at once). */
export async function photoStorageOf(db: XsjDatabase): Promise<PhotoStorage> {
  const figures: PhotoStorage = {
    photos: { count: 0, bytes: 0 },
    thumbnails: { count: 0, bytes: 0 },
    droppable: { count: 0, bytes: 0 },
    dropped: 0,
  }
  await db.attachments.each((row) => {
    if (row.blob === null) {
      figures.dropped++
      return
    }
    const bucket = row.role === 'thumbnail' ? figures.thumbnails : figures.photos
    bucket.count++
    bucket.bytes += row.bytes
    if (row.role === 'photo' && row.uploadState === 'uploaded') {
      figures.droppable.count++
      figures.droppable.bytes += row.bytes
    }
  })
  return figures
}

/** 释放空间: drops the full-size copies the server already has; thumbnails and unsent photos stay. */
export async function dropUploadedOriginals(db: XsjDatabase): Promise<{ count: number; bytes: number }> {
  return db.transaction('rw', db.attachments, async () => {
    let count = 0
    let bytes = 0
    await db.attachments
      .where('uploadState')
      .equals('uploaded')
      .modify((row) => {
        if (row.role !== 'photo' || row.blob === null) return
        count++
        bytes += row.bytes
        row.blob = null
      })
    return { count, bytes }
  })
}

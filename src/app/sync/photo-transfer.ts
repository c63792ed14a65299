/**
 * Moving photo bytes (design.md, invariant 9): up, the device's pending photos in chunks, each upload resumed
 * from what the server says it holds, so a 2G link that drops mid-photo loses one chunk, not the photo; down,
 * thumbnails as soon as a record that shows them arrives, originals when the person opens the record.
 *
 * Records never wait for their photos: the engine pushes and pulls records first and moves photos after, within
 * a time budget, so a slow upload cannot hold back the next record change. A photo the server refuses for good
 * (wrong bytes, too large) is reported and skipped, never retried in a loop; the record that uses it still syncs.
 */
import { UPLOAD_CHUNK_BYTES, THUMBNAIL_MAX_SIDE_PX } from '../../shared/attachments'
import type { PhotoRef } from '../../shared/fields'
import type { AttachmentRow } from '../db/attachment-row'
import { storeAttachment, updateAttachmentState } from '../db/attachments'
import type { XsjDatabase } from '../db/schema'
import { sha256Hex } from '../db/sha256'
import { ApiFailure } from './api-client'
import type { BlobClient } from './blob-client'

export interface PhotoUploadResult {
  uploaded: number
  /** Photos still pending after this run: the time budget ran out. */
  left: number
  /** Hashes the server refused for good; marked 'refused', they stay on the device, unsent, and are not retried. */
  refused: string[]
}

export interface PhotoUploadOptions {
  /** Stop starting new chunks after this moment (ms since the epoch). @default no limit */
  deadline?: number
  onProgress?: (done: number, total: number) => void
  now?: () => number
  /** Only these kinds. @default both */
  roles?: readonly AttachmentRow['role'][]
}

/** Codes that mean these bytes will never be accepted; anything else (network, 5xx) is tried again next run. */
const FINAL_REFUSALS = new Set(['hash_mismatch', 'too_large', 'unsupported_type', 'invalid_request'])

export async function uploadPendingPhotos(
  db: XsjDatabase,
  client: BlobClient,
  token: string,
  options: PhotoUploadOptions = {},
): Promise<PhotoUploadResult> {
  const now = options.now ?? Date.now
  const deadline = options.deadline ?? Infinity
  // Thumbnails first: they are small, and they are what another phone's list shows.
  const roles = options.roles ?? ['thumbnail', 'photo']
  const pending = (await db.attachments.where('uploadState').equals('pending').toArray())
    .filter((row) => roles.includes(row.role))
    .sort(uploadOrder)
  const result: PhotoUploadResult = { uploaded: 0, left: pending.length, refused: [] }
  for (const row of pending) {
    if (now() >= deadline) break
    if (row.blob === null) continue
    try {
      let isDone: boolean
      try {
        isDone = await uploadOne(
          client,
          token,
          row,
          row.blob,
          () => now() < deadline,
          () => updateAttachmentState(db, row.hash, { isUnsent: false }),
          chunkReader(db, row.hash),
        )
      } catch (error) {
        // The server threw the upload away. If the bytes here still hash to their name, they were damaged on the
        // way: send them once more from 0. If not, the phone's copy is damaged, and no resend can help.
        if (!(error instanceof ApiFailure && error.code === 'hash_mismatch' && (await isIntact(db, row.hash))))
          throw error
        // Thrown away whole: start from 0 again without asking.
        isDone = await uploadOne(
          client,
          token,
          { ...row, isUnsent: true },
          row.blob,
          () => now() < deadline,
          async () => undefined,
          chunkReader(db, row.hash),
        )
      }
      if (!isDone) break
      await updateAttachmentState(db, row.hash, { uploadState: 'uploaded' })
      result.uploaded++
      result.left--
      options.onProgress?.(result.uploaded, pending.length)
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.kind !== 'http' || !FINAL_REFUSALS.has(error.code ?? '')) throw error
      await updateAttachmentState(db, row.hash, { uploadState: 'refused' })
      result.refused.push(row.hash)
      result.left--
    }
  }
  return result
}

function uploadOrder(a: AttachmentRow, b: AttachmentRow): number {
  if (a.role !== b.role) return a.role === 'thumbnail' ? -1 : 1
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0
}

/**
 * Uploads one blob from where the server's copy ends; false when `mayGoOn` said stop before it was complete. A blob
 * never sent starts at 0 (no status request, whose 404 would be logged as an error); `onFirstSend` runs before its
 * first chunk goes, since from then on the server may hold part of it.
 */
async function uploadOne(
  client: BlobClient,
  token: string,
  row: AttachmentRow,
  blob: Blob,
  mayGoOn: () => boolean,
  onFirstSend: () => Promise<void>,
  readChunk: (start: number, end: number) => Promise<ArrayBuffer>,
): Promise<boolean> {
  if (row.isUnsent) await onFirstSend()
  let state = row.isUnsent ? { hash: row.hash, received: 0, complete: false } : await client.status(token, row.hash)
  let hasResentLast = false
  while (!state.complete) {
    if (!mayGoOn()) return false
    let start = state.received
    if (start >= blob.size) {
      // Every byte is on the server, unchecked (it stopped between the last chunk and its check): the last chunk
      // sent again makes it check them. Once: a server that still says so is not answering as §10 says.
      if (hasResentLast) throw new ApiFailure('network', 0, null)
      hasResentLast = true
      start = Math.max(0, Math.ceil(blob.size / UPLOAD_CHUNK_BYTES) - 1) * UPLOAD_CHUNK_BYTES
    }
    const end = Math.min(start + UPLOAD_CHUNK_BYTES, blob.size) - 1
    try {
      state = await client.putChunk(
        token,
        row.hash,
        row.type,
        { start, end, total: blob.size },
        await readChunk(start, end + 1),
      )
    } catch (error) {
      // Another tab or an earlier, cut-off request got further than this one thought: go on from there.
      if (error instanceof ApiFailure && error.code === 'upload_offset' && typeof error.body?.received === 'number') {
        state = { hash: row.hash, received: error.body.received, complete: false }
        continue
      }
      throw error
    }
  }
  return true
}

/** Whether the stored bytes (read afresh, see chunkReader) still hash to their name. */
async function isIntact(db: XsjDatabase, hash: string): Promise<boolean> {
  const blob = (await db.attachments.get(hash))?.blob
  return blob !== null && blob !== undefined && (await sha256Hex(blob)) === hash
}

/** How long reading a chunk of a stored photo may take before it is read again from a fresh copy of the row. */
const CHUNK_READ_MS = 5_000

/**
 * A chunk of a stored photo, read into memory from the row as it is now. A Blob read from IndexedDB before its row
 * was written again (marked sent, say) is not to be trusted in WebKit: the file behind it is replaced, and reading
 * it failed or never finished, and the sync run with it (the cross-engine suite, 2 runs of 3; so did a request
 * sending such a Blob as its body). So each chunk is read from a fresh row; a read that fails or hangs is tried once
 * more, then the run fails as a network failure would and the scheduler tries again later.
 */
function chunkReader(db: XsjDatabase, hash: string): (start: number, end: number) => Promise<ArrayBuffer> {
  return async (start, end) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const blob = (await db.attachments.get(hash))?.blob
      if (!blob) break
      const bytes = await withTimeout(
        blob
          .slice(start, end)
          .arrayBuffer()
          .catch(() => null),
        CHUNK_READ_MS,
      )
      if (bytes) return bytes
    }
    throw new ApiFailure('network', 0, null)
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

export type FetchOutcome = 'stored' | 'notOnServer' | 'corrupt'

/**
 * Fetches one photo or thumbnail the device lacks and stores it as already uploaded. Bytes that do not hash to
 * their name are not stored ('corrupt'): a proxy that rewrote an image must not plant it under a trusted name.
 */
export async function fetchAttachment(
  db: XsjDatabase,
  client: BlobClient,
  token: string,
  photo: PhotoRef,
  role: AttachmentRow['role'],
): Promise<FetchOutcome> {
  const hash = role === 'photo' ? photo.hash : photo.thumbHash
  const blob = await client.get(token, hash)
  if (blob === null) return 'notOnServer'
  if ((await sha256Hex(blob)) !== hash) return 'corrupt'
  const size = role === 'photo' ? { width: photo.width, height: photo.height } : thumbnailSizeOf(photo)
  await storeAttachment(db, {
    hash,
    blob: blob.type === photo.type ? blob : new Blob([blob], { type: photo.type }),
    type: photo.type,
    bytes: blob.size,
    ...size,
    role,
    createdAt: new Date().toISOString(),
    uploadState: 'uploaded',
  })
  return 'stored'
}

/** The thumbnail's pixel size, as photo intake makes it: the photo scaled to fit THUMBNAIL_MAX_SIDE_PX. */
function thumbnailSizeOf(photo: PhotoRef): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_MAX_SIDE_PX / Math.max(photo.width, photo.height))
  return { width: Math.max(1, Math.round(photo.width * scale)), height: Math.max(1, Math.round(photo.height * scale)) }
}

/**
 * The photos whose thumbnail (or full-size copy) the device does not hold: what a pull makes it fetch at once, and
 * what opening a record fetches.
 */
export async function lackingBytes(
  db: XsjDatabase,
  photos: readonly PhotoRef[],
  role: AttachmentRow['role'],
): Promise<PhotoRef[]> {
  if (photos.length === 0) return []
  const held = await db.attachments.bulkGet(photos.map((p) => (role === 'photo' ? p.hash : p.thumbHash)))
  return photos.filter((_, i) => !held[i]?.blob)
}

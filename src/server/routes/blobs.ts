/**
 * Photo upload and download (docs/sync-protocol.md, "Photos"; src/shared/sync/blob-protocol.ts). An account reads
 * a hash only if it uploaded those bytes itself (account_blobs); the bytes are stored once, whoever sent them.
 * Every check that needs no body (account, hash, type, range, offset) runs before the body is read.
 */
import { Hono, type Context } from 'hono'
import { sniffAttachmentType } from '../../shared/attachment-sniff'
import { isAttachmentType, isSha256Hex, MAX_ATTACHMENT_BYTES, type AttachmentType } from '../../shared/attachments'
import {
  BLOB_CACHE_CONTROL,
  MAX_CHUNK_BYTES,
  MIN_CHUNK_BYTES,
  parseContentRange,
  type BlobState,
  type ContentRange,
} from '../../shared/sync/blob-protocol'
import { heldBlob, readableBlob, type HeldBlob } from '../blobs/account-blobs'
import { finishUpload, type UploadFinish } from '../blobs/finish-upload'
import { type ApiEnv, requireAccount, type Services } from '../http/context'
import { readBytes } from '../http/read-body'
import {
  badRange,
  blobNotFound,
  bodyCutOff,
  blobTooLarge,
  chunkTooLarge,
  chunkTooSmall,
  hashMismatch,
  notAHash,
  typeMismatch,
  unsupportedType,
  wrongOffset,
} from './blob-errors'

export function blobRoutes(services: Services): Hono<ApiEnv> {
  const { db } = services.storage
  const { blobs } = services
  const routes = new Hono<ApiEnv>()
  routes.use('*', requireAccount(services))

  routes.put('/:hash', async (c) => {
    const hash = checkedHash(c.req.param('hash'))
    const accountId = c.get('account').id
    // Idempotent: the account already holds these bytes, so whatever this request carries is not needed.
    const held = await heldBlob(db, accountId, hash)
    if (held) return c.json(completeState(held))

    const type = declaredType(c.req.header('content-type'))
    const range = declaredRange(c)
    const length = range.end - range.start + 1
    if (length > MAX_CHUNK_BYTES) throw chunkTooLarge(length)
    if (range.end + 1 < range.total && length < MIN_CHUNK_BYTES) throw chunkTooSmall()
    const { received } = await blobs.progress(accountId, hash)
    // Every byte is here already (the server stopped before its check, and the client resends a chunk): whatever
    // this chunk carries, the check is what is left to do.
    if (received > 0 && received === range.total) return c.json(completeState(await finishOrThrow(accountId, hash)))
    if (range.start !== received) throw wrongOffset(range.start, received)

    // A connection that drops mid-chunk (the 2G case) breaks the body off: nothing of it is kept, the client resends.
    const bytes = await readBytes(c, length, bodyCutOff)
    if (bytes.byteLength !== length)
      throw badRange(`Content-Range names ${length} bytes but the body has ${bytes.byteLength}`)
    if (range.start === 0) {
      const actual = sniffAttachmentType(bytes)
      if (actual !== type) throw typeMismatch(type, actual)
    }
    const dropped = await blobs.makeRoom(accountId, hash, length)
    if (dropped.length > 0)
      services.log.info('unfinished uploads dropped to keep the account within its limits', {
        account: accountId,
        dropped,
      })
    let now: number
    try {
      now = await blobs.writeChunk(accountId, hash, range.start, bytes, range.total)
    } catch (error) {
      if (!isMissingFile(error)) throw error
      // Another request finished this upload (and removed its chunks) while this one was writing: done. Or it threw
      // the upload away (its bytes were not the hash): the client goes on from what is held now, 0.
      const finishedElsewhere = await heldBlob(db, accountId, hash)
      if (finishedElsewhere) return c.json(completeState(finishedElsewhere))
      throw wrongOffset(range.start, (await blobs.progress(accountId, hash)).received)
    }
    if (now < range.total) return c.json({ hash, received: now, complete: false } satisfies BlobState, 202)
    return c.json(completeState(await finishOrThrow(accountId, hash)))
  })

  routes.get('/:hash/status', async (c) => {
    const hash = checkedHash(c.req.param('hash'))
    const accountId = c.get('account').id
    const held = await heldBlob(db, accountId, hash)
    if (held) return c.json(completeState(held))
    const { received, hasEveryByte } = await blobs.progress(accountId, hash)
    if (received === 0) throw blobNotFound()
    if (!hasEveryByte) return c.json({ hash, received, complete: false } satisfies BlobState)
    // Every byte arrived but the server stopped before checking them: check now, so the client never has to.
    const finished = await finish(accountId, hash)
    // Thrown away (not the hash's bytes): the account has nothing of this photo, and the client starts from 0.
    if (finished.kind !== 'stored') throw blobNotFound()
    return c.json(completeState(finished.blob))
  })

  // Hono routes HEAD here too.
  routes.get('/:hash', async (c) => {
    const hash = checkedHash(c.req.param('hash'))
    const held = await readableBlob(db, c.get('account').id, hash)
    if (!held) throw blobNotFound()
    const etag = `"${hash}"`
    const headers = { ETag: etag, 'Cache-Control': BLOB_CACHE_CONTROL }
    if (
      c.req
        .header('if-none-match')
        ?.split(',')
        .some((tag) => tag.trim() === etag)
    )
      return c.body(null, 304, headers)
    const described = { ...headers, 'Content-Type': held.type, 'X-Content-Type-Options': 'nosniff' }
    // Hono drops the body of a HEAD answer without closing it: a file opened for it would stay open.
    if (c.req.method === 'HEAD') return c.body(null, 200, { ...described, 'Content-Length': String(held.size) })
    const stored = await blobs.read(hash)
    if (!stored) {
      // The database says the bytes were stored, the store has none: a blob folder lost or restored from an older backup.
      services.log.error('blob missing from the store', { hash, account: c.get('account').id })
      throw blobNotFound()
    }
    return c.body(stored.stream, 200, { ...described, 'Content-Length': String(stored.size) })
  })

  /**
   * Checks the whole upload against its hash and stores it. Another request (on this instance or another) may be
   * finishing the same upload and remove its chunks under this one: then the account holds the photo, and that is
   * the answer.
   */
  async function finish(accountId: string, hash: string): Promise<UploadFinish> {
    try {
      const finished = await finishUpload(db, blobs, accountId, hash, { discardOnMismatch: true })
      if (finished.kind === 'stored') return finished
      // What was read here may have been chunks half removed by the request that finished first.
      const finishedElsewhere = await heldBlob(db, accountId, hash)
      return finishedElsewhere ? { kind: 'stored', blob: finishedElsewhere } : finished
    } catch (error) {
      const finishedElsewhere = isMissingFile(error) ? await heldBlob(db, accountId, hash) : null
      if (finishedElsewhere) return { kind: 'stored', blob: finishedElsewhere }
      throw error
    }
  }

  async function finishOrThrow(accountId: string, hash: string): Promise<HeldBlob> {
    const finished = await finish(accountId, hash)
    if (finished.kind === 'mismatch') throw hashMismatch(hash, finished.actualHash)
    if (finished.kind === 'notAPhoto') throw typeMismatch('image/jpeg', null)
    return finished.blob
  }

  return routes
}

function completeState(blob: HeldBlob): BlobState {
  return { hash: blob.hash, received: blob.size, complete: true, size: blob.size, type: blob.type }
}

function checkedHash(value: string): string {
  if (!isSha256Hex(value)) throw notAHash(value)
  return value
}

function declaredType(header: string | undefined): AttachmentType {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase()
  if (!isAttachmentType(type)) throw unsupportedType(header ?? '')
  return type
}

/** The chunk's place in the blob; a request without Content-Range carries the whole blob. Oversized blobs stop here. */
function declaredRange(c: Context): ContentRange {
  const header = c.req.header('content-range')
  let range: ContentRange | null
  if (header !== undefined) {
    range = parseContentRange(header)
    if (!range)
      throw badRange(
        `Content-Range must be "bytes start-end/total" with start ≤ end < total, got "${header.slice(0, 80)}"`,
      )
  } else {
    const length = Number(c.req.header('content-length') ?? NaN)
    if (!Number.isInteger(length) || length <= 0)
      throw badRange('Send Content-Range (bytes start-end/total), or Content-Length for a whole photo in one request')
    range = { start: 0, end: length - 1, total: length }
  }
  if (range.total > MAX_ATTACHMENT_BYTES) throw blobTooLarge(range.total)
  return range
}

function isMissingFile(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

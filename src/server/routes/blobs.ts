/**
 * Photo upload and download (docs/sync-protocol.md, "Photos"; src/shared/sync/blob-protocol.ts). An account reads
 * a hash only if it uploaded those bytes itself (account_blobs); the bytes are stored once, whoever sent them.
 * Every check that needs no body (account, hash, type, range, offset) runs before the body is read.
 */
import { Hono, type Context } from 'hono'
import { sniffAttachmentType } from '../../shared/attachment-sniff'
import { isAttachmentType, isSha256Hex, MAX_ATTACHMENT_BYTES, type AttachmentType } from '../../shared/attachments'
import { BLOB_CACHE_CONTROL, MAX_CHUNK_BYTES, MIN_CHUNK_BYTES, parseContentRange, type BlobState, type ContentRange } from '../../shared/sync/blob-protocol'
import { heldBlob, recordHeldBlob, type HeldBlob } from '../blobs/account-blobs'
import { type ApiEnv, requireAccount, type Services } from '../http/context'
import { ApiError } from '../http/errors'
import { readBytes } from '../http/read-body'
import { badRange, blobNotFound, bodyCutOff, blobTooLarge, chunkTooLarge, chunkTooSmall, hashMismatch, notAHash, typeMismatch, unsupportedType, wrongOffset } from './blob-errors'

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
    const received = await blobs.received(accountId, hash)
    if (range.start !== received) throw wrongOffset(range.start, received)

    // A connection that drops mid-chunk (the 2G case) breaks the body off: nothing of it is kept, the client resends.
    const bytes = await readBytes(c, length).catch((error: unknown) => Promise.reject(error instanceof ApiError ? error : bodyCutOff()))
    if (bytes.byteLength !== length) throw badRange(`Content-Range names ${length} bytes but the body has ${bytes.byteLength}`)
    if (range.start === 0) {
      const actual = sniffAttachmentType(bytes)
      if (actual !== type) throw typeMismatch(type, actual)
    }
    try {
      const now = await blobs.writeChunk(accountId, hash, range.start, bytes)
      if (now < range.total) return c.json({ hash, received: now, complete: false } satisfies BlobState, 202)
      return c.json(completeState(await finish(accountId, hash)))
    } catch (error) {
      // Another instance finished this upload (and removed its chunks) while this request was writing: done.
      const finishedElsewhere = await heldBlob(db, accountId, hash)
      if (finishedElsewhere && isMissingFile(error)) return c.json(completeState(finishedElsewhere))
      throw error
    }
  })

  routes.get('/:hash/status', async (c) => {
    const hash = checkedHash(c.req.param('hash'))
    const accountId = c.get('account').id
    const held = await heldBlob(db, accountId, hash)
    if (held) return c.json(completeState(held))
    const received = await blobs.received(accountId, hash)
    if (received === 0) throw blobNotFound()
    return c.json({ hash, received, complete: false } satisfies BlobState)
  })

  // Hono routes HEAD here too.
  routes.get('/:hash', async (c) => {
    const hash = checkedHash(c.req.param('hash'))
    const held = await heldBlob(db, c.get('account').id, hash)
    if (!held) throw blobNotFound()
    const etag = `"${hash}"`
    const headers = { ETag: etag, 'Cache-Control': BLOB_CACHE_CONTROL }
    if (c.req.header('if-none-match')?.split(',').some((tag) => tag.trim() === etag)) return c.body(null, 304, headers)
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

  /** Checks the whole upload against its hash, stores it, and records that the account holds it. */
  async function finish(accountId: string, hash: string): Promise<HeldBlob> {
    const outcome = await blobs.finish(accountId, hash)
    if (!outcome.isStored) throw hashMismatch(hash, outcome.actualHash)
    // The first chunk's bytes were checked against its declared type, so this is always one of the accepted types.
    const type = sniffAttachmentType(outcome.head)
    if (!type) {
      await blobs.discardPartial(accountId, hash)
      throw typeMismatch('image/jpeg', null)
    }
    const blob = { hash, size: outcome.size, type }
    // The row before the chunks go: a crash in between leaves a finished blob, not a lost upload.
    await recordHeldBlob(db, accountId, blob)
    await blobs.discardPartial(accountId, hash)
    return blob
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
    if (!range) throw badRange(`Content-Range must be "bytes start-end/total" with start ≤ end < total, got "${header.slice(0, 80)}"`)
  } else {
    const length = Number(c.req.header('content-length') ?? NaN)
    if (!Number.isInteger(length) || length <= 0) throw badRange('Send Content-Range (bytes start-end/total), or Content-Length for a whole photo in one request')
    range = { start: 0, end: length - 1, total: length }
  }
  if (range.total > MAX_ATTACHMENT_BYTES) throw blobTooLarge(range.total)
  return range
}

function isMissingFile(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT'
}

/**
 * The photo (blob) upload and download protocol (docs/sync-protocol.md, "Photos"): paths, headers, limits and
 * answers, enough to write a client from. A blob is named by the SHA-256 of its bytes (attachments.ts).
 *
 * Upload is one PUT per chunk, each saying where it belongs with `Content-Range: bytes start-end/total` (the
 * header HTTP already has for "these bytes of that whole"). The server keeps what arrived per account and answers
 * how much it holds, so a client whose connection dropped asks `GET …/status` and goes on from `received`. The
 * unit of progress is the chunk: one cut off in the middle is not kept (a half-written chunk never becomes part of
 * a blob), and at 256 KB that loses a few seconds on 2G. Chosen over tus or a POST-then-PATCH session because the
 * hash already names the upload: no session id to create or lose, and a retry of any request is safe. What arrived
 * is kept for a while, not for ever (the limits below): a phone keeps its photo until the upload is complete, so
 * an upload the server dropped is sent again from 0.
 *
 * "Every byte received, not complete" (the server stopped between the last chunk and its check) finishes by
 * itself: a status request checks such an upload, and so does any chunk sent again whose total is what is held.
 */
import * as z from 'zod/mini'
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, UPLOAD_CHUNK_BYTES, type AttachmentType } from '../attachments'

export const BLOBS_PATH = '/api/blobs'

/** `PUT` a chunk, `GET` the bytes. */
export function blobPath(hash: string): string {
  return `${BLOBS_PATH}/${hash}`
}

/** `GET` how much of the blob the account holds. */
export function blobStatusPath(hash: string): string {
  return `${BLOBS_PATH}/${hash}/status`
}

/** The largest chunk one PUT may carry: twice the client's chunk, so a client may round up without being refused. */
export const MAX_CHUNK_BYTES = 2 * UPLOAD_CHUNK_BYTES

/**
 * The smallest chunk that does not end the blob. Each chunk is stored as a file of its own until the blob is
 * complete, so tiny chunks would mean thousands of files for one photo.
 */
export const MIN_CHUNK_BYTES = 64 * 1024

/**
 * Unfinished uploads one account may have at once, and the bytes they may hold together. Starting one more (or a
 * chunk that would pass the bytes) drops the account's upload written to least recently: the phone still holds that
 * photo, and resends it from 0 when it asks. Refusing the new upload instead would stop the account's photos for
 * days behind uploads no phone will ever finish (a photo removed from its record before it was sent, a phone reset).
 */
export const MAX_UNFINISHED_UPLOADS = 20
export const MAX_UNFINISHED_BYTES = 50 * 1024 * 1024

/** An unfinished upload that nothing was added to for this long is dropped; a phone that comes back sends it from 0. */
export const UNFINISHED_UPLOAD_EXPIRY_HOURS = 48

/** A GET of a blob may be cached for a year: the same name always means the same bytes. */
export const BLOB_CACHE_CONTROL = 'private, max-age=31536000, immutable'

export interface ContentRange {
  /** First byte of the chunk, from 0. */
  start: number
  /** Last byte of the chunk, inclusive (as HTTP writes it). */
  end: number
  /** Size of the whole blob. */
  total: number
}

/** `bytes 0-262143/1048576` for the chunk [start, end] of a blob of `total` bytes. */
export function formatContentRange(range: ContentRange): string {
  return `bytes ${range.start}-${range.end}/${range.total}`
}

/** The range a chunk's header names, or null if it is malformed or impossible (end before start, past total). */
export function parseContentRange(header: string): ContentRange | null {
  const match = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(header.trim())
  if (!match) return null
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])]
  if (end < start || end >= total) return null
  return { start, end, total }
}

/** Where an account's copy of a blob stands: the answer to a PUT and to a status request. */
export interface BlobState {
  hash: string
  /** Bytes the server holds of this upload, from the start: the next chunk starts here. */
  received: number
  /** True once every byte arrived and their SHA-256 is the hash: the blob can be fetched and is never sent again. */
  complete: boolean
  /** The blob's size and type, once complete. */
  size?: number
  type?: AttachmentType
}

/** For a client to check the server's answer before acting on it. */
export const blobStateSchema = z.object({
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  received: z.int().check(z.gte(0), z.lte(MAX_ATTACHMENT_BYTES)),
  complete: z.boolean(),
  size: z.optional(z.int().check(z.gte(1), z.lte(MAX_ATTACHMENT_BYTES))),
  type: z.optional(z.enum(ATTACHMENT_TYPES)),
})

/** The error codes only the blob routes send (with the shared ones: unauthorized, not_found, too_large, invalid_request). */
export type BlobErrorCode = 'unsupported_type' | 'upload_offset' | 'hash_mismatch'

/**
 * Finishing an upload whose every byte arrived: the hash check, the stored blob, the account's row, then the chunks
 * removed, in that order. A process killed at any step leaves the chunks, so the step can be run again from the
 * start (by the next PUT, the next status request or the start-up sweep) and ends in the same place.
 */
import type { Kysely } from 'kysely'
import { sniffAttachmentType } from '../../shared/attachment-sniff'
import type { Database } from '../db/schema'
import { recordHeldBlob, type HeldBlob } from './account-blobs'
import type { BlobStore } from './blob-store'

export type UploadFinish =
  | { kind: 'stored'; blob: HeldBlob }
  /** The bytes held are not the hash: thrown away when `discardOnMismatch`, kept otherwise. */
  | { kind: 'mismatch'; actualHash: string }
  /** The bytes are no accepted type (only a store tampered with can get here: the first chunk was checked). */
  | { kind: 'notAPhoto' }

export async function finishUpload(
  db: Kysely<Database>,
  blobs: BlobStore,
  accountId: string,
  hash: string,
  options: { discardOnMismatch: boolean },
): Promise<UploadFinish> {
  const outcome = await blobs.finish(accountId, hash)
  if (!outcome.isStored) {
    if (options.discardOnMismatch) await blobs.discardPartial(accountId, hash)
    return { kind: 'mismatch', actualHash: outcome.actualHash }
  }
  const type = sniffAttachmentType(outcome.head)
  if (!type) {
    await blobs.discardPartial(accountId, hash)
    return { kind: 'notAPhoto' }
  }
  const blob: HeldBlob = { hash, size: outcome.size, type }
  // The row before the chunks go: a crash in between leaves a finished blob, not a lost upload.
  await recordHeldBlob(db, accountId, blob)
  // blobs:collect may have taken these bytes away between the store and the row (they had no row then): the chunks
  // are still here to store them again.
  if (!(await blobs.has(hash))) await blobs.finish(accountId, hash)
  await blobs.discardPartial(accountId, hash)
  return { kind: 'stored', blob }
}

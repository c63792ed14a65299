/**
 * The sweep of unfinished photo uploads, at start-up and once a day (docs/sync-protocol.md §10, docs/deploy.md):
 * - an upload whose every byte arrived but was never checked (the process died in between) is finished, or thrown
 *   away if its bytes are not its hash, so the phone starts again from 0;
 * - chunks left beside a photo the account already holds (killed between its row and their removal) are removed;
 * - an upload nothing was added to for UNFINISHED_UPLOAD_EXPIRY_HOURS is dropped: a phone that comes back sends it
 *   again from 0, because it keeps every photo until the server has it;
 * - temporary files of writes that never ended, and empty folders, are removed after an hour.
 *
 * Several instances may sweep one shared folder at the same time: finishing twice writes the same bytes under the
 * same name and the row once; removing what another instance removed first is not an error. Each upload is handled
 * on its own, so one that fails (a folder that vanished under it) is logged and the rest go on.
 */
import type { Kysely } from 'kysely'
import { UNFINISHED_UPLOAD_EXPIRY_HOURS } from '../../shared/sync/blob-protocol'
import type { Database } from '../db/schema'
import type { Logger } from '../logger'
import { heldBlob } from './account-blobs'
import type { BlobMaintenance, UnfinishedUpload } from './blob-maintenance'
import { finishUpload } from './finish-upload'

const HOUR_MS = 60 * 60_000
export const SWEEP_EVERY_MS = 24 * HOUR_MS
/** Far longer than any write takes (a chunk is in memory before its file is opened). */
const LEFTOVER_AGE_MS = HOUR_MS

export interface SweepOptions {
  /** @default new Date() */
  now?: Date
  /** @default UNFINISHED_UPLOAD_EXPIRY_HOURS */
  expiryMs?: number
  log?: Logger
}

export interface SweepResult {
  /** Unfinished uploads looked at. */
  uploads: number
  /** Uploads whose every byte had arrived: checked and stored. */
  finished: number
  /** Chunks beside a photo the account already held: removed. */
  alreadyHeld: number
  /** Every byte had arrived, but not the hash's bytes: thrown away. */
  mismatched: number
  expired: number
  /** Temporary files and empty folders. */
  leftovers: number
  /** Disk freed, in bytes: chunks of uploads dropped, and temporary files. */
  freedBytes: number
  /** Uploads that could not be handled (logged); the next sweep tries again. */
  failed: number
  ms: number
}

type Outcome = 'finished' | 'alreadyHeld' | 'mismatched' | 'expired' | 'kept'

export async function sweepUploads(
  db: Kysely<Database>,
  store: BlobMaintenance,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const started = performance.now()
  const now = options.now ?? new Date()
  const expiresBefore = now.getTime() - (options.expiryMs ?? UNFINISHED_UPLOAD_EXPIRY_HOURS * HOUR_MS)
  const result: SweepResult = {
    uploads: 0,
    finished: 0,
    alreadyHeld: 0,
    mismatched: 0,
    expired: 0,
    leftovers: 0,
    freedBytes: 0,
    failed: 0,
    ms: 0,
  }
  for await (const upload of store.unfinishedUploads()) {
    result.uploads++
    try {
      const outcome = await sweepOne(db, store, upload, expiresBefore)
      if (outcome === 'kept') continue
      result[outcome]++
      // A finished upload's chunks become its stored photo: nothing freed.
      if (outcome !== 'finished') result.freedBytes += upload.bytes
    } catch (error) {
      result.failed++
      options.log?.warn('unfinished upload not swept', {
        account: upload.accountId,
        hash: upload.hash,
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
  const leftovers = await store.removeLeftovers(new Date(now.getTime() - LEFTOVER_AGE_MS))
  result.leftovers = leftovers.files
  result.freedBytes += leftovers.bytes
  result.ms = Math.round(performance.now() - started)
  return result
}

async function sweepOne(
  db: Kysely<Database>,
  store: BlobMaintenance,
  upload: UnfinishedUpload,
  expiresBefore: number,
): Promise<Outcome> {
  const { accountId, hash } = upload
  if (await heldBlob(db, accountId, hash)) {
    // The chunks may be all that is left of the bytes (taken by blobs:collect between the store and the row).
    if (!(await store.has(hash))) await store.finish(accountId, hash)
    await store.discardPartial(accountId, hash)
    return 'alreadyHeld'
  }
  // An upload from before totals were recorded (hasEveryByte null) may be whole too: the hash alone can tell, and
  // one that is not stays until it expires.
  if (upload.received > 0 && upload.hasEveryByte !== false) {
    const finished = await finishUpload(db, store, accountId, hash, { discardOnMismatch: upload.hasEveryByte === true })
    if (finished.kind === 'stored') return 'finished'
    if (finished.kind === 'notAPhoto' || upload.hasEveryByte === true) return 'mismatched'
  }
  if (upload.lastWriteAt.getTime() >= expiresBefore) return 'kept'
  await store.discardPartial(accountId, hash)
  return 'expired'
}

/**
 * Sweeps now and then every `everyMs`, one sweep at a time, on a timer that does not keep the process alive.
 * Answers what stops it.
 */
export function startUploadSweeps(
  db: Kysely<Database>,
  store: BlobMaintenance,
  log: Logger,
  everyMs: number = SWEEP_EVERY_MS,
): () => void {
  let isRunning = false
  const run = () => {
    if (isRunning) return
    isRunning = true
    sweepUploads(db, store, { log })
      .then((result) => log.info('unfinished photo uploads swept', { ...result }))
      .catch((error: unknown) =>
        log.warn('sweep of unfinished photo uploads failed', {
          error: error instanceof Error ? error.message : String(error),
        }),
      )
      .finally(() => {
        isRunning = false
      })
  }
  run()
  const timer = setInterval(run, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}

/**
 * Photos in the chaos test: phones take photos with their records, and the server process is "killed" inside uploads.
 *
 * A kill -9 cannot be sent to an in-process server, but what it leaves behind can be made exactly: the photo store
 * below lets a step finish on disk (a chunk renamed into place, a finished photo stored under its hash) and then
 * dies before the next one (the answer, the account's row, the removal of the chunks). From then on the server
 * answers nothing (the phones' requests fail as on a dead connection) until the test starts it again on the same
 * folder and database, with the start-up sweep that main.ts runs.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { BlobStore, FinishOutcome, StoredBlob, UploadProgress } from '../../../src/server/blobs/blob-store'
import type { FileBlobStore } from '../../../src/server/blobs/file-blob-store'
import { sweepUploads } from '../../../src/server/blobs/upload-sweep'
import type { PhotoRef } from '../../../src/shared/fields'
import type { TestServer } from '../../server/harness'
import type { SimDevice } from './sim-device'

/** Where a kill can land: after a chunk is on disk, after the photo is stored, before the chunks are removed. */
export type KillPoint = 'afterChunk' | 'afterStore' | 'beforeDiscard'

export class KilledError extends Error {
  constructor(at: KillPoint) {
    super(`the server process was killed (${at})`)
    this.name = 'KilledError'
  }
}

export interface KillSwitch {
  /** Asked at each kill point: whether the process dies there. */
  shouldKill: (at: KillPoint) => boolean
  isDead: boolean
  kills: number
}

/** The real photo store, dying at the kill points the switch picks; a dead store does nothing more. */
export class KillableBlobStore implements BlobStore {
  constructor(
    private readonly inner: FileBlobStore,
    private readonly killSwitch: KillSwitch,
  ) {}

  async progress(accountId: string, hash: string): Promise<UploadProgress> {
    this.assertAlive()
    return this.inner.progress(accountId, hash)
  }

  async writeChunk(accountId: string, hash: string, start: number, bytes: Uint8Array, total: number): Promise<number> {
    this.assertAlive()
    const held = await this.inner.writeChunk(accountId, hash, start, bytes, total)
    this.maybeDie('afterChunk')
    return held
  }

  async makeRoom(accountId: string, hash: string, incoming: number): Promise<string[]> {
    this.assertAlive()
    return this.inner.makeRoom(accountId, hash, incoming)
  }

  async finish(accountId: string, hash: string): Promise<FinishOutcome> {
    this.assertAlive()
    const outcome = await this.inner.finish(accountId, hash)
    if (outcome.isStored) this.maybeDie('afterStore')
    return outcome
  }

  async discardPartial(accountId: string, hash: string): Promise<void> {
    this.assertAlive()
    this.maybeDie('beforeDiscard')
    await this.inner.discardPartial(accountId, hash)
  }

  async has(hash: string): Promise<boolean> {
    this.assertAlive()
    return this.inner.has(hash)
  }

  async read(hash: string): Promise<StoredBlob | null> {
    this.assertAlive()
    return this.inner.read(hash)
  }

  private assertAlive(): void {
    if (this.killSwitch.isDead) throw new KilledError('afterChunk')
  }

  private maybeDie(at: KillPoint): void {
    if (!this.killSwitch.shouldKill(at)) return
    this.killSwitch.isDead = true
    this.killSwitch.kills++
    throw new KilledError(at)
  }
}

/** Starts every instance again on the same data, with the start-up sweep of unfinished uploads. */
export async function startAgain(
  servers: readonly TestServer[],
  killSwitch: KillSwitch,
  freshStore: () => FileBlobStore,
): Promise<void> {
  for (const server of servers) await server.restart()
  killSwitch.isDead = false
  await sweepUploads(servers[0]!.storage.db, freshStore())
}

/**
 * Every photo and thumbnail of every live record must be on the server for the account: its row, and the bytes
 * under the hash, hashing to it. And no phone may have given up on one.
 */
export async function photoViolations(
  server: TestServer,
  accountId: string,
  photos: readonly PhotoRef[],
  devices: readonly SimDevice[],
): Promise<string[]> {
  const violations: string[] = []
  const rows = new Set(
    (
      await server.storage.db.selectFrom('account_blobs').select('hash').where('account_id', '=', accountId).execute()
    ).map((r) => r.hash),
  )
  for (const hash of photos.flatMap((p) => [p.hash, p.thumbHash])) {
    if (!rows.has(hash)) {
      violations.push(`photo ${hash.slice(0, 8)} is not the account's on the server (no account_blobs row)`)
      continue
    }
    const bytes = await readFile(join(server.dataDir, 'blobs', 'sha256', hash.slice(0, 2), hash)).catch(() => null)
    if (!bytes) violations.push(`photo ${hash.slice(0, 8)} has a row but no bytes on the server`)
    else if (createHash('sha256').update(bytes).digest('hex') !== hash)
      violations.push(`photo ${hash.slice(0, 8)} is stored with other bytes than its hash`)
  }
  for (const [i, device] of devices.entries()) {
    const refused = await device.db.attachments.where('uploadState').equals('refused').count()
    if (refused > 0) violations.push(`device ${i} gave up on ${refused} photos`)
  }
  return violations
}

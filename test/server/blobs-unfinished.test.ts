/**
 * Unfinished photo uploads do not use the disk without bound (defect 14 of the hardening issue): a cap per account
 * (the upload written to least recently gives way, and its phone sends it again from 0), and a sweep at start-up and
 * daily that finishes uploads whose every byte arrived, drops those untouched for 48 hours and removes leftovers.
 */
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/server/app'
import { FileBlobStore, type UploadLimits } from '../../src/server/blobs/file-blob-store'
import { startUploadSweeps, sweepUploads } from '../../src/server/blobs/upload-sweep'
import { createLogger } from '../../src/server/logger'
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachments'
import { MAX_UNFINISHED_UPLOADS, MIN_CHUNK_BYTES } from '../../src/shared/sync/blob-protocol'
import { blobStatus, download, photoBytes, putChunk, sha256, uploadFrom } from './blob-client'
import { addAccount, expectError, setUpAdmin, startTestServer, staticDir, type TestServer } from './support'

const CHUNK = UPLOAD_CHUNK_BYTES
const HOUR = 3_600_000

function blobRoot(server: TestServer): string {
  return join(server.dataDir, 'blobs')
}

/** The test server's app with a store of other limits. */
function withLimits(server: TestServer, limits: Partial<UploadLimits>): TestServer {
  return {
    ...server,
    app: createApp({
      staticDir: staticDir(),
      version: '0.0.0-test',
      storage: server.storage,
      blobs: new FileBlobStore(blobRoot(server), limits),
    }),
  }
}

function uploadsOf(server: TestServer, accountId: string): string[] {
  try {
    return readdirSync(join(blobRoot(server), 'partial', accountId)).sort()
  } catch {
    return []
  }
}

function bytesOf(server: TestServer, accountId: string): number {
  let total = 0
  for (const hash of uploadsOf(server, accountId)) {
    const dir = join(blobRoot(server), 'partial', accountId, hash)
    for (const name of readdirSync(dir)) total += statSync(join(dir, name)).size
  }
  return total
}

/** Sets an upload's last write (its folder's time) `hoursAgo` hours back. */
function age(server: TestServer, accountId: string, hash: string, hoursAgo: number, now = Date.now()): void {
  const when = new Date(now - hoursAgo * HOUR)
  utimesSync(join(blobRoot(server), 'partial', accountId, hash), when, when)
}

/** Chunk files as a server killed before its check left them; without `total` as one from before totals were recorded. */
function leaveChunks(server: TestServer, accountId: string, photo: Uint8Array, total?: number): string {
  const hash = sha256(photo)
  const dir = join(blobRoot(server), 'partial', accountId, hash)
  mkdirSync(dir, { recursive: true })
  for (let start = 0; start < photo.byteLength; start += CHUNK) {
    const chunk = photo.subarray(start, Math.min(photo.byteLength, start + CHUNK))
    writeFileSync(join(dir, `${start}+${chunk.byteLength}`), chunk)
  }
  if (total !== undefined) writeFileSync(join(dir, `total=${total}`), '')
  return hash
}

/**
 * Starts `count` uploads, one chunk each, one a minute apart as far as the folder's times tell (a file system's
 * clock ticks in milliseconds: uploads started within one tick would otherwise be equally old).
 */
async function firstChunks(
  server: TestServer,
  account: { token: string; account: { id: string } },
  count: number,
  chunk = CHUNK,
): Promise<string[]> {
  const hashes: string[] = []
  const now = Date.now()
  for (let i = 0; i < count; i++) {
    const photo = photoBytes(2 * chunk)
    expect((await putChunk(server, account.token, photo, 0, chunk)).status).toBe(202)
    hashes.push(sha256(photo))
    age(server, account.account.id, sha256(photo), (count - i) / 60, now)
  }
  return hashes
}

describe('the cap on unfinished uploads per account', () => {
  it('keeps the issue’s 200 abandoned uploads to the cap (20), newest kept', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const started = await firstChunks(server, admin, 200, MIN_CHUNK_BYTES)
    const held = uploadsOf(server, admin.account.id)
    expect(held).toHaveLength(MAX_UNFINISHED_UPLOADS)
    expect(held).toEqual(started.slice(-MAX_UNFINISHED_UPLOADS).sort())
    expect(bytesOf(server, admin.account.id)).toBe(MAX_UNFINISHED_UPLOADS * MIN_CHUNK_BYTES)
  })

  it('drops the upload written to least recently, whose phone is told to start again from 0 and finishes', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const other = await addAccount(server, admin.token, 'other-phone-owner')
    const capped = withLimits(server, { maxUploads: 3 })
    const otherHashes = await firstChunks(capped, other, 2)
    const photos = [photoBytes(2 * CHUNK), photoBytes(2 * CHUNK), photoBytes(2 * CHUNK), photoBytes(2 * CHUNK)]
    for (const [i, photo] of photos.slice(0, 3).entries()) {
      await putChunk(capped, admin.token, photo, 0, CHUNK)
      age(capped, admin.account.id, sha256(photo), 5 - i)
    }
    // The first upload goes on and ends: three unfinished, the cap.
    expect((await putChunk(capped, admin.token, photos[0]!, CHUNK, 2 * CHUNK)).status).toBe(200)
    await putChunk(capped, admin.token, photos[3]!, 0, CHUNK)
    await putChunk(capped, admin.token, photoBytes(2 * CHUNK), 0, CHUNK)
    // Held now: photos 3 and 4 and the last one; photo 2 (least recently written) gave way.
    expectError(await blobStatus(capped, admin.token, sha256(photos[1]!)), 404, 'not_found')
    expect((await blobStatus(capped, admin.token, sha256(photos[2]!))).body).toMatchObject({ received: CHUNK })
    expect(uploadsOf(capped, admin.account.id)).toHaveLength(3)
    // Its phone's next chunk is answered with where to go on from: 0.
    expect(
      expectError(await putChunk(capped, admin.token, photos[1]!, CHUNK, 2 * CHUNK), 409, 'upload_offset').received,
    ).toBe(0)
    expect((await uploadFrom(capped, admin.token, photos[1]!)).body).toMatchObject({ complete: true })
    expect(
      Buffer.from((await download(capped, admin.token, sha256(photos[1]!))).bytes).equals(Buffer.from(photos[1]!)),
    ).toBe(true)
    // Another account's uploads are its own business.
    expect(uploadsOf(capped, other.account.id)).toEqual([...otherHashes].sort())
  })

  it('counts bytes too', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const capped = withLimits(server, { maxBytes: 3 * CHUNK })
    const [oldest, ...rest] = await firstChunks(capped, admin, 3)
    const photo = photoBytes(2 * CHUNK)
    await putChunk(capped, admin.token, photo, 0, CHUNK)
    expect(uploadsOf(capped, admin.account.id)).toEqual([...rest, sha256(photo)].sort())
    expect(uploadsOf(capped, admin.account.id)).not.toContain(oldest)
  })
})

describe('the sweep of unfinished uploads', () => {
  it('finishes every upload whose bytes all arrived, even one from before totals were recorded, across a restart', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const recorded = photoBytes(400_000)
    const unrecorded = photoBytes(300_000)
    leaveChunks(server, admin.account.id, recorded, recorded.byteLength)
    leaveChunks(server, admin.account.id, unrecorded)
    // A client following §10 before the sweep: the status cannot tell that the upload without a total is whole.
    expect((await blobStatus(server, admin.token, sha256(unrecorded))).body).toEqual({
      hash: sha256(unrecorded),
      received: 300_000,
      complete: false,
    })
    await server.restart()

    const result = await sweepUploads(server.storage.db, new FileBlobStore(blobRoot(server)))
    expect(result).toMatchObject({ uploads: 2, finished: 2, expired: 0, failed: 0, freedBytes: 0 })
    for (const photo of [recorded, unrecorded]) {
      expect((await blobStatus(server, admin.token, sha256(photo))).body).toMatchObject({
        complete: true,
        size: photo.byteLength,
      })
      expect(Buffer.from((await download(server, admin.token, sha256(photo))).bytes).equals(Buffer.from(photo))).toBe(
        true,
      )
    }
    expect(uploadsOf(server, admin.account.id)).toEqual([])
  })

  it('drops uploads untouched for 48 hours, whole ones whose bytes are not their hash, and chunks beside a photo already held', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const [fresh, stale] = await firstChunks(server, admin, 2)
    age(server, admin.account.id, fresh!, 47)
    age(server, admin.account.id, stale!, 49)
    const damaged = photoBytes(300_000)
    const claimed = sha256(photoBytes(300_000))
    const dir = join(blobRoot(server), 'partial', admin.account.id, claimed)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `0+${damaged.byteLength}`), damaged)
    writeFileSync(join(dir, `total=${damaged.byteLength}`), '')
    const held = photoBytes(100_000)
    await uploadFrom(server, admin.token, held)
    leaveChunks(server, admin.account.id, held, held.byteLength)

    const result = await sweepUploads(server.storage.db, new FileBlobStore(blobRoot(server)))
    expect(result).toMatchObject({
      uploads: 4,
      finished: 0,
      expired: 1,
      mismatched: 1,
      alreadyHeld: 1,
      failed: 0,
      freedBytes: CHUNK + 300_000 + 100_000,
    })
    expect(uploadsOf(server, admin.account.id)).toEqual([fresh])
    expectError(await blobStatus(server, admin.token, stale!), 404, 'not_found')
    expectError(await blobStatus(server, admin.token, claimed), 404, 'not_found')
    expect((await blobStatus(server, admin.token, sha256(held))).body).toMatchObject({ complete: true })
  })

  it('removes temporary files of writes that never ended, after an hour', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const [upload] = await firstChunks(server, admin, 1)
    const tmp = join(blobRoot(server), 'tmp')
    mkdirSync(tmp, { recursive: true })
    const old = new Date(Date.now() - 2 * HOUR)
    for (const [file, size] of [
      [join(tmp, 'assembling.tmp'), 5000],
      [join(blobRoot(server), 'partial', admin.account.id, upload!, '.cut.tmp'), 700],
    ] as const) {
      writeFileSync(file, new Uint8Array(size))
      utimesSync(file, old, old)
    }
    writeFileSync(join(tmp, 'just-now.tmp'), new Uint8Array(10))
    const result = await sweepUploads(server.storage.db, new FileBlobStore(blobRoot(server)))
    expect(result).toMatchObject({ leftovers: 2, freedBytes: 5700, expired: 0 })
    expect(readdirSync(tmp)).toEqual(['just-now.tmp'])
    expect(readdirSync(join(blobRoot(server), 'partial', admin.account.id, upload!)).sort()).toEqual([
      `0+${CHUNK}`,
      `total=${2 * CHUNK}`,
    ])
  })

  it('can run on two instances at once over one folder', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const photos = Array.from({ length: 6 }, () => photoBytes(300_000))
    for (const photo of photos) leaveChunks(server, admin.account.id, photo, photo.byteLength)
    const stale = await firstChunks(server, admin, 6)
    for (const hash of stale) age(server, admin.account.id, hash, 72)
    const other = server.engine === 'postgres' ? await server.secondInstance() : server
    const results = await Promise.all([
      sweepUploads(server.storage.db, new FileBlobStore(blobRoot(server))),
      sweepUploads(other.storage.db, new FileBlobStore(blobRoot(server))),
    ])
    expect(results.map((r) => r.failed)).toEqual([0, 0])
    expect(results[0]!.finished + results[1]!.finished).toBeGreaterThanOrEqual(6)
    expect(uploadsOf(server, admin.account.id)).toEqual([])
    for (const photo of photos)
      expect((await blobStatus(server, admin.token, sha256(photo))).body).toMatchObject({ complete: true })
    const rows = await server.storage.db
      .selectFrom('account_blobs')
      .select('hash')
      .where('account_id', '=', admin.account.id)
      .execute()
    expect(rows).toHaveLength(6)
  })

  it('runs at start-up and again on its timer', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const lines: string[] = []
    const photo = photoBytes(200_000)
    leaveChunks(server, admin.account.id, photo)
    const stop = startUploadSweeps(
      server.storage.db,
      new FileBlobStore(blobRoot(server)),
      createLogger('info', (line) => lines.push(line)),
      50,
    )
    try {
      await expect
        .poll(() => lines.filter((line) => line.includes('unfinished photo uploads swept')).length, { timeout: 5000 })
        .toBeGreaterThanOrEqual(2)
    } finally {
      stop()
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'info', finished: 1, failed: 0 })
    expect((await blobStatus(server, admin.token, sha256(photo))).body).toMatchObject({ complete: true })
  })
})

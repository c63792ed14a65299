/**
 * A photo upload whose server died at the worst moment (defect 1 of the hardening issue): between the last chunk's
 * rename and the hash check, or between storing the photo and recording that the account holds it. Every byte is
 * on the server but the upload is not finished; it must finish by itself, and a client resuming as §10 says (ask the
 * status, go on from `received`) must get to `complete: true`.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { storeAttachment } from '../../src/app/db/attachments'
import { XsjDatabase } from '../../src/app/db/schema'
import { BlobClient } from '../../src/app/sync/blob-client'
import { uploadPendingPhotos } from '../../src/app/sync/photo-transfer'
import { createApp } from '../../src/server/app'
import { recordHeldBlob } from '../../src/server/blobs/account-blobs'
import type { FinishOutcome } from '../../src/server/blobs/blob-store'
import { FileBlobStore } from '../../src/server/blobs/file-blob-store'
import { sweepUploads } from '../../src/server/blobs/upload-sweep'
import { createLogger } from '../../src/server/logger'
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachments'
import { uuidv7 } from '../../src/shared/ids'
import { blobStatus, download, photoBytes, putChunk, sha256, uploadFrom } from './blob-client'
import { expectError, setUpAdmin, startTestServer, staticDir, type TestServer } from './support'

const CHUNK = UPLOAD_CHUNK_BYTES
const SIZE = 400_000

/** The process is killed after the last chunk is in place and before the upload is checked and stored. */
class DiesBeforeFinish extends FileBlobStore {
  override finish(): Promise<FinishOutcome> {
    return Promise.reject(new Error('killed (kill -9) before finish'))
  }
}

/** The process is killed after the photo is stored under its hash and before the account's row is written. */
class DiesAfterStoring extends FileBlobStore {
  override async finish(accountId: string, hash: string): Promise<FinishOutcome> {
    await super.finish(accountId, hash)
    throw new Error('killed (kill -9) after storing')
  }
}

/** The same server on the same database and photo folder, with a store that dies where the test says. */
function dyingServer(server: TestServer, Store: typeof FileBlobStore): TestServer {
  const app = createApp({
    staticDir: staticDir(),
    version: '0.0.0-test',
    storage: server.storage,
    blobs: new Store(join(server.dataDir, 'blobs')),
    log: createLogger('error', () => undefined),
  })
  return { ...server, app }
}

async function stuckUpload(
  Store: typeof FileBlobStore,
): Promise<{ server: TestServer; token: string; accountId: string; photo: Uint8Array<ArrayBuffer>; hash: string }> {
  const server = await startTestServer()
  const admin = await setUpAdmin(server)
  const photo = photoBytes(SIZE)
  const hash = sha256(photo)
  expect((await putChunk(server, admin.token, photo, 0, CHUNK)).status).toBe(202)
  const dying = dyingServer(server, Store)
  expect((await putChunk(dying, admin.token, photo, CHUNK, SIZE)).status).toBe(500)
  await server.restart()
  return { server, token: admin.token, accountId: admin.account.id, photo, hash }
}

describe('an upload whose server died between its last chunk and its check', () => {
  it('is finished by the status request a resuming client sends first', async () => {
    const { server, token, photo, hash } = await stuckUpload(DiesBeforeFinish)
    const status = await blobStatus(server, token, hash)
    expect(status).toMatchObject({
      status: 200,
      body: { hash, received: SIZE, complete: true, size: SIZE, type: 'image/jpeg' },
    })
    const got = await download(server, token, hash)
    expect(got.status).toBe(200)
    expect(Buffer.from(got.bytes).equals(Buffer.from(photo))).toBe(true)
  })

  it('is finished by any chunk sent again with the photo’s total', async () => {
    const { server, token, photo, hash } = await stuckUpload(DiesBeforeFinish)
    expect(await putChunk(server, token, photo, 0, CHUNK)).toMatchObject({
      status: 200,
      body: { hash, received: SIZE, complete: true, size: SIZE },
    })
    expect((await download(server, token, hash)).status).toBe(200)
  })

  it('is finished when the photo was stored but the account’s row was not written', async () => {
    const { server, token, photo, hash } = await stuckUpload(DiesAfterStoring)
    expect(await putChunk(server, token, photo, CHUNK, SIZE)).toMatchObject({
      status: 200,
      body: { complete: true, size: SIZE },
    })
    const got = await download(server, token, hash)
    expect(Buffer.from(got.bytes).equals(Buffer.from(photo))).toBe(true)
  })

  it('throws away bytes that are not the hash (status 404, a resent chunk 422), and the client starts again from 0', async () => {
    const { server, token, accountId, photo, hash } = await stuckUpload(DiesBeforeFinish)
    const partial = join(server.dataDir, 'blobs', 'partial', accountId, hash)
    // The last chunk's bytes damaged on the disk: every byte is there, but not the right ones.
    writeFileSync(join(partial, `${CHUNK}+${SIZE - CHUNK}`), photoBytes(SIZE - CHUNK))
    expectError(await blobStatus(server, token, hash), 404, 'not_found')
    expect(existsSync(partial)).toBe(false)
    expect((await uploadFrom(server, token, photo)).body).toMatchObject({ complete: true, size: SIZE })

    const again = await stuckUpload(DiesBeforeFinish)
    writeFileSync(
      join(again.server.dataDir, 'blobs', 'partial', again.accountId, again.hash, `0+${CHUNK}`),
      photoBytes(CHUNK),
    )
    expectError(await putChunk(again.server, again.token, again.photo, CHUNK, SIZE), 422, 'hash_mismatch')
    expect((await uploadFrom(again.server, again.token, again.photo)).body).toMatchObject({ complete: true })
  })

  it('leaves no chunks behind when the server died after the row and before removing them', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const photo = photoBytes(SIZE)
    const hash = sha256(photo)
    await uploadFrom(server, admin.token, photo)
    // The chunks as they were just before their removal.
    const partial = join(server.dataDir, 'blobs', 'partial', admin.account.id, hash)
    await new FileBlobStore(join(server.dataDir, 'blobs')).writeChunk(admin.account.id, hash, 0, photo, SIZE)
    await server.restart()
    expect(await sweepUploads(server.storage.db, new FileBlobStore(join(server.dataDir, 'blobs')))).toMatchObject({
      alreadyHeld: 1,
      freedBytes: SIZE,
    })
    expect(existsSync(partial)).toBe(false)
    expect((await blobStatus(server, admin.token, hash)).body).toMatchObject({ complete: true })
  })

  it('stores the bytes again from the chunks when the row outlived them', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const photo = photoBytes(SIZE)
    const hash = sha256(photo)
    const blobs = new FileBlobStore(join(server.dataDir, 'blobs'))
    await blobs.writeChunk(admin.account.id, hash, 0, photo, SIZE)
    await recordHeldBlob(server.storage.db, admin.account.id, { hash, size: SIZE, type: 'image/jpeg' })
    await sweepUploads(server.storage.db, blobs)
    expect(Buffer.from((await download(server, admin.token, hash)).bytes).equals(Buffer.from(photo))).toBe(true)
  })
})

describe('the reference client (photo-transfer.ts) on such an upload', () => {
  async function phoneUploading(
    server: TestServer,
    photo: Uint8Array<ArrayBuffer>,
  ): Promise<{ db: XsjDatabase; client: BlobClient }> {
    const db = new XsjDatabase(`phone-${uuidv7()}`)
    await storeAttachment(db, {
      hash: sha256(photo),
      blob: new Blob([photo], { type: 'image/jpeg' }),
      type: 'image/jpeg',
      bytes: photo.byteLength,
      width: 1920,
      height: 1440,
      role: 'photo',
      createdAt: new Date().toISOString(),
      uploadState: 'pending',
    })
    const client = new BlobClient({
      fetch: async (input, init) => server.app.fetch(new Request(input, init)),
      baseUrl: 'http://sync.test',
    })
    return { db, client }
  }

  it('completes on its own: the status it asks first finishes the upload', async () => {
    const { server, token, photo, hash } = await stuckUpload(DiesBeforeFinish)
    const phone = await phoneUploading(server, photo)
    expect(await uploadPendingPhotos(phone.db, phone.client, token)).toEqual({ uploaded: 1, left: 0, refused: [] })
    expect(await phone.db.attachments.get(hash)).toMatchObject({ uploadState: 'uploaded' })
    expect(Buffer.from((await download(server, token, hash)).bytes).equals(Buffer.from(photo))).toBe(true)
  })

  it('completes an upload begun before totals were recorded (status says every byte, not complete) by sending the last chunk again', async () => {
    const { server, token, accountId, photo, hash } = await stuckUpload(DiesBeforeFinish)
    const partial = join(server.dataDir, 'blobs', 'partial', accountId, hash)
    for (const name of readdirSync(partial).filter((n) => n.startsWith('total='))) rmSync(join(partial, name))
    expect((await blobStatus(server, token, hash)).body).toEqual({ hash, received: SIZE, complete: false })
    const phone = await phoneUploading(server, photo)
    expect(await uploadPendingPhotos(phone.db, phone.client, token)).toEqual({ uploaded: 1, left: 0, refused: [] })
    expect((await blobStatus(server, token, hash)).body).toMatchObject({ complete: true, size: SIZE })
  })
})

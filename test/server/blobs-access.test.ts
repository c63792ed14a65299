/**
 * Photo download and who may see what: caching headers, account isolation (knowing a hash gives nothing), two
 * server instances on one data directory and database, and a restart in the middle of an upload.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../src/server/logger'
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachments'
import { BLOB_CACHE_CONTROL, blobPath } from '../../src/shared/sync/blob-protocol'
import { blobStatus, download, photoBytes, putChunk, sha256, uploadFrom } from './blob-client'
import { addAccount, expectError, send, setUpAdmin, startTestServer, useSharedServer } from './support'

const CHUNK = UPLOAD_CHUNK_BYTES

function isSame(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b))
}

describe('photo download and isolation', () => {
  let made = 0
  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))
  async function twoAccounts() {
    const { server, admin } = shared()
    made++
    return {
      server,
      alice: (await addAccount(server, admin.token, `alice${made}`)).token,
      bob: (await addAccount(server, admin.token, `bob${made}`)).token,
    }
  }

  it('serves a photo with its type, length, ETag and a year of private caching; 304 when the ETag matches', async () => {
    const { server, admin } = shared()
    const photo = photoBytes(50_000, 'image/webp')
    const hash = sha256(photo)
    await uploadFrom(server, admin.token, photo, 0, CHUNK, 'image/webp')
    const got = await download(server, admin.token, hash)
    expect(got.status).toBe(200)
    expect(
      Object.fromEntries(
        ['content-type', 'content-length', 'etag', 'cache-control', 'x-content-type-options'].map((h) => [
          h,
          got.headers.get(h),
        ]),
      ),
    ).toEqual({
      'content-type': 'image/webp',
      'content-length': '50000',
      etag: `"${hash}"`,
      'cache-control': BLOB_CACHE_CONTROL,
      'x-content-type-options': 'nosniff',
    })
    expect(isSame(got.bytes, photo)).toBe(true)
    const cached = await download(server, admin.token, hash, { 'if-none-match': `"${hash}"` })
    expect({ status: cached.status, size: cached.bytes.byteLength }).toEqual({ status: 304, size: 0 })
    const head = await server.app.request(blobPath(hash), {
      method: 'HEAD',
      headers: { authorization: `Bearer ${admin.token}` },
    })
    expect({ status: head.status, length: head.headers.get('content-length'), body: await head.text() }).toEqual({
      status: 200,
      length: '50000',
      body: '',
    })
  })

  it('gives another account nothing for a hash it did not upload itself, and lets it upload the same bytes', async () => {
    const { server, alice, bob } = await twoAccounts()
    const photo = photoBytes(CHUNK + 3000)
    const hash = sha256(photo)
    await uploadFrom(server, alice, photo)
    expect((await download(server, bob, hash)).status).toBe(404)
    expect(expectError(await blobStatus(server, bob, hash), 404, 'not_found').message).toBe('照片不存在或尚未上传完成')
    // Bob's PUT of the hash is not the idempotent shortcut: he has to send the bytes, and wrong ones are refused.
    const wrong = photoBytes(2000)
    const guessed = await send(server, 'PUT', blobPath(hash), {
      token: bob,
      body: wrong,
      headers: { 'content-type': 'image/jpeg', 'content-range': 'bytes 0-1999/2000' },
    })
    expectError(guessed, 422, 'hash_mismatch')
    expect((await download(server, bob, hash)).status).toBe(404)
    const own = await uploadFrom(server, bob, photo)
    expect(own.body).toMatchObject({ hash, complete: true })
    expect(isSame((await download(server, bob, hash)).bytes, photo)).toBe(true)
    expect(isSame((await download(server, alice, hash)).bytes, photo)).toBe(true)
  })

  it('keeps each account’s unfinished upload of the same photo apart', async () => {
    const { server, alice, bob } = await twoAccounts()
    const photo = photoBytes(3 * CHUNK)
    const hash = sha256(photo)
    await putChunk(server, alice, photo, 0, CHUNK)
    await putChunk(server, alice, photo, CHUNK, 2 * CHUNK)
    expectError(await blobStatus(server, bob, hash), 404, 'not_found')
    // Bob starts from 0 on his own; his chunk neither counts for Alice nor is refused because of hers.
    expect(await putChunk(server, bob, photo, 0, CHUNK)).toMatchObject({ status: 202, body: { received: CHUNK } })
    expect((await blobStatus(server, alice, hash)).body).toMatchObject({ received: 2 * CHUNK })
    expect((await uploadFrom(server, alice, photo, 2 * CHUNK)).body.complete).toBe(true)
    expect((await blobStatus(server, bob, hash)).body).toEqual({ hash, received: CHUNK, complete: false })
    expect((await download(server, bob, hash)).status).toBe(404)
  })
})

describe('photo uploads across instances and restarts', () => {
  it('takes half an upload on one instance and the rest on another; both serve it', async () => {
    const server = await startTestServer()
    // On SQLite one process serves the data directory, so the second "instance" is the same app; on PostgreSQL
    // (the postgres test project) it is a second app on its own connections, sharing the blob folder.
    const other = server.engine === 'postgres' ? await server.secondInstance() : server
    const { token } = await setUpAdmin(server)
    const photo = photoBytes(4 * CHUNK + 99)
    const hash = sha256(photo)
    await putChunk(server, token, photo, 0, CHUNK)
    await putChunk(server, token, photo, CHUNK, 2 * CHUNK)
    expect((await blobStatus(other, token, hash)).body).toMatchObject({ received: 2 * CHUNK })
    expect((await uploadFrom(other, token, photo, 2 * CHUNK)).body.complete).toBe(true)
    expect(isSame((await download(server, token, hash)).bytes, photo)).toBe(true)
    expect(isSame((await download(other, token, hash)).bytes, photo)).toBe(true)
  })

  it('answers 404 and logs it when the database says a photo is held but its file is gone (a lost folder)', async () => {
    const lines: string[] = []
    const server = await startTestServer({ log: createLogger('warn', (line) => lines.push(line)) })
    const { token } = await setUpAdmin(server)
    const photo = photoBytes(5000)
    const hash = sha256(photo)
    await uploadFrom(server, token, photo)
    rmSync(join(server.dataDir, 'blobs', 'sha256'), { recursive: true })
    expect((await download(server, token, hash)).status).toBe(404)
    expect(lines.map((line) => JSON.parse(line) as { message: string; hash: string })).toMatchObject([
      { message: 'blob missing from the store', hash },
    ])
  })

  it('resumes an upload after a server restart from the bytes it held', async () => {
    const server = await startTestServer()
    const { token } = await setUpAdmin(server)
    const photo = photoBytes(3 * CHUNK + 1)
    const hash = sha256(photo)
    await putChunk(server, token, photo, 0, CHUNK)
    await server.restart()
    expect((await blobStatus(server, token, hash)).body).toEqual({ hash, received: CHUNK, complete: false })
    await uploadFrom(server, token, photo, CHUNK)
    await server.restart()
    expect(isSame((await download(server, token, hash)).bytes, photo)).toBe(true)
  })
})

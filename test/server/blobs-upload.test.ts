/** Photo upload (PUT /api/blobs/:hash): whole, in chunks, resumed, repeated, and every refusal. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_ATTACHMENT_BYTES, UPLOAD_CHUNK_BYTES } from '../../src/shared/attachments'
import { blobPath, MAX_CHUNK_BYTES, type BlobState } from '../../src/shared/sync/blob-protocol'
import { blobStatus, download, photoBytes, putChunk, sha256, uploadFrom } from './blob-client'
import { expectError, send, setUpAdmin, useSharedServer } from './support'

const CHUNK = UPLOAD_CHUNK_BYTES

describe('photo upload', () => {
  const shared = useSharedServer(async (server) => {
    const admin = await setUpAdmin(server)
    return { token: admin.token, accountId: admin.account.id }
  })

  it('takes a small photo in one request and serves the same bytes back', async () => {
    const { server, token } = shared()
    const photo = photoBytes(40_000)
    const hash = sha256(photo)
    const put = await putChunk(server, token, photo, 0, photo.byteLength)
    expect(put).toMatchObject({
      status: 200,
      body: { hash, received: 40_000, complete: true, size: 40_000, type: 'image/jpeg' },
    })
    const got = await download(server, token, hash)
    expect(got.status).toBe(200)
    expect(Buffer.from(got.bytes).equals(Buffer.from(photo))).toBe(true)
  })

  it('takes a whole photo without Content-Range when Content-Length gives its size', async () => {
    const { server, token } = shared()
    const photo = photoBytes(20_000, 'image/webp')
    const put = await putChunk(server, token, photo, 0, photo.byteLength, { type: 'image/webp', contentRange: null })
    expect(put).toMatchObject({ status: 200, body: { complete: true, type: 'image/webp' } })
  })

  it('takes a photo in chunks, answering 202 with the bytes held until the last one completes it', async () => {
    const { server, token } = shared()
    const photo = photoBytes(2 * CHUNK + 1000)
    const hash = sha256(photo)
    expect(await putChunk(server, token, photo, 0, CHUNK)).toMatchObject({
      status: 202,
      body: { hash, received: CHUNK, complete: false },
    })
    expect((await blobStatus(server, token, hash)).body).toEqual({ hash, received: CHUNK, complete: false })
    expect(await putChunk(server, token, photo, CHUNK, 2 * CHUNK)).toMatchObject({
      status: 202,
      body: { received: 2 * CHUNK },
    })
    expect(await putChunk(server, token, photo, 2 * CHUNK, photo.byteLength)).toMatchObject({
      status: 200,
      body: { received: photo.byteLength, complete: true },
    })
    expect((await blobStatus(server, token, hash)).body).toEqual({
      hash,
      received: photo.byteLength,
      complete: true,
      size: photo.byteLength,
      type: 'image/jpeg',
    })
    expect(Buffer.from((await download(server, token, hash)).bytes).equals(Buffer.from(photo))).toBe(true)
  })

  it('answers a photo the account already holds at once, whatever the request carries (idempotent)', async () => {
    const { server, token } = shared()
    const photo = photoBytes(CHUNK + 5000)
    const first = await uploadFrom(server, token, photo)
    const again = await send(server, 'PUT', blobPath(sha256(photo)), {
      token,
      body: 'not even a photo',
      headers: { 'content-type': 'text/plain' },
    })
    expect(again).toMatchObject({ status: 200, body: first.body })
    // The whole upload again, chunk by chunk, as a client that lost every answer would: each says complete.
    expect(await putChunk(server, token, photo, 0, CHUNK)).toMatchObject({ status: 200, body: { complete: true } })
  })

  it('resumes an upload cut off halfway from the offset the status gives, and ends with the same bytes', async () => {
    const { server, token } = shared()
    const photo = photoBytes(4 * CHUNK + 777)
    const hash = sha256(photo)
    await putChunk(server, token, photo, 0, CHUNK)
    await putChunk(server, token, photo, CHUNK, 2 * CHUNK)
    // The third chunk's connection drops mid-body: none of that chunk is kept.
    const halfSent = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(photo.slice(2 * CHUNK, 2 * CHUNK + 1000))
        controller.error(new Error('connection reset'))
      },
    })
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'image/jpeg',
      'content-range': `bytes ${2 * CHUNK}-${3 * CHUNK - 1}/${photo.byteLength}`,
    }
    const cut = await server.app.request(blobPath(hash), {
      method: 'PUT',
      headers,
      body: halfSent,
      duplex: 'half',
    } as RequestInit & { duplex: 'half' })
    expect(cut.status).toBe(400)
    expect(await cut.json()).toMatchObject({
      error: 'invalid_request',
      messageEn: 'The request body broke off before its end: send the chunk again',
    })
    // Later, on a better connection, the client asks where to go on from.
    const status = await blobStatus(server, token, hash)
    expect(status.body).toEqual({ hash, received: 2 * CHUNK, complete: false })
    const done = await uploadFrom(server, token, photo, (status.body as BlobState).received)
    expect(done.body).toMatchObject({ complete: true, size: photo.byteLength })
    expect(Buffer.from((await download(server, token, hash)).bytes).equals(Buffer.from(photo))).toBe(true)
  })

  it('refuses a chunk that does not start where the held bytes end (409 with received), and the upload goes on', async () => {
    const { server, token } = shared()
    const photo = photoBytes(3 * CHUNK)
    const early = expectError(await putChunk(server, token, photo, CHUNK, 2 * CHUNK), 409, 'upload_offset')
    expect(early.received).toBe(0)
    await putChunk(server, token, photo, 0, CHUNK)
    // A chunk sent again after its answer was lost, and one that skips ahead: both are told where to go on.
    expect(expectError(await putChunk(server, token, photo, 0, CHUNK), 409, 'upload_offset').received).toBe(CHUNK)
    expect(expectError(await putChunk(server, token, photo, 2 * CHUNK, 3 * CHUNK), 409, 'upload_offset').received).toBe(
      CHUNK,
    )
    expect((await uploadFrom(server, token, photo, CHUNK)).body.complete).toBe(true)
  })

  it('refuses bytes whose SHA-256 is not the hash (422), keeping nothing of them', async () => {
    const { server, token } = shared()
    const photo = photoBytes(CHUNK + 100)
    const claimed = sha256(photoBytes(10))
    const headers = { 'content-type': 'image/jpeg' }
    expect(
      (
        await send(server, 'PUT', blobPath(claimed), {
          token,
          body: photo.slice(0, CHUNK),
          headers: { ...headers, 'content-range': `bytes 0-${CHUNK - 1}/${photo.byteLength}` },
        })
      ).status,
    ).toBe(202)
    const last = await send(server, 'PUT', blobPath(claimed), {
      token,
      body: photo.slice(CHUNK),
      headers: { ...headers, 'content-range': `bytes ${CHUNK}-${photo.byteLength - 1}/${photo.byteLength}` },
    })
    const refused = expectError(last, 422, 'hash_mismatch')
    expect(refused.messageEn).toContain(sha256(photo))
    expectError(await blobStatus(server, token, claimed), 404, 'not_found')
    expect((await download(server, token, claimed)).status).toBe(404)
    expect(existsSync(join(server.dataDir, 'blobs', 'sha256', claimed.slice(0, 2), claimed))).toBe(false)
    expect(existsSync(join(server.dataDir, 'blobs', 'sha256', sha256(photo).slice(0, 2), sha256(photo)))).toBe(false)
  })

  it('refuses a photo over the size limit before reading it (413), and a chunk over the chunk limit', async () => {
    const { server, token } = shared()
    const photo = photoBytes(CHUNK)
    const tooBig = await putChunk(server, token, photo, 0, CHUNK, {
      contentRange: `bytes 0-${CHUNK - 1}/${MAX_ATTACHMENT_BYTES + 1}`,
    })
    expect(expectError(tooBig, 413, 'too_large').message).toBe('照片过大（上限 10 MB），请压缩后再上传')
    const big = photoBytes(MAX_CHUNK_BYTES + 1)
    expectError(await putChunk(server, token, big, 0, big.byteLength), 413, 'too_large')
    expectError(await blobStatus(server, token, sha256(big)), 404, 'not_found')
  })

  it('refuses types other than JPEG and WebP, and bytes that are not what the request says (415)', async () => {
    const { server, token } = shared()
    const jpeg = photoBytes(30_000)
    expect(
      expectError(
        await putChunk(server, token, jpeg, 0, jpeg.byteLength, { type: 'image/png' }),
        415,
        'unsupported_type',
      ).message,
    ).toBe('只能上传 JPEG 或 WebP 格式的照片')
    expectError(
      await putChunk(server, token, jpeg, 0, jpeg.byteLength, { type: 'image/webp' }),
      415,
      'unsupported_type',
    )
    const png = photoBytes(30_000)
    png.set([0x89, 0x50, 0x4e, 0x47])
    const refused = expectError(await putChunk(server, token, png, 0, png.byteLength), 415, 'unsupported_type')
    expect(refused.messageEn).toBe('The bytes are neither JPEG nor WebP, but the request says image/jpeg')
    expectError(await blobStatus(server, token, sha256(png)), 404, 'not_found')
  })

  it('refuses a malformed hash or range, and a small chunk in the middle', async () => {
    const { server, token } = shared()
    const photo = photoBytes(CHUNK + 10)
    expectError(
      await send(server, 'PUT', blobPath('ABC'), { token, body: photo, headers: { 'content-type': 'image/jpeg' } }),
      400,
      'invalid_request',
    )
    expectError(
      await putChunk(server, token, photo, 0, CHUNK, { contentRange: 'bytes 10-5/100' }),
      400,
      'invalid_request',
    )
    expectError(
      await putChunk(server, token, photo, 0, CHUNK, { contentRange: `bytes 0-${CHUNK}/${photo.byteLength}` }),
      400,
      'invalid_request',
    )
    expect(expectError(await putChunk(server, token, photo, 0, 1000), 400, 'invalid_request').messageEn).toBe(
      'A chunk that does not end the photo must be at least 64 KB',
    )
  })

  it('asks for a token on every photo endpoint (401)', async () => {
    const { server, token } = shared()
    const photo = photoBytes(1000)
    await putChunk(server, token, photo, 0, photo.byteLength)
    expectError(await putChunk(server, undefined, photo, 0, photo.byteLength), 401, 'unauthorized')
    expectError(await blobStatus(server, undefined, sha256(photo)), 401, 'unauthorized')
    expect((await download(server, undefined, sha256(photo))).status).toBe(401)
    expect((await download(server, 'xsj_not-a-token', sha256(photo))).status).toBe(401)
  })

  it('leaves no chunk files once a photo is complete, and the photo under its hash', async () => {
    const { server, token, accountId } = shared()
    const photo = photoBytes(2 * CHUNK + 1)
    const hash = sha256(photo)
    await putChunk(server, token, photo, 0, CHUNK)
    const partial = join(server.dataDir, 'blobs', 'partial', accountId, hash)
    expect(readdirSync(partial).sort()).toEqual([`0+${CHUNK}`, `total=${photo.byteLength}`])
    await uploadFrom(server, token, photo, CHUNK)
    expect(existsSync(partial)).toBe(false)
    expect(
      readFileSync(join(server.dataDir, 'blobs', 'sha256', hash.slice(0, 2), hash)).equals(Buffer.from(photo)),
    ).toBe(true)
  })
})

/**
 * Requests for one photo that overlap (found by the fuzz, test/server/fuzz/): one request's chunk is being written
 * while another, whose bytes were not the hash, throws the unfinished upload away. The writer's file is gone under
 * it; its answer must tell the client where to go on from, not fail with a 500 it would retry blindly.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/server/app'
import { FileBlobStore } from '../../src/server/blobs/file-blob-store'
import { createLogger } from '../../src/server/logger'
import { UPLOAD_CHUNK_BYTES } from '../../src/shared/attachments'
import { blobStatus, photoBytes, putChunk, sha256, uploadFrom } from './blob-client'
import { expectError, setUpAdmin, startTestServer, staticDir } from './support'

/** The other request's discard lands while this one writes: the upload's folder vanishes, the write fails ENOENT. */
class DiscardedWhileWriting extends FileBlobStore {
  override async writeChunk(accountId: string, hash: string): Promise<number> {
    await this.discardPartial(accountId, hash)
    throw Object.assign(new Error(`ENOENT: no such file or directory, rename '…/${hash}/…'`), { code: 'ENOENT' })
  }
}

describe('overlapping uploads of one photo', () => {
  it('answers a chunk whose upload was thrown away under it with 409 upload_offset from what is held, and the client finishes', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const photo = photoBytes(UPLOAD_CHUNK_BYTES + 70_000)
    expect((await putChunk(server, admin.token, photo, 0, UPLOAD_CHUNK_BYTES)).status).toBe(202)
    const racing = {
      ...server,
      app: createApp({
        staticDir: staticDir(),
        version: '0.0.0-test',
        storage: server.storage,
        blobs: new DiscardedWhileWriting(join(server.dataDir, 'blobs')),
        log: createLogger('error', () => undefined),
      }),
    }
    const answer = await putChunk(racing, admin.token, photo, UPLOAD_CHUNK_BYTES, photo.byteLength)
    expect(expectError(answer, 409, 'upload_offset').received).toBe(0)
    // Going on from there, as the answer says, completes it.
    expect((await uploadFrom(server, admin.token, photo, 0)).body).toMatchObject({ complete: true })
    expect((await blobStatus(server, admin.token, sha256(photo))).body).toMatchObject({
      complete: true,
      size: photo.byteLength,
    })
  })
})

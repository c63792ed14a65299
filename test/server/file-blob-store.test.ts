/**
 * The blob folder itself (FileBlobStore) on a real directory: what a crash or two instances writing at once can
 * leave behind, and that none of it becomes part of a blob.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileBlobStore } from '../../src/server/blobs/file-blob-store'
import { photoBytes, sha256 } from './blob-client'

const ACCOUNT = '01a20549-6f9d-7002-a7d3-d3f7f2f275b1'
const CHUNK = 64 * 1024

function freshStore(): FileBlobStore {
  return new FileBlobStore(join(mkdtempSync(join(tmpdir(), 'xsj-blobs-')), 'blobs'))
}

async function readAll(store: FileBlobStore, hash: string): Promise<Buffer> {
  const stored = await store.read(hash)
  if (!stored) throw new Error(`no blob ${hash}`)
  return Buffer.from(await new Response(stored.stream).arrayBuffer())
}

describe('FileBlobStore', () => {
  it('counts no half-written chunk: a temporary file left by a crash is not part of the upload', async () => {
    const store = freshStore()
    const photo = photoBytes(3 * CHUNK)
    const hash = sha256(photo)
    await store.writeChunk(ACCOUNT, hash, 0, photo.subarray(0, CHUNK), photo.byteLength)
    const folder = join(store.root, 'partial', ACCOUNT, hash)
    // What a process killed while writing the second chunk leaves: a temporary file with part of it.
    writeFileSync(join(folder, '.0f1e2d3c.tmp'), photo.subarray(CHUNK, CHUNK + 1000))
    expect(await store.progress(ACCOUNT, hash)).toEqual({ received: CHUNK, hasEveryByte: false })
    await store.writeChunk(ACCOUNT, hash, CHUNK, photo.subarray(CHUNK, 2 * CHUNK), photo.byteLength)
    expect(await store.writeChunk(ACCOUNT, hash, 2 * CHUNK, photo.subarray(2 * CHUNK), photo.byteLength)).toBe(
      3 * CHUNK,
    )
    expect(await store.progress(ACCOUNT, hash)).toEqual({ received: 3 * CHUNK, hasEveryByte: true })
    expect(await store.finish(ACCOUNT, hash)).toMatchObject({ isStored: true, size: 3 * CHUNK })
    expect((await readAll(store, hash)).equals(Buffer.from(photo))).toBe(true)
  })

  it('keeps one copy when the same chunk arrives twice at once and when two finish the same blob at once', async () => {
    const store = freshStore()
    const other = new FileBlobStore(store.root)
    const photo = photoBytes(2 * CHUNK)
    const hash = sha256(photo)
    await Promise.all([
      store.writeChunk(ACCOUNT, hash, 0, photo.subarray(0, CHUNK), 2 * CHUNK),
      other.writeChunk(ACCOUNT, hash, 0, photo.subarray(0, CHUNK), 2 * CHUNK),
    ])
    await Promise.all([
      store.writeChunk(ACCOUNT, hash, CHUNK, photo.subarray(CHUNK), 2 * CHUNK),
      other.writeChunk(ACCOUNT, hash, CHUNK, photo.subarray(CHUNK), 2 * CHUNK),
    ])
    expect(readdirSync(join(store.root, 'partial', ACCOUNT, hash)).sort()).toEqual([
      `0+${CHUNK}`,
      `${CHUNK}+${CHUNK}`,
      `total=${2 * CHUNK}`,
    ])
    const outcomes = await Promise.all([store.finish(ACCOUNT, hash), other.finish(ACCOUNT, hash)])
    expect(outcomes.map((o) => o.isStored)).toEqual([true, true])
    expect((await readAll(other, hash)).equals(Buffer.from(photo))).toBe(true)
    expect(readdirSync(join(store.root, 'tmp'))).toEqual([])
  })

  it('stores nothing when the bytes are not the hash, and leaves the upload for its caller to discard', async () => {
    const store = freshStore()
    const photo = photoBytes(CHUNK)
    const claimed = sha256(photoBytes(10))
    await store.writeChunk(ACCOUNT, claimed, 0, photo, CHUNK)
    expect(await store.finish(ACCOUNT, claimed)).toEqual({ isStored: false, actualHash: sha256(photo) })
    expect(await store.progress(ACCOUNT, claimed)).toEqual({ received: CHUNK, hasEveryByte: true })
    await store.discardPartial(ACCOUNT, claimed)
    expect(await store.progress(ACCOUNT, claimed)).toEqual({ received: 0, hasEveryByte: null })
    expect(await store.read(claimed)).toBeNull()
    expect(await store.read(sha256(photo))).toBeNull()
  })

  it('refuses names that could leave its folder', async () => {
    const store = freshStore()
    await expect(store.progress('../other', sha256(photoBytes(10)))).rejects.toThrow('not a safe blob path')
    await expect(store.read('../../etc/passwd')).rejects.toThrow('not a SHA-256 name')
  })
})

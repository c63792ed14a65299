/**
 * Photo bytes between phones through the real server in-process: records first, photos after, uploads resumed
 * from what the server holds, thumbnails fetched with the pull and originals when a record is opened.
 */
import { describe, expect, it } from 'vitest'
import { fetchPhotosOfRecord } from '../../../src/app/sync/photo-fetch'
import { readAccount } from '../../../src/app/sync/sync-meta'
import { UPLOAD_CHUNK_BYTES } from '../../../src/shared/attachments'
import { visit } from '../db/support'
import { jpegBytes, takePhoto } from './sim-photos'
import { SimDevice, TEST_PASSWORD, useAccountServer, type SimDeviceOptions } from './support'

const suite = useAccountServer()
const { devices } = suite
const PASSWORD = TEST_PASSWORD

async function phone(options: SimDeviceOptions = {}): Promise<SimDevice> {
  const device = new SimDevice(suite.server, { photoBudgetMs: 60_000, ...options })
  devices.push(device)
  await device.signIn('zhangwei', PASSWORD)
  return device
}

async function bytesOf(device: SimDevice, hash: string): Promise<Uint8Array | null> {
  const row = await device.db.attachments.get(hash)
  return row?.blob ? new Uint8Array(await row.blob.arrayBuffer()) : null
}

describe('photo sync against the real suite.server', () => {
  it('uploads a photo in chunks after its record, and a second phone gets the thumbnail with the pull and the original when opened', async () => {
    const a = await phone()
    const b = await phone()
    const photo = await takePhoto(a, 2 * UPLOAD_CHUNK_BYTES + 12_345)
    const saved = await a.repository.save('visits', visit({ photos: [photo] }))

    expect(await a.sync()).toMatchObject({ kind: 'synced', pushed: 1, photosLeft: 0 })
    expect((await a.db.attachments.toArray()).map((row) => row.uploadState)).toEqual(['uploaded', 'uploaded'])

    expect(await b.sync()).toMatchObject({ kind: 'synced', pulled: 1 })
    expect((await b.get('visits', saved.id))?.photos).toEqual([photo])
    expect(await bytesOf(b, photo.thumbHash)).toEqual(await bytesOf(a, photo.thumbHash))
    expect(await b.db.attachments.get(photo.hash)).toBeUndefined()

    const summary = await fetchPhotosOfRecord(b.db, b.blobs, [photo], true)
    expect(summary).toEqual({ fetched: 1, notYetOnServer: 0, isUnreachable: false })
    expect(await bytesOf(b, photo.hash)).toEqual(await bytesOf(a, photo.hash))
    expect(await b.db.attachments.get(photo.hash)).toMatchObject({
      role: 'photo',
      uploadState: 'uploaded',
      width: 1920,
      height: 1440,
    })
  })

  it('starts a photo just taken at byte 0 without asking the server where it stands (a 404 the browser would log); after a cut, it asks', async () => {
    const asked: string[] = []
    let isCutting = true
    const a = await phone({
      fault: (path) => {
        if (path.endsWith('/status')) asked.push(path)
        return path.startsWith('/api/blobs/') && !path.endsWith('/status') && isCutting ? 'dropRequest' : 'none'
      },
    })
    const photo = await takePhoto(a, UPLOAD_CHUNK_BYTES + 10)
    await a.repository.save('visits', visit({ photos: [photo] }))
    expect(await a.sync()).toMatchObject({ kind: 'failed', error: { code: 'offline' } })
    expect(asked).toEqual([])
    // The thumbnail's first chunk may have reached the server before the answer was lost: from now on the phone asks
    // where it stands. The full-size photo, which the cut run never reached, still starts at 0 without asking.
    isCutting = false
    expect(await a.sync()).toMatchObject({ kind: 'synced', photosLeft: 0 })
    expect(asked).toEqual([`/api/blobs/${photo.thumbHash}/status`])
    expect((await a.db.attachments.toArray()).map((row) => [row.uploadState, row.isUnsent])).toEqual([
      ['uploaded', false],
      ['uploaded', false],
    ])
  })

  it('sends the record even when its photo upload is cut off, and resumes the photo where the suite.server stopped', async () => {
    let puts = 0
    let isCutting = true
    const a = await phone({
      // The second chunk of the photo never arrives (a 2G link dropping mid-upload).
      fault: (path) =>
        path.startsWith('/api/blobs/') && !path.endsWith('/status') && isCutting && ++puts === 3
          ? 'dropRequest'
          : 'none',
    })
    const b = await phone()
    const photo = await takePhoto(a, 2 * UPLOAD_CHUNK_BYTES + 1)
    const saved = await a.repository.save('visits', visit({ photos: [photo] }))

    expect(await a.sync()).toMatchObject({ kind: 'failed', error: { code: 'offline' } })
    expect(await a.db.outbox.count()).toBe(0)
    expect((await a.db.attachments.get(photo.hash))?.uploadState).toBe('pending')

    // The other phone already has the record and its thumbnail, and is told the photo is still on its way.
    await b.sync()
    expect((await b.get('visits', saved.id))?.photos).toEqual([photo])
    expect(await fetchPhotosOfRecord(b.db, b.blobs, [photo], true)).toEqual({
      fetched: 0,
      notYetOnServer: 1,
      isUnreachable: false,
    })

    const status = await a.blobs.status((await readAccount(a.db))!.token!, photo.hash)
    expect(status).toEqual({ hash: photo.hash, received: UPLOAD_CHUNK_BYTES, complete: false })
    isCutting = false
    puts = 0
    let sentBytes = 0
    const original = a.blobs.putChunk.bind(a.blobs)
    a.blobs.putChunk = async (token, hash, type, range, chunk) => {
      sentBytes += chunk.byteLength
      return original(token, hash, type, range, chunk)
    }
    expect(await a.sync()).toMatchObject({ kind: 'synced', photosLeft: 0 })
    // Only what the suite.server lacked went up again: the first chunk was not resent.
    expect(sentBytes).toBe(photo.bytes - UPLOAD_CHUNK_BYTES)
    expect(await fetchPhotosOfRecord(b.db, b.blobs, [photo], true)).toEqual({
      fetched: 1,
      notYetOnServer: 0,
      isUnreachable: false,
    })
    expect(await bytesOf(b, photo.hash)).toEqual(await bytesOf(a, photo.hash))
  })

  it('ends a run when its photo time is spent, with the records already sent, and says how many photos are left', async () => {
    const a = await phone({ photoBudgetMs: 0 })
    const photo = await takePhoto(a, 70_000)
    await a.repository.save('visits', visit({ photos: [photo] }))
    expect(await a.sync()).toMatchObject({ kind: 'synced', pushed: 1, photosLeft: 2 })
    expect(await a.db.outbox.count()).toBe(0)
    expect(await a.db.attachments.where('uploadState').equals('pending').count()).toBe(2)
  })

  it('skips a stored photo whose bytes no longer match their name, without retrying it in a loop, and sends the rest', async () => {
    const a = await phone()
    const good = await takePhoto(a, 80_000)
    const bad = await takePhoto(a, 80_000)
    // Storage damage: the row's bytes changed under its hash.
    await a.db.attachments.update(bad.hash, { blob: new Blob([jpegBytes(80_000)], { type: 'image/jpeg' }) })
    await a.repository.save('visits', visit({ photos: [good, bad] }))

    const outcome = await a.sync()
    expect(outcome).toMatchObject({ kind: 'synced', pushed: 1, photosLeft: 0 })
    expect((await a.db.attachments.get(good.hash))?.uploadState).toBe('uploaded')
    expect((await a.db.attachments.get(bad.thumbHash))?.uploadState).toBe('uploaded')
    expect((await a.db.attachments.get(bad.hash))?.uploadState).toBe('refused')
    // The next run does not send it again.
    let puts = 0
    const original = a.blobs.putChunk.bind(a.blobs)
    a.blobs.putChunk = async (...args) => {
      puts++
      return original(...args)
    }
    expect(await a.sync()).toMatchObject({ kind: 'synced', photosLeft: 0 })
    expect(puts).toBe(0)
  })

  it('sends a photo again from the start when its bytes were damaged on the way, once', async () => {
    const a = await phone()
    const photo = await takePhoto(a, 90_000)
    await a.repository.save('visits', visit({ photos: [photo] }))
    let damaged = 0
    const original = a.blobs.putChunk.bind(a.blobs)
    a.blobs.putChunk = async (token, hash, type, range, chunk) => {
      if (hash !== photo.hash || damaged > 0) return original(token, hash, type, range, chunk)
      damaged++
      // A proxy flips bytes in the middle of the body: same length, same first bytes, another hash.
      const bytes = new Uint8Array(chunk.slice(0))
      bytes[50_000] = bytes[50_000]! ^ 0xff
      return original(token, hash, type, range, bytes.buffer)
    }
    expect(await a.sync()).toMatchObject({ kind: 'synced', photosLeft: 0 })
    expect(damaged).toBe(1)
    expect((await a.db.attachments.get(photo.hash))?.uploadState).toBe('uploaded')
    const b = await phone()
    await b.sync()
    expect(await fetchPhotosOfRecord(b.db, b.blobs, [photo], true)).toMatchObject({ fetched: 1 })
    expect(await bytesOf(b, photo.hash)).toEqual(await bytesOf(a, photo.hash))
  })

  it('does not store fetched bytes that do not hash to the photo’s name', async () => {
    const a = await phone()
    const b = await phone()
    const photo = await takePhoto(a, 70_000)
    await a.repository.save('visits', visit({ photos: [photo] }))
    await a.sync()
    await b.sync()
    // A proxy on the way rewrites the image.
    b.blobs.get = async () => new Blob([jpegBytes(70_000)], { type: 'image/jpeg' })
    expect(await fetchPhotosOfRecord(b.db, b.blobs, [photo], true)).toMatchObject({ fetched: 0 })
    expect(await b.db.attachments.get(photo.hash)).toBeUndefined()
  })
})

/** Photos as a phone's camera and photo intake leave them, for the sync tests: stored bytes and the record's reference. */
import { randomBytes } from 'node:crypto'
import { storeAttachment } from '../../../src/app/db/attachments'
import { sha256Hex } from '../../../src/app/db/sha256'
import type { PhotoRef } from '../../../src/shared/fields'
import type { SimDevice } from './sim-device'

/** JPEG magic bytes, then noise: what the server's type check reads, at any size. */
export function jpegBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  bytes.set(randomBytes(size))
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0)
  return bytes
}

/** Stores a photo of `size` bytes and its thumbnail on the phone as photo intake does; returns the record's reference. */
export async function takePhoto(device: SimDevice, size: number, caption = '村文化中心'): Promise<PhotoRef> {
  const photo = new Blob([jpegBytes(size)], { type: 'image/jpeg' })
  const thumbnail = new Blob([jpegBytes(9_000)], { type: 'image/jpeg' })
  const [hash, thumbHash] = [await sha256Hex(photo), await sha256Hex(thumbnail)]
  const createdAt = new Date().toISOString()
  await storeAttachment(device.db, {
    hash,
    blob: photo,
    type: 'image/jpeg',
    bytes: photo.size,
    width: 1920,
    height: 1440,
    role: 'photo',
    createdAt,
    uploadState: 'pending',
    isUnsent: true,
  })
  await storeAttachment(device.db, {
    hash: thumbHash,
    blob: thumbnail,
    type: 'image/jpeg',
    bytes: thumbnail.size,
    width: 320,
    height: 240,
    role: 'thumbnail',
    createdAt,
    uploadState: 'pending',
    isUnsent: true,
  })
  return {
    hash,
    thumbHash,
    type: 'image/jpeg',
    bytes: photo.size,
    width: 1920,
    height: 1440,
    caption,
    takenAt: createdAt,
  }
}

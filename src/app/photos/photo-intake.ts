/**
 * From a picked file to a stored photo: compress (longest side 1920 px, JPEG quality 0.8, EXIF orientation
 * applied), optionally stamp, make a 320 px thumbnail, name both by SHA-256 and store them. Loaded on demand the
 * first time someone picks a photo: browser-image-compression and this code stay out of the first screen.
 */
import imageCompression from 'browser-image-compression'
import { isAttachmentType, PHOTO_MAX_SIDE_PX, THUMBNAIL_MAX_SIDE_PX, type AttachmentType } from '../../shared/attachments'
import type { PhotoRef } from '../../shared/fields'
import type { AttachmentRole } from '../db/attachment-row'
import { storeAttachment } from '../db/attachments'
import { sha256Hex } from '../db/sha256'
import type { XsjDatabase } from '../db/schema'
import { drawStamp, type PhotoStamp } from './photo-stamp'

/** JPEG: every phone browser encodes it (Safari before 14 silently falls back to PNG for WebP). */
const OUTPUT_TYPE: AttachmentType = 'image/jpeg'
const PHOTO_QUALITY = 0.8
const THUMBNAIL_QUALITY = 0.7

export class PhotoUnreadableError extends Error {
  constructor(readonly fileName: string, cause: unknown) {
    super(`cannot read ${fileName}`, { cause })
    this.name = 'PhotoUnreadableError'
  }
}

interface Encoded {
  blob: Blob
  type: AttachmentType
  width: number
  height: number
}

async function sizeOf(blob: Blob): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(blob)
  try {
    return { width: bitmap.width, height: bitmap.height }
  } finally {
    bitmap.close()
  }
}

async function encoded(blob: Blob): Promise<Encoded> {
  if (!isAttachmentType(blob.type)) throw new Error(`the browser produced ${blob.type}, not ${OUTPUT_TYPE}`)
  return { blob, type: blob.type, ...(await sizeOf(blob)) }
}

async function shrink(file: File, maxSide: number, quality: number): Promise<File> {
  return imageCompression(file, {
    maxWidthOrHeight: maxSide,
    initialQuality: quality,
    fileType: OUTPUT_TYPE,
    // Its worker loads the library from a CDN: no network in a village, and nothing of ours goes to a CDN.
    useWebWorker: false,
    // Only a re-encode larger than the picked file makes it try lower qualities; two tries are enough.
    maxIteration: 2,
  })
}

/** Redraws the (already oriented and resized) photo with the stamp, encoding once more at the same quality. */
async function stamped(photo: Blob, stamp: PhotoStamp): Promise<Blob> {
  const bitmap = await createImageBitmap(photo)
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2d canvas')
  ctx.drawImage(bitmap, 0, 0)
  bitmap.close()
  drawStamp(ctx, canvas.width, canvas.height, stamp)
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, OUTPUT_TYPE, PHOTO_QUALITY))
  canvas.width = 0
  canvas.height = 0
  if (!blob) throw new Error('canvas.toBlob gave nothing')
  return blob
}


export interface PreparedPhoto {
  photo: Encoded
  thumbnail: Encoded
  takenAt: string
}

/**
 * Compresses a picked file. `stamp` (without its time) is drawn when given; the time is the file's own, which a
 * camera sets when it takes the picture.
 */
export async function preparePhoto(file: File, stamp: Omit<PhotoStamp, 'takenAt'> | null): Promise<PreparedPhoto> {
  const takenAt = new Date(file.lastModified || Date.now())
  let compressed: Blob
  try {
    compressed = await shrink(file, PHOTO_MAX_SIDE_PX, PHOTO_QUALITY)
  } catch (error) {
    throw new PhotoUnreadableError(file.name, error)
  }
  if (stamp) compressed = await stamped(compressed, { ...stamp, takenAt })
  const photo = await encoded(compressed)
  const thumbnail = await encoded(await shrink(new File([photo.blob], 'thumbnail.jpg', { type: photo.type }), THUMBNAIL_MAX_SIDE_PX, THUMBNAIL_QUALITY))
  return { photo, thumbnail, takenAt: takenAt.toISOString() }
}

async function store(db: XsjDatabase, item: Encoded, role: AttachmentRole): Promise<string> {
  const hash = await sha256Hex(item.blob)
  await storeAttachment(db, { hash, blob: item.blob, type: item.type, bytes: item.blob.size, width: item.width, height: item.height, role, createdAt: new Date().toISOString(), uploadState: 'pending' })
  return hash
}

/** Compresses and stores a picked file; the returned ref goes into the form (and so into its draft) at once. */
export async function intakePhoto(db: XsjDatabase, file: File, stamp: Omit<PhotoStamp, 'takenAt'> | null): Promise<PhotoRef> {
  const prepared = await preparePhoto(file, stamp)
  const hash = await store(db, prepared.photo, 'photo')
  const thumbHash = await store(db, prepared.thumbnail, 'thumbnail')
  const { photo } = prepared
  return { hash, thumbHash, type: photo.type, bytes: photo.blob.size, width: photo.width, height: photo.height, caption: '', takenAt: prepared.takenAt }
}

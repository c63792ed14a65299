/**
 * From a picked file to a stored photo: compress (longest side 1920 px, JPEG quality 0.8, EXIF orientation
 * applied), optionally stamp with the time the camera wrote into the file, make a 320 px thumbnail, name both by
 * SHA-256 and store them. The work runs in photo-worker.ts, off the main thread; where a browser cannot (no
 * OffscreenCanvas in workers, or the worker fails), browser-image-compression does it in the page as before. Loaded
 * on demand the first time someone picks a photo: none of this is in the first screen's code.
 */
import {
  isAttachmentType,
  PHOTO_MAX_SIDE_PX,
  THUMBNAIL_MAX_SIDE_PX,
  type AttachmentType,
} from '../../shared/attachments'
import type { PhotoRef } from '../../shared/fields'
import type { AttachmentRole } from '../db/attachment-row'
import { storeAttachment } from '../db/attachments'
import { sha256Hex } from '../db/sha256'
import type { XsjDatabase } from '../db/schema'
import { exifOf } from './exif'
import type { EncodeAnswer, EncodeRequest } from './photo-encode'
import { drawStamp, type PhotoStamp } from './photo-stamp'

/** JPEG: every phone browser encodes it (Safari before 14 silently falls back to PNG for WebP). */
const OUTPUT_TYPE: AttachmentType = 'image/jpeg'
const PHOTO_QUALITY = 0.8
const THUMBNAIL_QUALITY = 0.7
/** The worker is let go after this long without a photo: its decoder and canvases are freed with it. */
const WORKER_IDLE_MS = 60_000

export class PhotoUnreadableError extends Error {
  constructor(
    readonly fileName: string,
    cause: unknown,
  ) {
    super(`cannot read ${fileName}`, { cause })
    this.name = 'PhotoUnreadableError'
  }
}

interface Encoded {
  blob: Blob
  type: AttachmentType
  width: number
  height: number
  /** SHA-256 of the blob, when already computed (the worker does it). */
  hash?: string
}

export interface PreparedPhoto {
  photo: Encoded
  thumbnail: Encoded
  takenAt: string
}

// ---- In the worker ----

interface Waiting {
  resolve: (answer: EncodeAnswer) => void
  reject: (error: Error) => void
}

let worker: Worker | null = null
/** Set when the worker could not run here (it failed other than on an unreadable file): the page does the work. */
let isWorkerBroken = false
let nextRequestId = 1
let idleTimer: ReturnType<typeof setTimeout> | undefined
const waiting = new Map<number, Waiting>()

function canUseWorker(): boolean {
  return !isWorkerBroken && typeof Worker === 'function' && typeof OffscreenCanvas === 'function'
}

function dropWorker(reason: Error): void {
  worker?.terminate()
  worker = null
  for (const { reject } of waiting.values()) reject(reason)
  waiting.clear()
}

function photoWorker(): Worker {
  if (worker) return worker
  // A classic worker (Vite bundles it as one script): module workers came late to Firefox.
  const started = new Worker(new URL('./photo-worker.ts', import.meta.url))
  started.onmessage = (event: MessageEvent<EncodeAnswer>) => {
    const entry = waiting.get(event.data.id)
    waiting.delete(event.data.id)
    entry?.resolve(event.data)
  }
  // The script did not load or threw at the top level: this browser does the work in the page from now on.
  started.onerror = (event) => {
    event.preventDefault()
    isWorkerBroken = true
    dropWorker(new Error(`photo worker failed: ${event.message || 'no message'}`))
  }
  worker = started
  return started
}

function askWorker(request: Omit<EncodeRequest, 'id'>): Promise<EncodeAnswer> {
  clearTimeout(idleTimer)
  const id = nextRequestId++
  const answer = new Promise<EncodeAnswer>((resolve, reject) => waiting.set(id, { resolve, reject }))
  photoWorker().postMessage({ ...request, id } satisfies EncodeRequest)
  return answer.finally(() => {
    if (waiting.size === 0) idleTimer = setTimeout(() => dropWorker(new Error('photo worker let go')), WORKER_IDLE_MS)
  })
}

/** The photo made in the worker; null when the worker could not do it (the page then tries). */
async function prepareInWorker(
  file: File,
  orientation: number,
  stamp: EncodeRequest['stamp'],
): Promise<Omit<PreparedPhoto, 'takenAt'> | null> {
  let answer: EncodeAnswer
  try {
    answer = await askWorker({
      file,
      orientation,
      stamp,
      photo: { maxSide: PHOTO_MAX_SIDE_PX, quality: PHOTO_QUALITY },
      thumbnail: { maxSide: THUMBNAIL_MAX_SIDE_PX, quality: THUMBNAIL_QUALITY },
    })
  } catch {
    return null
  }
  if ('error' in answer) {
    // A file the worker's decoder cannot read may still open in the page (WebKit decodes some only through <img>);
    // any other failure means the worker cannot do this work here.
    if (!answer.unreadable) isWorkerBroken = true
    return null
  }
  const as = (image: typeof answer.photo): Encoded => {
    if (!isAttachmentType(image.blob.type))
      throw new Error(`the browser produced ${image.blob.type}, not ${OUTPUT_TYPE}`)
    return { blob: image.blob, type: image.blob.type, width: image.width, height: image.height, hash: image.hash }
  }
  return { photo: as(answer.photo), thumbnail: as(answer.thumbnail) }
}

// ---- In the page (the fallback) ----

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
  const { default: imageCompression } = await import('browser-image-compression')
  return imageCompression(file, {
    maxWidthOrHeight: maxSide,
    initialQuality: quality,
    fileType: OUTPUT_TYPE,
    // Its own worker would load the library from a CDN: this path is for browsers where ours cannot run.
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

async function prepareInPage(file: File, stamp: PhotoStamp | null): Promise<Omit<PreparedPhoto, 'takenAt'>> {
  let compressed: Blob
  try {
    compressed = await shrink(file, PHOTO_MAX_SIDE_PX, PHOTO_QUALITY)
  } catch (error) {
    throw new PhotoUnreadableError(file.name, error)
  }
  if (stamp) compressed = await stamped(compressed, stamp)
  const photo = await encoded(compressed)
  const thumbnail = await encoded(
    await shrink(
      new File([photo.blob], 'thumbnail.jpg', { type: photo.type }),
      THUMBNAIL_MAX_SIDE_PX,
      THUMBNAIL_QUALITY,
    ),
  )
  return { photo, thumbnail }
}

// ---- Either way ----

/**
 * Compresses a picked file. `stamp` (without its time) is drawn when given. The time is when the camera took the
 * picture (EXIF DateTimeOriginal), else the file's own date, else now.
 */
export async function preparePhoto(file: File, stamp: Omit<PhotoStamp, 'takenAt'> | null): Promise<PreparedPhoto> {
  const exif = await exifOf(file)
  const takenAt = new Date(exif.takenAt ?? (file.lastModified || Date.now()))
  const inWorker = canUseWorker()
    ? await prepareInWorker(file, exif.orientation ?? 1, stamp && { ...stamp, takenAt: takenAt.getTime() })
    : null
  const prepared = inWorker ?? (await prepareInPage(file, stamp && { ...stamp, takenAt }))
  return { ...prepared, takenAt: takenAt.toISOString() }
}

async function store(db: XsjDatabase, item: Encoded, role: AttachmentRole): Promise<string> {
  const hash = item.hash ?? (await sha256Hex(item.blob))
  await storeAttachment(db, {
    hash,
    blob: item.blob,
    type: item.type,
    bytes: item.blob.size,
    width: item.width,
    height: item.height,
    role,
    createdAt: new Date().toISOString(),
    uploadState: 'pending',
    isUnsent: true,
  })
  return hash
}

/** Compresses and stores a picked file; the returned ref goes into the form (and so into its draft) at once. */
export async function intakePhoto(
  db: XsjDatabase,
  file: File,
  stamp: Omit<PhotoStamp, 'takenAt'> | null,
): Promise<PhotoRef> {
  const prepared = await preparePhoto(file, stamp)
  const hash = await store(db, prepared.photo, 'photo')
  const thumbHash = await store(db, prepared.thumbnail, 'thumbnail')
  const { photo } = prepared
  return {
    hash,
    thumbHash,
    type: photo.type,
    bytes: photo.blob.size,
    width: photo.width,
    height: photo.height,
    caption: '',
    takenAt: prepared.takenAt,
  }
}

/**
 * A picked photo made into what the app stores, on an OffscreenCanvas: decoded, turned upright, scaled to its longest
 * side, stamped if asked, encoded as JPEG; the thumbnail drawn from the same pixels. Runs in photo-worker.ts, off
 * the main thread; nothing here touches the DOM. The rules are browser-image-compression's, which the main-thread
 * fallback (photo-intake.ts) still uses: JPEG at the given quality, tried at most twice more, 5 % lower each time,
 * while the result is larger than what it was made from.
 */
import { sha256Hex } from '../db/sha256'
import { drawStamp, type PhotoStamp } from './photo-stamp'

export interface EncodeRequest {
  id: number
  file: Blob
  /** From the file's EXIF (exif.ts); 1 or absent: as stored. */
  orientation: number
  /** The stamp to draw, its time as ms since the epoch; null for none. */
  stamp: (Omit<PhotoStamp, 'takenAt'> & { takenAt: number }) | null
  photo: { maxSide: number; quality: number }
  thumbnail: { maxSide: number; quality: number }
}

export interface EncodedImage {
  blob: Blob
  width: number
  height: number
  hash: string
}

export type EncodeAnswer =
  { id: number; photo: EncodedImage; thumbnail: EncodedImage } | { id: number; error: string; unreadable: boolean }

const JPEG = 'image/jpeg'
/** browser-image-compression's maxIteration of 2, as the app set it. */
const RETRIES = 2

/** Whether createImageBitmap turns a JPEG upright by its EXIF orientation (every current engine does; checked once). */
let autoOrients: Promise<boolean> | undefined

/** An APP1 segment holding EXIF with one entry, Orientation (0x0112) = 6, "turn 90° clockwise to show". */
// prettier-ignore
const EXIF_ORIENTATION_6 = Uint8Array.of(
  0xff, 0xe1, 0x00, 0x22, // APP1, 34 bytes from here on
  0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // "Exif\0\0"
  0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // TIFF header, big-endian, first IFD at 8
  0x00, 0x01, // one entry
  0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, // Orientation, SHORT, 1 value: 6
  0x00, 0x00, 0x00, 0x00, // no next IFD
)

/**
 * Whether this engine's createImageBitmap turns a JPEG upright by its EXIF orientation: a 2×1 JPEG made by this
 * engine's own encoder, the segment above spliced in after its start marker, decodes 1×2 if it does. (The probe
 * browser-image-compression carries, a JPEG from elsewhere, did not decode in Debian's Chromium nor in WebKitGTK: the
 * worker failed on every photo and the page did the work.) A probe that cannot run says "yes", as every engine of
 * the last five years does; a photo would then at worst come out turned, never lost.
 */
async function probeOrientation(): Promise<boolean> {
  try {
    const canvas = new OffscreenCanvas(2, 1)
    const ctx = canvas.getContext('2d')
    if (!ctx) return true
    ctx.fillRect(0, 0, 2, 1)
    const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: JPEG })).arrayBuffer())
    const bitmap = await createImageBitmap(
      new Blob([jpeg.subarray(0, 2), EXIF_ORIENTATION_6, jpeg.subarray(2)], { type: JPEG }),
    )
    const upright = bitmap.width === 1 && bitmap.height === 2
    bitmap.close()
    return upright
  } catch {
    return true
  }
}

/** Longest side at most maxSide, proportions kept, whole pixels. */
export function fitted(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/**
 * The canvas transform that draws stored pixels (sw × sh once scaled) upright for an EXIF orientation; orientations
 * 5–8 swap the sides (the canvas is sh × sw).
 */
export function orientationTransform(
  orientation: number,
  sw: number,
  sh: number,
): [number, number, number, number, number, number] {
  switch (orientation) {
    case 2:
      return [-1, 0, 0, 1, sw, 0]
    case 3:
      return [-1, 0, 0, -1, sw, sh]
    case 4:
      return [1, 0, 0, -1, 0, sh]
    case 5:
      return [0, 1, 1, 0, 0, 0]
    case 6:
      return [0, 1, -1, 0, sh, 0]
    case 7:
      return [0, -1, -1, 0, sh, sw]
    case 8:
      return [0, -1, 1, 0, 0, sw]
    default:
      return [1, 0, 0, 1, 0, 0]
  }
}

function context(canvas: OffscreenCanvas): OffscreenCanvasRenderingContext2D {
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2d context on an OffscreenCanvas')
  ctx.imageSmoothingEnabled = true
  ctx.imageSmoothingQuality = 'high'
  return ctx
}

/** JPEG at `quality`, then lower while larger than `limit` bytes (the file it was made from). */
async function jpegOf(canvas: OffscreenCanvas, quality: number, limit: number): Promise<Blob> {
  let blob = await canvas.convertToBlob({ type: JPEG, quality })
  for (let i = 0, q = quality; i < RETRIES && blob.size > limit; i++) {
    q *= 0.95
    blob = await canvas.convertToBlob({ type: JPEG, quality: q })
  }
  if (blob.type !== JPEG) throw new Error(`the browser produced ${blob.type}, not ${JPEG}`)
  return blob
}

export class UnreadablePhoto extends Error {}

/** The stored photo and its thumbnail, with their SHA-256 names. Throws UnreadablePhoto when the file does not decode. */
export async function encodePhoto(request: EncodeRequest): Promise<{ photo: EncodedImage; thumbnail: EncodedImage }> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(request.file)
  } catch (error) {
    throw new UnreadablePhoto(error instanceof Error ? error.message : String(error))
  }
  let canvas: OffscreenCanvas
  try {
    autoOrients ??= probeOrientation()
    const orientation = (await autoOrients) ? 1 : request.orientation
    const scaled = fitted(bitmap.width, bitmap.height, request.photo.maxSide)
    const isSwapped = orientation >= 5 && orientation <= 8
    canvas = new OffscreenCanvas(isSwapped ? scaled.height : scaled.width, isSwapped ? scaled.width : scaled.height)
    const ctx = context(canvas)
    // A transparent PNG becomes JPEG on white, not black.
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.setTransform(...orientationTransform(orientation, scaled.width, scaled.height))
    ctx.drawImage(bitmap, 0, 0, scaled.width, scaled.height)
    ctx.setTransform(1, 0, 0, 1, 0, 0)
    const { stamp } = request
    if (stamp) drawStamp(ctx, canvas.width, canvas.height, { ...stamp, takenAt: new Date(stamp.takenAt) })
  } finally {
    bitmap.close()
  }
  try {
    const photoBlob = await jpegOf(canvas, request.photo.quality, request.file.size)
    const small = fitted(canvas.width, canvas.height, request.thumbnail.maxSide)
    const thumbCanvas = new OffscreenCanvas(small.width, small.height)
    context(thumbCanvas).drawImage(canvas, 0, 0, small.width, small.height)
    const thumbBlob = await jpegOf(thumbCanvas, request.thumbnail.quality, photoBlob.size)
    const photo = { blob: photoBlob, width: canvas.width, height: canvas.height, hash: await sha256Hex(photoBlob) }
    const thumbnail = { blob: thumbBlob, width: small.width, height: small.height, hash: await sha256Hex(thumbBlob) }
    thumbCanvas.width = 0
    return { photo, thumbnail }
  } finally {
    // Frees the pixels at once (WebKit keeps a canvas's memory until its size is zeroed).
    canvas.width = 0
    canvas.height = 0
  }
}

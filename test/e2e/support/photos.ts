/**
 * Photos for the browser tests: camera-sized JPEGs drawn in the page (so Chromium's own encoder makes them, as a
 * phone's camera would), an EXIF orientation tag spliced in, picked through the real file chooser, and what the app
 * stored read straight from IndexedDB. No vitest imports (screenshots use it).
 */
import type { Page } from 'playwright-core'

export interface PickedFile {
  name: string
  mimeType: string
  buffer: Buffer
}

/**
 * A width × height JPEG with gradients, shapes and text: something like a photo to compress, not a flat colour.
 * `seed` makes each one different (different bytes, different hash). The bottom fifth is light, so a stamp drawn
 * there shows as a darker band.
 */
export async function makeJpeg(
  page: Page,
  width: number,
  height: number,
  seed: number,
  name = `IMG_${seed}.jpg`,
): Promise<PickedFile> {
  // The random numbers are drawn here, not in the page: a named function inside evaluate() breaks under tsx, which
  // wraps it in a helper the page does not have.
  let state = seed * 9301 + 49297
  const randoms = Array.from({ length: 1600 }, () => (state = (state * 9301 + 49297) % 233280) / 233280)
  const base64 = await page.evaluate(
    async ({ width, height, seed, randoms }) => {
      const canvas = document.createElement('canvas')
      canvas.width = width
      canvas.height = height
      const ctx = canvas.getContext('2d')!
      const sky = ctx.createLinearGradient(0, 0, width, height)
      sky.addColorStop(0, `hsl(${(seed * 47) % 360} 60% 45%)`)
      sky.addColorStop(1, `hsl(${(seed * 47 + 120) % 360} 55% 35%)`)
      ctx.fillStyle = sky
      ctx.fillRect(0, 0, width, height)
      for (let i = 0; i < 400; i++) {
        const [hue, saturation, light, x] = randoms.slice(i * 4, i * 4 + 4) as [number, number, number, number]
        ctx.fillStyle = `hsl(${hue * 360} ${40 + saturation * 40}% ${30 + light * 40}%)`
        ctx.beginPath()
        ctx.arc(x * width, saturation * height * 0.8, 10 + light * width * 0.05, 0, Math.PI * 2)
        ctx.fill()
      }
      ctx.fillStyle = '#f2f2ee'
      ctx.fillRect(0, height * 0.8, width, height * 0.2)
      // A red block at the top left marks "up": after rotation it must have moved.
      ctx.fillStyle = '#ff0000'
      ctx.fillRect(0, 0, width * 0.1, height * 0.1)
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.92))
      const bytes = new Uint8Array(await blob.arrayBuffer())
      let binary = ''
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
      return btoa(binary)
    },
    { width, height, seed, randoms },
  )
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') }
}

/**
 * The JPEG with an EXIF APP1 segment right after SOI holding one tag, Orientation (0x0112). 6 is what a phone
 * held upright writes: the pixels are stored landscape and must be turned 90° clockwise to be seen.
 */
export function withExifOrientation(file: PickedFile, orientation: number): PickedFile {
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // big-endian TIFF header, first IFD at offset 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    orientation,
    0x00,
    0x00, // Orientation, SHORT, 1 value
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ])
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const length = payload.length + 2
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, length >> 8, length & 0xff]), payload])
  return { ...file, buffer: Buffer.concat([file.buffer.subarray(0, 2), app1, file.buffer.subarray(2)]) }
}

/** Taps 从相册选择 and picks the files in the chooser the app opens. */
export async function pickPhotos(page: Page, files: PickedFile[]): Promise<void> {
  const before = await page.getByTestId('photo-item').count()
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('photo-pick').click()])
  await chooser.setFiles(files)
  await page
    .getByTestId('photo-item')
    .nth(before + files.length - 1)
    .waitFor({ timeout: 60_000 })
  await page.getByTestId('photo-progress').waitFor({ state: 'detached', timeout: 60_000 })
}

export interface StoredAttachment {
  hash: string
  role: 'photo' | 'thumbnail'
  type: string
  bytes: number
  width: number
  height: number
  uploadState: string
  /** What the blob really is: its size, SHA-256 and decoded size, and the colour of its top-left and bottom corners. */
  blob: {
    size: number
    type: string
    sha256: string
    width: number
    height: number
    topLeft: number[]
    bottomLeft: number[]
  } | null
}

/** Every row of the attachments table, with its blob examined in the page. */
export async function storedAttachments(page: Page): Promise<StoredAttachment[]> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('xuesijian')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const rows = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      const request = db.transaction('attachments').objectStore('attachments').getAll()
      request.onsuccess = () => resolve(request.result as Record<string, unknown>[])
      request.onerror = () => reject(request.error)
    })
    db.close()
    const examine = async (blob: Blob) => {
      const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
      const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
      const bitmap = await createImageBitmap(blob)
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
      const ctx = canvas.getContext('2d')!
      ctx.drawImage(bitmap, 0, 0)
      const at = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3))
      const result = {
        size: blob.size,
        type: blob.type,
        sha256,
        width: bitmap.width,
        height: bitmap.height,
        topLeft: at(2, 2),
        bottomLeft: at(2, bitmap.height - 3),
      }
      bitmap.close()
      return result
    }
    return Promise.all(
      rows.map(async (row) => ({
        hash: row.hash as string,
        role: row.role as 'photo' | 'thumbnail',
        type: row.type as string,
        bytes: row.bytes as number,
        width: row.width as number,
        height: row.height as number,
        uploadState: row.uploadState as string,
        blob: row.blob instanceof Blob ? await examine(row.blob) : null,
      })),
    )
  })
}

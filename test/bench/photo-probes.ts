/**
 * The photo bench's code that runs inside the page (photos.ts drives it): the photo it takes in, the watch for the
 * thumbnail, the note of what the photo worker answered, the clean-up between runs. Serialized by Playwright, so
 * each function uses only what it defines itself.
 */

/**
 * In the page: a 4000 × 3000 JPEG with a gradient, shapes and per-pixel noise, as base64. The noise matters: a
 * smooth drawing (as test/e2e/support/photos.ts makes for the e2e tests) encodes to about 1 MB, while a phone's
 * 12-MP photo is 3–5 MB, and decoding and hashing grow with the bytes.
 */
export async function drawPhoto(arg: {
  width: number
  height: number
  quality: number
  seed: number
}): Promise<string> {
  let state = arg.seed >>> 0
  // mulberry32: the same photo, byte for byte, in every run.
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const { width, height } = arg
  const canvas = new OffscreenCanvas(width, height)
  const ctx = canvas.getContext('2d')!
  const sky = ctx.createLinearGradient(0, 0, width, height)
  sky.addColorStop(0, 'hsl(205 55% 60%)')
  sky.addColorStop(1, 'hsl(95 35% 35%)')
  ctx.fillStyle = sky
  ctx.fillRect(0, 0, width, height)
  for (let i = 0; i < 600; i++) {
    ctx.fillStyle = `hsl(${random() * 360} ${30 + random() * 50}% ${25 + random() * 50}%)`
    ctx.beginPath()
    ctx.ellipse(random() * width, random() * height, 20 + random() * 300, 20 + random() * 200, random() * 3, 0, 7)
    ctx.fill()
  }
  const image = ctx.getImageData(0, 0, width, height)
  const data = image.data
  // Sensor-like grain: a shared brightness jitter and a smaller one per channel.
  for (let i = 0; i < data.length; i += 4) {
    const grain = (random() - 0.5) * 36
    data[i] = data[i]! + grain + (random() - 0.5) * 12
    data[i + 1] = data[i + 1]! + grain + (random() - 0.5) * 12
    data[i + 2] = data[i + 2]! + grain + (random() - 0.5) * 12
  }
  ctx.putImageData(image, 0, 0)
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: arg.quality })
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

interface ThumbnailWatch {
  /** performance.now() of the file input's change event. */
  givenAt: number | null
  /** The frame after the thumbnail's image was decoded, produced. */
  paintedAt: number | null
  /** A toast the app showed instead (the photo could not be taken in). */
  failure: string | null
}

type WatchWindow = Window & { __benchThumbnail?: ThumbnailWatch }

/** In the page, before the file is given: notes when it is given and when its thumbnail is on screen. */
export function watchForThumbnail(): void {
  const watch: ThumbnailWatch = { givenAt: null, paintedAt: null, failure: null }
  ;(window as WatchWindow).__benchThumbnail = watch
  document.addEventListener(
    'change',
    (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'file') watch.givenAt = performance.now()
    },
    { capture: true, once: true },
  )
  const observer = new MutationObserver(() => {
    const toast = document.querySelector('.van-toast__text')
    if (toast?.textContent) {
      watch.failure = toast.textContent
      observer.disconnect()
      return
    }
    const img = document.querySelector<HTMLImageElement>('[data-testid="photo-open"] img')
    if (!img) return
    observer.disconnect()
    // decode() settles once the image is loaded and decoded, so the next frame can show it.
    img.decode().then(
      () => {
        requestAnimationFrame(() => {
          const channel = new MessageChannel()
          channel.port1.onmessage = () => {
            watch.paintedAt = performance.now()
          }
          channel.port2.postMessage(null)
        })
      },
      (error: unknown) => {
        watch.failure = `the thumbnail did not decode: ${String(error)}`
      },
    )
  })
  observer.observe(document.body, { childList: true, subtree: true })
}

export function isThumbnailDone(): boolean {
  const watch = (window as WatchWindow).__benchThumbnail
  return watch !== undefined && (watch.paintedAt !== null || watch.failure !== null)
}

export function readThumbnailWatch(): ThumbnailWatch | null {
  return (window as WatchWindow).__benchThumbnail ?? null
}

type WorkerErrorWindow = Window & { __benchWorkerErrors?: string[] }

/**
 * Added with `context.addInitScript`: notes the errors the page's workers answer with or throw, which the app does
 * not show (it quietly does the work in the page instead). It adds a listener to each worker and leaves the app's
 * own handlers alone.
 */
export function noteWorkerErrors(): void {
  const errors: string[] = []
  ;(window as WorkerErrorWindow).__benchWorkerErrors = errors
  const PageWorker = window.Worker
  window.Worker = class extends PageWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options)
      this.addEventListener('message', (event: MessageEvent<unknown>) => {
        const answer = event.data
        if (typeof answer === 'object' && answer !== null && 'error' in answer) errors.push(String(answer.error))
      })
      this.addEventListener('error', (event) => errors.push(`worker error event: ${event.message}`))
    }
  }
}

export function readWorkerErrors(): string[] {
  return [...((window as WorkerErrorWindow).__benchWorkerErrors ?? [])]
}

/** In a page without the app: forgets the form's draft, which would otherwise be offered back on the next run. */
export async function clearDrafts(dbName: string): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction('drafts', 'readwrite')
    transaction.objectStore('drafts').clear()
    transaction.oncomplete = () => resolve()
    transaction.onerror = () => reject(transaction.error)
  })
  db.close()
}

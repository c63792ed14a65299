/**
 * `npm run bench -- --only photos`: how long the page's main thread is blocked while one 12-megapixel photo is taken
 * in on a new visit's form (compressed to 1920 px, thumbnail made, both hashed and stored, the thumbnail shown),
 * in the system Chromium at CPU 1× and 4×. Two paths side by side in the same run: the app's default, which hands
 * the work to src/app/photos/photo-worker.ts, and the main-thread fallback (browser-image-compression in the page),
 * the baseline. The fallback is what a browser without OffscreenCanvas gets, so its context hides OffscreenCanvas
 * from the page before the app loads; the worker has a global of its own and is not touched.
 * CPU throttling (Emulation.setCPUThrottlingRate) slows the page's main thread only: Chromium runs a dedicated worker
 * at full speed and refuses the command on the worker's own session ("only supported for pages, not workers").
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { serveBuild } from '../e2e/support/server'
import { waitForFormReady } from '../e2e/support/ui'
import { launchBrowser, newBenchContext, serviceWorkerReady } from './browser'
import {
  clearDrafts,
  drawPhoto,
  isThumbnailDone,
  noteWorkerErrors,
  readThumbnailWatch,
  readWorkerErrors,
  watchForThumbnail,
} from './photo-probes'
import { installLongTaskProbe, longTasksBetween, type LongTask } from './probes'
import { describeMachine, reportDate, type Machine } from './report'

/** A 12-megapixel camera's frame, and the quality phones save at. */
const PHOTO = { width: 4000, height: 3000, quality: 0.92 } as const
const FORM_PATH = '/visits/new'
/** Quiet time after the form is ready: the app's own start-up work would otherwise fall into the measured time. */
const SETTLE_MS = 1000
const THUMBNAIL_TIMEOUT_MS = 180_000
const WARMUPS = 1
const DB_NAME = 'xuesijian'

export type PhotoPath = 'worker' | 'page'

export interface PhotosBenchOptions {
  distDir: string
  version: string
  runs: number
  throttle: number
  seed: number
  log: (line: string) => void
}

export interface PhotoRun {
  /** From the file input's change event to the thumbnail decoded and the next frame produced, ms. */
  toThumbnailMs: number
  /** The longest main-thread task overlapping that time, ms; 0 when none reached the API's 50 ms. */
  longestTaskMs: number
  /** The long tasks overlapping that time, whole durations summed, ms. */
  longTaskSumMs: number
  longTasks: number
  /** Photo workers the page started: 1 on the worker path, 0 on the fallback. */
  workersStarted: number
  /** Whether the page loaded browser-image-compression, which only the fallback imports. */
  isFallbackLoaded: boolean
  /** What the photo worker answered instead of a photo: photo-intake.ts then does the work in the page. */
  workerErrors: string[]
}

export interface PhotoCase {
  path: PhotoPath
  throttle: number
  runs: PhotoRun[]
}

export interface PhotosBenchResults {
  date: string
  machine: Machine
  photo: { width: number; height: number; quality: number; bytes: number; seed: number }
  form: string
  runs: number
  warmups: number
  throttle: number
  cases: PhotoCase[]
  wallMs: number
}

/** A context that has loaded the app once and has its service worker's precache, as an installed PWA has. */
async function appContext(browser: Browser, origin: string, path: PhotoPath): Promise<BrowserContext> {
  const context = await newBenchContext(browser, {}, THUMBNAIL_TIMEOUT_MS)
  await context.addInitScript(installLongTaskProbe)
  await context.addInitScript(noteWorkerErrors)
  // The page's global only: photo-intake.ts then finds no OffscreenCanvas and does the work in the page.
  if (path === 'page') await context.addInitScript({ content: 'delete globalThis.OffscreenCanvas' })
  const page = await context.newPage()
  await page.goto(`${origin}/`)
  await page.evaluate(serviceWorkerReady, 30_000)
  await page.close()
  return context
}

async function takeInOnce(context: BrowserContext, origin: string, file: string, throttle: number): Promise<PhotoRun> {
  const page: Page = await context.newPage()
  let workersStarted = 0
  let isFallbackLoaded = false
  page.on('worker', (worker) => {
    if (worker.url().includes('photo-worker')) workersStarted++
  })
  page.on('request', (request) => {
    if (request.url().includes('browser-image-compression')) isFallbackLoaded = true
  })
  // The throttling is set on a page of the app's origin first, so that it holds for the renderer the app runs in.
  await page.goto(`${origin}/robots.txt`)
  const cdp = await context.newCDPSession(page)
  try {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    await page.goto(`${origin}${FORM_PATH}`)
    await waitForFormReady(page)
    await page.waitForTimeout(SETTLE_MS)
    await page.evaluate(watchForThumbnail)
    // A file on disk, as a picked photo is: Chromium reads it itself (DOM.setFileInputFiles), nothing is decoded
    // in the page first. The camera input: a photo being taken.
    await page.locator('input[type="file"][capture]').setInputFiles(file)
    await page.waitForFunction(isThumbnailDone, undefined, { polling: 100, timeout: THUMBNAIL_TIMEOUT_MS })
    const watch = await page.evaluate(readThumbnailWatch)
    if (!watch || watch.failure !== null || watch.givenAt === null || watch.paintedAt === null)
      throw new Error(`the photo was not taken in: ${JSON.stringify(watch)}`)
    // The long task that holds the frame is reported after it ends: let it end.
    await page.waitForTimeout(100)
    const tasks: LongTask[] | null = await page.evaluate(longTasksBetween, {
      from: watch.givenAt,
      to: watch.paintedAt,
    })
    if (tasks === null) throw new Error('this Chromium reports no long tasks')
    const workerErrors = await page.evaluate(readWorkerErrors)
    // Full speed for the clean-up, which is not measured.
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    // The app unloaded first (it writes the draft as the page goes), then its draft cleared for the next run.
    await page.goto(`${origin}/robots.txt`)
    await page.evaluate(clearDrafts, DB_NAME)
    return {
      toThumbnailMs: watch.paintedAt - watch.givenAt,
      longestTaskMs: Math.max(0, ...tasks.map((t) => t.duration)),
      longTaskSumMs: tasks.reduce((sum, t) => sum + t.duration, 0),
      longTasks: tasks.length,
      workersStarted,
      isFallbackLoaded,
      workerErrors,
    }
  } finally {
    await cdp.detach().catch(() => undefined)
    await page.close()
  }
}

function describeRun(run: PhotoRun): string {
  return `thumbnail ${Math.round(run.toThumbnailMs)} ms, longest task ${Math.round(run.longestTaskMs)} ms, ${run.longTasks} long tasks (${Math.round(run.longTaskSumMs)} ms), workers ${run.workersStarted}, fallback ${run.isFallbackLoaded ? 'loaded' : 'not loaded'}${run.workerErrors.map((e) => `, worker answered "${e}"`).join('')}`
}

export async function photosBench(options: PhotosBenchOptions): Promise<PhotosBenchResults> {
  const { log } = options
  const startedAt = performance.now()
  const loadAtStart = os.loadavg()
  const server = await serveBuild(options.distDir, options.version)
  const browser = await launchBrowser()
  const tmp = mkdtempSync(join(os.tmpdir(), 'xsj-bench-photo-'))
  try {
    const contexts = {
      worker: await appContext(browser, server.origin, 'worker'),
      page: await appContext(browser, server.origin, 'page'),
    }
    // Drawn once in the worker path's context (the other has no OffscreenCanvas), so every run takes in the same bytes.
    const drawing = await contexts.worker.newPage()
    await drawing.goto(`${server.origin}/robots.txt`)
    const photo = Buffer.from(await drawing.evaluate(drawPhoto, { ...PHOTO, seed: options.seed }), 'base64')
    await drawing.close()
    const file = join(tmp, 'IMG_0001.jpg')
    writeFileSync(file, photo)
    log(`photo ${PHOTO.width}×${PHOTO.height}, ${(photo.length / 2 ** 20).toFixed(2)} MB; taking it in on ${FORM_PATH}`)

    const paths: readonly PhotoPath[] = ['worker', 'page']
    const cases: PhotoCase[] = []
    for (const throttle of [1, options.throttle]) {
      const byPath = new Map<PhotoPath, PhotoRun[]>(paths.map((path) => [path, []]))
      // Once per context: the first photo also fills the HTTP and code caches with the photo code.
      const warmups = throttle === 1 ? WARMUPS : 0
      for (let i = -warmups; i < options.runs; i++) {
        // The two paths take turns, so that other work on the machine weighs on both alike.
        for (const path of paths) {
          const run = await takeInOnce(contexts[path], server.origin, file, throttle)
          log(`  ${path} CPU ${throttle}× ${i < 0 ? 'warm-up' : `run ${i + 1}/${options.runs}`}: ${describeRun(run)}`)
          if (i >= 0) byPath.get(path)!.push(run)
        }
      }
      for (const path of paths) cases.push({ path, throttle, runs: byPath.get(path)! })
    }
    await contexts.worker.close()
    await contexts.page.close()

    return {
      date: reportDate(),
      machine: describeMachine(browser.version(), loadAtStart),
      photo: { ...PHOTO, bytes: photo.length, seed: options.seed },
      form: FORM_PATH,
      runs: options.runs,
      warmups: WARMUPS,
      throttle: options.throttle,
      cases,
      wallMs: performance.now() - startedAt,
    }
  } finally {
    await browser.close()
    await server.close()
    rmSync(tmp, { recursive: true, force: true })
  }
}

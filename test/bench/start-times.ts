/**
 * Start-up to the first list card, with the CPU throttled: a cold start online (no service worker, empty HTTP
 * cache: every byte from the real server) and a warm start offline (the service worker installed, the network
 * cut with context.setOffline, everything from its precache). The records stay in IndexedDB throughout: a cold
 * start here is a phone whose browser lost its cache, or the first start after the app was reinstalled and synced.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { serviceWorkerReady } from './browser'
import { firstContentfulPaint, marksPainted, readProbes, type ProbeName } from './probes'

export interface StartRun {
  fcp: number
  /** The app's own first card (the probes see the page, not the kept screen's closed shadow root). */
  cardPaintedAt: number
  /** The kept first screen painted by public/first-screen.js (its own mark), or null when there was none. */
  keptPaintedAt: number | null
  /** Bytes the page fetched over the network (transferSize of its resources; 0 when all came from the worker). */
  transferBytes: number
  /** Whether the service worker controlled the measured page. */
  isControlled: boolean
}

export interface StartOptions {
  context: BrowserContext
  origin: string
  throttle: number
  /** The page measured, e.g. /notes. */
  path: string
}

/** Unregisters the app's service worker and deletes its caches, then drops the browser's HTTP cache. */
async function forgetEverythingButData(context: BrowserContext, origin: string): Promise<void> {
  const page = await context.newPage()
  await page.goto(`${origin}/robots.txt`)
  await page.evaluate(async () => {
    for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister()
    for (const key of await caches.keys()) await caches.delete(key)
  })
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.clearBrowserCache')
  await cdp.detach()
  // The registration goes once no page it controls is left open.
  await page.close()
}

async function measuredLoad(options: StartOptions): Promise<{ page: Page; run: StartRun }> {
  const page = await options.context.newPage()
  // First a page of the origin, so the throttling applies to the renderer the app then loads in.
  await page.goto(`${options.origin}/robots.txt`)
  const cdp = await options.context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.throttle })
  await page.goto(`${options.origin}${options.path}`, { waitUntil: 'commit' })
  await page.waitForFunction(marksPainted, ['card'] as ProbeName[], { timeout: 120_000, polling: 100 })
  const { marks } = await page.evaluate(readProbes)
  const fcp = (await page.evaluate(firstContentfulPaint)) ?? Number.NaN
  const keptPaintedAt = await page.evaluate(
    () => performance.getEntriesByName('xsj:first-screen-painted')[0]?.startTime ?? null,
  )
  const { transferBytes, isControlled } = await page.evaluate(() => ({
    transferBytes: performance
      .getEntriesByType('resource')
      .concat(performance.getEntriesByType('navigation'))
      .reduce((sum, entry) => sum + ((entry as PerformanceResourceTiming).transferSize || 0), 0),
    isControlled: navigator.serviceWorker.controller !== null,
  }))
  await cdp.detach().catch(() => undefined)
  return { page, run: { fcp, cardPaintedAt: marks.card!.paintedAt!, keptPaintedAt, transferBytes, isControlled } }
}

/** One cold start: nothing cached, the app fetched from the server. Leaves the worker it installs running. */
export async function coldStart(options: StartOptions): Promise<StartRun> {
  await forgetEverythingButData(options.context, options.origin)
  const { page, run } = await measuredLoad(options)
  // Let the worker the app registered finish installing before the next run tears it down again.
  await page.evaluate(serviceWorkerReady, 60_000)
  await page.close()
  return run
}

/**
 * Opens each start page once and waits until the app has kept its first screen (src/app/first-screen.ts), as after
 * any day of use: every start measured then begins with the kept screen, as a person's would.
 */
export async function keepStartScreens(
  context: BrowserContext,
  origin: string,
  paths: readonly string[],
): Promise<void> {
  for (const path of paths) {
    const page = await context.newPage()
    await page.goto(`${origin}${path}`)
    await page.waitForFunction(marksPainted, ['card'] as ProbeName[], { timeout: 120_000, polling: 100 })
    await page.waitForFunction((key) => localStorage.getItem(key) !== null, `xsj.first-screen:${path}`, {
      timeout: 30_000,
    })
    await page.close()
  }
}

/** Makes sure the app's service worker is installed and active (precache complete), online. */
export async function installServiceWorker(context: BrowserContext, origin: string): Promise<boolean> {
  const page = await context.newPage()
  await page.goto(`${origin}/`)
  const isReady = await page.evaluate(serviceWorkerReady, 60_000)
  await page.close()
  return isReady
}

/** One warm start online: the service worker serves the page and the assets; the network is there for the app's sync. */
export async function warmOnlineStart(options: StartOptions): Promise<StartRun> {
  const { page, run } = await measuredLoad(options)
  await page.close()
  return run
}

/** One warm start with the network cut: the service worker serves the page and every asset. */
export async function warmOfflineStart(options: StartOptions): Promise<StartRun> {
  await options.context.setOffline(true)
  try {
    const { page, run } = await measuredLoad(options)
    await page.close()
    return run
  } finally {
    await options.context.setOffline(false)
  }
}

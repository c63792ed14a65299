/** The system Chromium as the e2e tests drive it (test/e2e/support/browser.ts), a bench's phone context, and page helpers. */
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import { PHONE } from '../e2e/support/browser'
import { NAME_SHIM } from './probes'

export { CHROMIUM_ARGS, CHROMIUM_PATH, launchBrowser } from '../e2e/support/browser'

/**
 * A phone context (390×844 @2×, touch, zh-CN) with a bench's patience (a throttled page is slow) and the stand-in
 * for tsx's `__name`, which every function a bench evaluates in the page may carry.
 */
export async function newBenchContext(
  browser: Browser,
  options: BrowserContextOptions = {},
  timeoutMs = 60_000,
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...PHONE, ...options })
  context.setDefaultTimeout(timeoutMs)
  await context.addInitScript({ content: NAME_SHIM })
  return context
}

/** In the page: whether a service worker is active for it within `timeoutMs`. */
export function serviceWorkerReady(timeoutMs: number): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(false)
  return Promise.race([
    navigator.serviceWorker.ready.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ])
}

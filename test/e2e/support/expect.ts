/** Assertions that wait for the screen to settle (playwright-core has no web-first `expect` of its own). */
import type { Locator } from 'playwright-core'
import { expect } from 'vitest'

const SETTLE_MS = 10_000

/** Polls `read` until the matcher passes or 10 s are gone: `await eventually(() => textOf(x)).toBe('1')`. */
export function eventually<T>(read: () => Promise<T> | T, timeout = SETTLE_MS) {
  return expect.poll(read, { timeout, interval: 100 })
}

/** The element's visible text, or '' while it is not on the page (so a poll keeps polling). */
export function textOf(locator: Locator): Promise<string> {
  return locator.innerText({ timeout: 500 }).then(
    (text) => text.trim(),
    () => '',
  )
}

/** The element's input value, or null while it is not on the page. */
export function valueOf(locator: Locator): Promise<string | null> {
  return locator.inputValue({ timeout: 500 }).catch(() => null)
}

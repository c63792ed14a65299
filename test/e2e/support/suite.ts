/**
 * Per-file setup: one server and one Chromium for the file (never two Chromiums at once: vitest runs e2e files
 * one after another), one fresh phone context per test. A failing test leaves a screenshot and the page's
 * errors in the temp directory so the failure can be seen, not guessed.
 */
import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { launchBrowser, newPhoneContext } from './browser'
import { startServer, type TestServer } from './server'

export interface PhonePage {
  context: BrowserContext
  page: Page
}

export interface E2eSuite {
  origin: () => string
  /** A new phone context (fresh IndexedDB) and a page on it; closed after the test. */
  openPhone: (options?: BrowserContextOptions) => Promise<PhonePage>
}

export const FAILURE_DIR = join(tmpdir(), 'xsj-e2e-failures')

export function setupE2e(): E2eSuite {
  let server: TestServer | undefined
  let browser: Browser | undefined
  let opened: { phone: PhonePage; errors: string[] }[] = []

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })

  afterEach(async (context) => {
    const hasFailed = context.task.result?.state === 'fail'
    for (const [i, { phone, errors }] of opened.entries()) {
      if (hasFailed) {
        mkdirSync(FAILURE_DIR, { recursive: true })
        const file = join(FAILURE_DIR, `${context.task.name.replace(/[^\p{L}\p{N}]+/gu, '-')}-${i}.png`)
        await phone.page.screenshot({ path: file }).catch(() => undefined)
        console.error(
          `[e2e] failed at ${phone.page.url()}; screenshot: ${file}${errors.length > 0 ? `\n  page errors:\n  ${errors.join('\n  ')}` : ''}`,
        )
      }
      await phone.context.close()
    }
    opened = []
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  return {
    origin: () => server!.origin,
    async openPhone(options = {}) {
      const context = await newPhoneContext(browser!, server!.origin, options)
      const page = await context.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text())
      })
      const phone = { context, page }
      opened.push({ phone, errors })
      return phone
    },
  }
}

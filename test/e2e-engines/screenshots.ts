/**
 * The screenshots of the iPhone guide (docs/ios.md, docs/screenshots/ios/), rendered in WebKit with an iPhone's
 * user agent so that the app shows what it shows on an iPhone, and 我的 → 数据安全 in Chromium
 * (docs/screenshots/me-safety-light.png). Run with `npm run screenshots:engines` (builds the app first).
 */
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Phone } from './support/phone'
import { puppeteerEngine } from './support/puppeteer-engine'
import { startEngineServer } from './support/server'
import { clickText, waitForShown } from './support/steps'
import { webkitEngine } from './support/webkit-engine'

const DOCS = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots')
const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1'

async function shoot(phone: Phone, file: string): Promise<void> {
  await phone.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => setTimeout(resolve, 400))))
  await phone.screenshot(file)
  console.log(`saved ${file}`)
}

/** Scrolls 我的 so that 数据安全 starts just below the nav bar. */
async function showSafetyPanel(phone: Phone): Promise<void> {
  await phone.goto('/me')
  await waitForShown(phone, '[data-testid="storage-safety"]')
  await phone.evaluate(() => {
    const title = [...document.querySelectorAll('.page-section-title')].find((el) =>
      el.nextElementSibling?.matches('[data-testid="storage-safety"]'),
    )!
    window.scrollTo(0, title.getBoundingClientRect().top + window.scrollY - 56)
  })
}

const server = await startEngineServer()
try {
  mkdirSync(join(DOCS, 'ios'), { recursive: true })
  const webkit = webkitEngine()
  await webkit.setup()
  const iphone = await webkit.launch(server.origin, { userAgent: IPHONE_SAFARI })
  await showSafetyPanel(iphone)
  await shoot(iphone, join(DOCS, 'ios', 'guide-me-safety.png'))
  await iphone.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
  await clickText(iphone, '[data-testid="install"]', '安装到桌面')
  await waitForShown(iphone, '.van-dialog')
  await shoot(iphone, join(DOCS, 'ios', 'guide-install-steps.png'))
  await iphone.close()
  await webkit.teardown()

  const chromium = puppeteerEngine('chromium')
  const phone = await chromium.launch(server.origin)
  await showSafetyPanel(phone)
  await shoot(phone, join(DOCS, 'me-safety-light.png'))
  await phone.close()
} finally {
  await server.close()
}

/**
 * Chromium (Debian's, over CDP) and Firefox ESR (Debian's, over WebDriver BiDi) through puppeteer-core. Nothing is
 * downloaded: both executables are the system's. A phone is its own browser process, so that it can be killed.
 */
import puppeteer, { type Browser, type LaunchOptions, type Page } from 'puppeteer-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/support/browser'
import { PHONE_HEIGHT, PHONE_WIDTH, retryIfReplaced, type Engine, type Phone, type PhoneOptions } from './phone'

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

const FIREFOX_PREFS = {
  // persist() asks the person in Firefox; headless there is no one to answer and it never settles. These make
  // it answer as a person who allows it would.
  'dom.storageManager.prompt.testing': true,
  'dom.storageManager.prompt.testing.allow': true,
  'intl.accept_languages': 'zh-CN',
  // No experiments or recipes fetched from outside while the tests run.
  'app.normandy.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
}

function launchOptions(name: 'chromium' | 'firefox', options: PhoneOptions): LaunchOptions {
  if (name === 'firefox') {
    return {
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      userDataDir: options.profileDir,
      extraPrefsFirefox: {
        ...FIREFOX_PREFS,
        ...(options.userAgent ? { 'general.useragent.override': options.userAgent } : {}),
      },
    }
  }
  return {
    browser: 'chrome',
    executablePath: CHROMIUM_PATH,
    headless: true,
    userDataDir: options.profileDir,
    args: [...CHROMIUM_ARGS, '--lang=zh-CN', ...(options.userAgent ? [`--user-agent=${options.userAgent}`] : [])],
  }
}

function phoneOf(name: 'chromium' | 'firefox', browser: Browser, page: Page, origin: string): Phone {
  const settle = async <T>(action: Promise<T>) => {
    await action
  }
  return {
    engine: name,
    goto: (path) => settle(page.goto(new URL(path, origin).href, { waitUntil: 'load' })),
    reload: () => settle(page.reload({ waitUntil: 'load' })),
    evaluate: <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) =>
      page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>,
    click: (selector) =>
      retryIfReplaced(async () => {
        const element = await page.waitForSelector(selector)
        if (!element) throw new Error(`nothing to click: ${selector}`)
        // Centred first, so that a fixed bar (the nav bar, the tab bar) is not what the pointer lands on.
        await element.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }))
        await element.click()
        await element.dispose()
      }),
    async type(selector, text) {
      const element = await page.waitForSelector(selector)
      if (!element) throw new Error(`nothing to type into: ${selector}`)
      await element.evaluate((el) => el.scrollIntoView({ block: 'center' }))
      await element.focus()
      await page.keyboard.type(text)
      await element.dispose()
    },
    async setFiles(selector, paths) {
      const input = await page.$(selector)
      if (!input) throw new Error(`no file input: ${selector}`)
      await (input as unknown as { uploadFile: (...files: string[]) => Promise<void> }).uploadFile(...paths)
      await input.dispose()
    },
    screenshot: (file) => settle(page.screenshot({ path: file as `${string}.png` })),
    setOffline: (isOffline) => page.setOfflineMode(isOffline),
    close: () => browser.close(),
    async kill() {
      const disconnected = new Promise<void>((resolve) => browser.once('disconnected', () => resolve()))
      browser.process()?.kill('SIGKILL')
      await disconnected
    },
  }
}

export function puppeteerEngine(name: 'chromium' | 'firefox'): Engine {
  return {
    name,
    async launch(origin, options = {}) {
      const browser = await puppeteer.launch(launchOptions(name, options))
      const page = (await browser.pages())[0] ?? (await browser.newPage())
      page.setDefaultTimeout(15_000)
      await page.setViewport({ width: PHONE_WIDTH, height: PHONE_HEIGHT, deviceScaleFactor: 2 })
      return phoneOf(name, browser, page, origin)
    },
    setup: async () => undefined,
    teardown: async () => undefined,
  }
}

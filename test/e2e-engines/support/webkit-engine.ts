/**
 * WebKit (Debian's WebKitGTK, the engine of Safari and of every browser on an iPhone) through WebKitWebDriver and
 * webdriverio, under Xvfb. The driver starts webkit-browser.py beside this file rather than MiniBrowser: MiniBrowser's
 * automation store is ephemeral, and there IndexedDB refuses Blobs (the app's photos). Nothing is downloaded.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { remote } from 'webdriverio'
import { PHONE_HEIGHT, PHONE_WIDTH, retryIfReplaced, type Engine, type Phone, type PhoneOptions } from './phone'

const BROWSER = join(dirname(fileURLToPath(import.meta.url)), 'webkit-browser.py')
/** navigator.storage is behind these flags in WebKitGTK; Safari has it on. */
const FEATURES = '+StorageAPI,+StorageAPIEstimate'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitUntilReady(port: number): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const isReady = await fetch(`http://127.0.0.1:${port}/status`).then(
      async (r) => ((await r.json()) as { value?: { ready?: boolean } }).value?.ready === true,
      () => false,
    )
    if (isReady) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`WebKitWebDriver on port ${port} did not become ready`)
}

/** The pids a process started (Linux), to reach the browser that the driver launched. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    )
  } catch {
    return []
  }
}

async function startXvfb(): Promise<{ display: string; process: ChildProcess }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  })
  const number = await new Promise<string>((resolve, reject) => {
    xvfb.once('error', reject)
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before giving a display`)))
    xvfb.stdio[3]!.once('data', (data: Buffer) => resolve(String(data).trim()))
  })
  return { display: `:${number}`, process: xvfb }
}

export function webkitEngine(): Engine {
  let xvfb: { display: string; process: ChildProcess } | null = null

  async function launch(origin: string, options: PhoneOptions = {}): Promise<Phone> {
    const port = await freePort()
    // GDK_SCALE=2: drawn at twice the CSS pixels, as on a phone's screen (screenshots as sharp as the others').
    const driver = spawn('WebKitWebDriver', [`--port=${port}`], {
      env: { ...process.env, DISPLAY: xvfb!.display, GDK_SCALE: '2', LANGUAGE: 'zh_CN' },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    await waitUntilReady(port)
    const args = ['--automation', `--features=${FEATURES}`]
    if (options.profileDir) args.push(`--data-dir=${options.profileDir}`)
    if (options.userAgent) args.push(`--user-agent=${options.userAgent}`)
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      path: '/',
      logLevel: 'error',
      capabilities: {
        // WebKitWebDriver 2.50 speaks WebDriver classic only; asking for BiDi fails the session.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': { binary: BROWSER, args },
      } as WebdriverIO.Capabilities,
    })
    await browser.setWindowSize(PHONE_WIDTH, PHONE_HEIGHT)
    await browser.setTimeout({ script: 60_000 })

    const stopDriver = () => {
      if (driver.exitCode === null) driver.kill('SIGTERM')
    }
    const evaluate = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
      // webdriverio takes a result with an `error` field for a failed command: the value travels as JSON text.
      const script = `const fn = ${fn.toString()}; return Promise.resolve(fn(arguments[0])).then((v) => JSON.stringify({ v: v === undefined ? null : v }))`
      const json = (await browser.execute(script, arg ?? null)) as string
      return (JSON.parse(json) as { v: R }).v
    }
    const element = async (selector: string) => {
      const found = await browser.$(selector)
      await found.waitForExist({ timeout: 15_000, timeoutMsg: `no element: ${selector}` })
      return found
    }
    return {
      engine: 'webkit',
      goto: async (path) => {
        await browser.url(new URL(path, origin).href)
      },
      reload: async () => {
        await browser.refresh()
      },
      evaluate,
      click: (selector) =>
        retryIfReplaced(async () => {
          const target = await element(selector)
          await browser.execute(
            (el: HTMLElement) => el.scrollIntoView({ block: 'center', inline: 'center' }),
            target as unknown as HTMLElement,
          )
          await target.click()
        }),
      async type(selector, text) {
        const target = await element(selector)
        await browser.execute(
          (el: HTMLElement) => el.scrollIntoView({ block: 'center' }),
          target as unknown as HTMLElement,
        )
        await target.addValue(text)
      },
      async setFiles(selector, paths) {
        const input = await element(selector)
        await browser.elementSendKeys(await input.elementId, paths.join('\n'))
      },
      screenshot: async (file) => {
        await browser.saveScreenshot(file)
      },
      // WebKitGTK has no offline switch: a test stops its server instead.
      setOffline: null,
      async close() {
        await browser.deleteSession().catch(() => undefined)
        stopDriver()
      },
      async kill() {
        for (const pid of childrenOf(driver.pid!)) process.kill(pid, 'SIGKILL')
        stopDriver()
        await new Promise((resolve) => (driver.exitCode === null ? driver.once('exit', resolve) : resolve(null)))
      },
    }
  }

  return {
    name: 'webkit',
    launch,
    async setup() {
      xvfb = await startXvfb()
    },
    async teardown() {
      xvfb?.process.kill('SIGTERM')
      xvfb = null
    },
  }
}

/**
 * `npm run bench`: seeds the app's real IndexedDB with generated records in the system Chromium, measures the
 * screens a cadre waits on (lists, 首页, search, long scrolls), and writes docs/benchmarks.md.
 * Options: --count N (records per type, default 10000), --out FILE, --runs N (default 7), --json FILE (raw results).
 */
import { chromium, type Browser } from 'playwright-core'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { localDate } from '../../src/shared/dates'
import { entryBundle } from './bundle'
import { homeFigures, listFirstPaint, repeat, scrollNotes, searchFigures, spinMs, type FirstPaintRun, type MeasureOptions } from './measure'
import { installProbes, NAME_SHIM } from './probes'
import { renderReport, type BenchResults } from './report'
import { seedRecords, waitForAppDatabase } from './seed'
import { serveBuild, type TestServer } from '../e2e/support/server'

const DB_NAME = 'xuesijian'
const LIST_PATHS = ['/notes', '/study', '/visits'] as const
const QUERIES = ['学习', '文化中心'] as const
const THROTTLE = 4
const WARMUPS = 1
const SCROLL_TARGET = 5000
const SCROLL_LIMIT_MS = 120_000
const SCROLL_RUNS = 3
const THROTTLED_RUNS = 3
const SEED = 20_261_122
const BATCH = 2000

interface Args {
  count: number
  out: string
  runs: number
  json: string | undefined
}

function parseCli(): Args {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, out: { type: 'string' }, runs: { type: 'string' }, json: { type: 'string' } },
    allowPositionals: false,
  })
  const count = Number(values.count ?? 10_000)
  const runs = Number(values.runs ?? 7)
  if (!Number.isInteger(count) || count < 1) throw new Error(`--count must be a positive integer, not ${values.count}`)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`)
  return { count, runs, out: values.out ?? 'docs/benchmarks.md', json: values.json }
}

function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

async function listFigures(options: MeasureOptions, runs: number): Promise<Record<string, FirstPaintRun[]>> {
  const lists: Record<string, FirstPaintRun[]> = {}
  for (const path of LIST_PATHS) lists[path] = await repeat(`${path} first paint`, WARMUPS, runs, () => listFirstPaint(options, path), log)
  return lists
}

/** In the page: whether a service worker is active for it within `timeoutMs`. */
function serviceWorkerReady(timeoutMs: number): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(false)
  return Promise.race([
    navigator.serviceWorker.ready.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ])
}

async function main(): Promise<void> {
  const args = parseCli()
  const loadAtStart = os.loadavg()
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
  // A private copy of the build: others may rebuild dist/ while this runs.
  const distDir = mkdtempSync(join(os.tmpdir(), 'xsj-bench-dist-'))
  cpSync(resolve('dist'), distDir, { recursive: true })
  let server: TestServer | null = null
  let browser: Browser | null = null
  try {
    const bundle = entryBundle(distDir)
    server = await serveBuild(distDir, version)
    browser = await launchBrowser()
    log(`server ${server.origin}, Chromium ${browser.version()}, ${args.count} records per type`)
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' })
    context.setDefaultTimeout(60_000)
    await context.addInitScript({ content: NAME_SHIM })
    await context.addInitScript(installProbes)

    // The app creates its database (current Dexie version) on the first load; then write from a page without the app.
    const seedPage = await context.newPage()
    await seedPage.goto(`${server.origin}/`)
    const dbVersion = await waitForAppDatabase(seedPage, DB_NAME)
    // The app registers its service worker on that load too: let it finish precaching, so every measured page
    // is served from the precache, as an installed PWA is.
    const serviceWorker = await seedPage.evaluate(serviceWorkerReady, 30_000)
    await seedPage.goto(`${server.origin}/robots.txt`)
    log(`database ${DB_NAME} v${dbVersion} created by the app; seeding`)
    const seeded = await seedRecords(seedPage, { dbName: DB_NAME, dbVersion, count: args.count, batchSize: BATCH, seed: SEED, endDate: localDate() })
    await seedPage.close()
    log(`seeded ${seeded.total} records in ${(seeded.wallMs / 1000).toFixed(1)} s (${JSON.stringify(seeded.verified)})`)

    const plain: MeasureOptions = { context, origin: server.origin, throttle: 1, log }
    const throttled: MeasureOptions = { ...plain, throttle: THROTTLE }
    const lists = await listFigures(plain, args.runs)
    const home = await repeat('首页', WARMUPS, args.runs, () => homeFigures(plain), log)
    const search = await repeat('search', WARMUPS, args.runs, () => searchFigures(plain, QUERIES, true), log)
    const scrollTarget = Math.min(SCROLL_TARGET, args.count)
    const scroll = await repeat('scroll', 0, SCROLL_RUNS, () => scrollNotes(plain, scrollTarget, SCROLL_LIMIT_MS), log)
    const spinPlain = await spinMs(plain)
    const spinThrottled = await spinMs(throttled)
    const throttledLists = await listFigures(throttled, THROTTLED_RUNS)
    // No warm-up: each throttled index build takes minutes, and the lists' warm-up already warmed the caches.
    const throttledSearch = await repeat(`search (CPU ${THROTTLE}×)`, 0, THROTTLED_RUNS, () => searchFigures(throttled, QUERIES, false), log)
    await context.close()

    const cpus = os.cpus()
    const results: BenchResults = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      machine: {
        cpu: cpus[0]?.model.trim() ?? 'unknown',
        cores: cpus.length,
        memoryGb: os.totalmem() / 2 ** 30,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        node: process.version,
        chromium: browser.version(),
        loadAvg: { start: loadAtStart, end: os.loadavg() },
      },
      count: args.count,
      seed: SEED,
      runs: args.runs,
      warmups: WARMUPS,
      seeded,
      bundle,
      lists,
      home,
      search,
      queries: QUERIES,
      scroll,
      scrollTarget,
      scrollLimitMs: SCROLL_LIMIT_MS,
      throttle: THROTTLE,
      throttledRuns: THROTTLED_RUNS,
      throttledLists,
      throttledSearch,
      spinRatio: spinThrottled / spinPlain,
      serviceWorker,
    }
    writeFileSync(args.out, renderReport(results))
    if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2))
    log(`wrote ${args.out}`)
  } finally {
    await browser?.close()
    await server?.close()
    rmSync(distDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)

/**
 * `npm run bench`: seeds the app's real IndexedDB with generated records in the system Chromium, measures the
 * screens a cadre waits on (lists, 首页, search, long scrolls), then sync (push, pull, the server: sync.ts), and
 * writes docs/benchmarks.md.
 * Options: --count N (records per type, default 10000), --out FILE, --runs N (default 7), --json FILE (raw results),
 * --search-baseline DIR (another build, e.g. of the commit before a search change: its first-query runs beside this one's),
 * --only ui|load|exports|review|photos|sync|server|memory (one part; what --out already holds of the others is kept; load: bytes per
 * route, cold and warm starts, Lighthouse; exports: the .xlsx and .docx of 3,000 records (exports.ts); review: 审核一学一报
 * and a unit's year with 50 units × 12 months of sessions and packet steps, CPU 1× and 4× (review-bench.ts); photos: the
 * longest main-thread task while a 12-megapixel photo is taken in, worker and main-thread fallback, CPU 1× and 4×
 * (photos.ts); server: the server part of the Sync section alone; memory: the server's
 * memory holding --memory-records records, default 1,000,000), --lighthouse-runs N (default 3), --sync-count N (records pushed, and pulled per type; default 10000), --sync-runs N (default 3,
 * also the runs of each mutations-per-second scenario), --sync-throttled-runs N (default 3), --sync-json FILE (raw
 * sync results), --profile DIR (CPU profiles of the app's page during each Chromium sync run).
 * The server part: --postgres URL|off (the PostgreSQL server to create the bench's databases on; default
 * TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres if it answers, else PostgreSQL is skipped
 * with a note), --load-devices N (default 200), --load-accounts N (default 100), --load-seconds N (each timed
 * phase; default 30; 0 skips the many-devices load), --load-client http|fetch (default http),
 * --load-keep DIR (keep the servers' CPU profiles, logs and every request's timing there).
 */
// First: Dexie binds to the IndexedDB it finds when it is first loaded, and the sync bench's Node devices need it.
import 'fake-indexeddb/auto'
import type { Browser } from 'playwright-core'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { localDate } from '../../src/shared/dates'
import { launchBrowser, newBenchContext, serviceWorkerReady } from './browser'
import { entryBundle } from './bundle'
import {
  homeFigures,
  listFirstPaint,
  repeat,
  scrollNotes,
  spinMs,
  type FirstPaintRun,
  type MeasureOptions,
} from './measure'
import { searchBench } from './search-bench'
import { installProbes } from './probes'
import {
  EXPORTS_SECTION,
  LOAD_SECTION,
  MEMORY_SECTION,
  PHOTOS_SECTION,
  REVIEW_SECTION,
  sectionOf,
  withSection,
  type MarkedSection,
} from './doc-sections'
import { exportsBench } from './exports'
import { renderExportsSection } from './exports-report'
import { loadBench } from './load'
import { photosBench } from './photos'
import { renderPhotosSection } from './photos-report'
import { reviewBench } from './review-bench'
import { renderReviewSection } from './review-report'
import { renderLoadSection } from './load-report'
import { memoryBench } from './server-memory'
import { renderMemorySection } from './memory-report'
import { describeMachine, renderReport, reportDate, type BenchResults } from './report'
import { seedRecords, waitForAppDatabase } from './seed'
import { findPostgres, runServerBench, runSyncBench } from './sync'
import { renderSyncSection, SYNC_END, SYNC_START, withServerPart, withSyncSection } from './sync-report'
import { renderServerPart } from './sync-server-report'
import type { PostgresInfo, ServerOptions } from './sync-server'
import { serveBuild, type TestServer } from '../e2e/support/server'

const DB_NAME = 'xuesijian'
const LIST_PATHS = ['/notes', '/study', '/visits'] as const
const QUERIES = ['学习', '文化中心', '文旅'] as const
const THROTTLE = 4
const WARMUPS = 1
const SCROLL_TARGET = 5000
const SCROLL_LIMIT_MS = 120_000
const SCROLL_RUNS = 3
const THROTTLED_RUNS = 3
const SEED = 20_261_122
const BATCH = 2000

const SYNC_SERVER_MUTATIONS = 10_000
/** The busy phase's pause after each device's sync, drawn evenly from this range (ms). */
const LOAD_BUSY_PAUSE_MS = { min: 1000, max: 3000 }
const LOAD_REQUEST_TIMEOUT_MS = 10_000

type Part = 'ui' | 'load' | 'exports' | 'review' | 'photos' | 'sync' | 'server' | 'memory'
const PARTS: readonly Part[] = ['ui', 'load', 'exports', 'review', 'photos', 'sync', 'server', 'memory']
/** Records of each type the exports are made from: 3,000 in all, as issue 5 asks. */
const EXPORT_COUNT = 1000
const SYNC_SECTION: MarkedSection = { start: SYNC_START, end: SYNC_END }
/** The marked sections in the order they appear, after the UI part. */
const SECTIONS_IN_ORDER: readonly MarkedSection[] = [
  LOAD_SECTION,
  EXPORTS_SECTION,
  REVIEW_SECTION,
  PHOTOS_SECTION,
  SYNC_SECTION,
  MEMORY_SECTION,
]

interface Args {
  count: number
  out: string
  runs: number
  json: string | undefined
  only: Part | null
  /** Records pushed, and records per type pulled. */
  syncCount: number
  syncRuns: number
  syncThrottledRuns: number
  syncJson: string | undefined
  profile: string | undefined
  postgres: string | undefined
  loadDevices: number
  loadAccounts: number
  loadSeconds: number
  loadClient: 'http' | 'fetch'
  loadKeep: string | undefined
  lighthouseRuns: number
  memoryRecords: number
  searchBaseline: string | undefined
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${value}`)
  return n
}

function parseCli(): Args {
  const { values } = parseArgs({
    options: {
      count: { type: 'string' },
      out: { type: 'string' },
      runs: { type: 'string' },
      json: { type: 'string' },
      only: { type: 'string' },
      'sync-count': { type: 'string' },
      'sync-runs': { type: 'string' },
      'sync-throttled-runs': { type: 'string' },
      'sync-json': { type: 'string' },
      profile: { type: 'string' },
      postgres: { type: 'string' },
      'load-devices': { type: 'string' },
      'load-accounts': { type: 'string' },
      'load-seconds': { type: 'string' },
      'load-client': { type: 'string' },
      'load-keep': { type: 'string' },
      'lighthouse-runs': { type: 'string' },
      'memory-records': { type: 'string' },
      'search-baseline': { type: 'string' },
    },
    allowPositionals: false,
  })
  const only = values.only
  if (only !== undefined && !PARTS.some((part) => part === only))
    throw new Error(`--only takes ${PARTS.join(', ')}, not ${only}`)
  const client = values['load-client'] ?? 'http'
  if (client !== 'http' && client !== 'fetch') throw new Error(`--load-client takes http or fetch, not ${client}`)
  const loadSeconds = Number(values['load-seconds'] ?? 30)
  if (!(loadSeconds >= 0)) throw new Error(`--load-seconds must be a number of seconds, not ${values['load-seconds']}`)
  return {
    count: positiveInteger('count', values.count, 10_000),
    runs: positiveInteger('runs', values.runs, 7),
    out: values.out ?? 'docs/benchmarks.md',
    json: values.json,
    only: (only as Part | undefined) ?? null,
    syncCount: positiveInteger('sync-count', values['sync-count'], 10_000),
    syncRuns: positiveInteger('sync-runs', values['sync-runs'], 3),
    syncThrottledRuns: positiveInteger('sync-throttled-runs', values['sync-throttled-runs'], 3),
    syncJson: values['sync-json'],
    profile: values.profile,
    postgres: values.postgres,
    loadDevices: positiveInteger('load-devices', values['load-devices'], 200),
    loadAccounts: positiveInteger('load-accounts', values['load-accounts'], 100),
    loadSeconds,
    loadClient: client,
    loadKeep: values['load-keep'],
    lighthouseRuns: positiveInteger('lighthouse-runs', values['lighthouse-runs'], 3),
    memoryRecords: positiveInteger('memory-records', values['memory-records'], 1_000_000),
    searchBaseline: values['search-baseline'],
  }
}

function loadSettings(args: Args): ServerOptions['load'] {
  if (args.loadSeconds === 0) return null
  return {
    devices: args.loadDevices,
    accounts: Math.min(args.loadAccounts, args.loadDevices),
    seconds: args.loadSeconds,
    busyPauseMs: LOAD_BUSY_PAUSE_MS,
    requestTimeoutMs: LOAD_REQUEST_TIMEOUT_MS,
    client: args.loadClient,
    profile: true,
    keepDir: args.loadKeep,
  }
}

function log(line: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`)
}

async function listFigures(options: MeasureOptions, runs: number): Promise<Record<string, FirstPaintRun[]>> {
  const lists: Record<string, FirstPaintRun[]> = {}
  for (const path of LIST_PATHS)
    lists[path] = await repeat(`${path} first paint`, WARMUPS, runs, () => listFirstPaint(options, path), log)
  return lists
}

/** The screens' figures: the app seeded with records, in one browser context (see report.ts, "Method"). */
async function uiBench(args: Args, distDir: string, version: string): Promise<BenchResults> {
  const loadAtStart = os.loadavg()
  let server: TestServer | null = null
  let browser: Browser | null = null
  try {
    const bundle = entryBundle(distDir)
    server = await serveBuild(distDir, version)
    browser = await launchBrowser()
    log(`server ${server.origin}, Chromium ${browser.version()}, ${args.count} records per type`)
    const context = await newBenchContext(browser)
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
    const seeded = await seedRecords(seedPage, {
      dbName: DB_NAME,
      dbVersion,
      count: args.count,
      batchSize: BATCH,
      seed: SEED,
      endDate: localDate(),
    })
    await seedPage.close()
    log(`seeded ${seeded.total} records in ${(seeded.wallMs / 1000).toFixed(1)} s (${JSON.stringify(seeded.verified)})`)

    const plain: MeasureOptions = { context, origin: server.origin, throttle: 1, log }
    const throttled: MeasureOptions = { ...plain, throttle: THROTTLE }
    // Search first: its pass indexes the seeded records, which every later page would otherwise do in its quiet moments.
    const baselineDist = args.searchBaseline ? mkdtempSync(join(os.tmpdir(), 'xsj-bench-baseline-')) : null
    if (baselineDist) cpSync(resolve(args.searchBaseline!), baselineDist, { recursive: true })
    const search = await searchBench({
      context,
      origin: server.origin,
      baselineDist,
      version,
      count: args.count,
      seed: SEED,
      runs: args.runs,
      throttle: THROTTLE,
      queries: QUERIES,
      log,
    }).finally(() => baselineDist && rmSync(baselineDist, { recursive: true, force: true }))
    if (args.searchBaseline) search.before = search.before && { ...search.before, dist: args.searchBaseline }
    const lists = await listFigures(plain, args.runs)
    const home = await repeat('首页', WARMUPS, args.runs, () => homeFigures(plain), log)
    const scrollTarget = Math.min(SCROLL_TARGET, args.count)
    const scroll = await repeat('scroll', 0, SCROLL_RUNS, () => scrollNotes(plain, scrollTarget, SCROLL_LIMIT_MS), log)
    const spinPlain = await spinMs(plain)
    const spinThrottled = await spinMs(throttled)
    const throttledLists = await listFigures(throttled, THROTTLED_RUNS)
    await context.close()

    return {
      date: reportDate(),
      machine: describeMachine(browser.version(), loadAtStart),
      count: args.count,
      seed: SEED,
      runs: args.runs,
      warmups: WARMUPS,
      seeded,
      bundle,
      lists,
      home,
      search,
      scroll,
      scrollTarget,
      scrollLimitMs: SCROLL_LIMIT_MS,
      throttle: THROTTLE,
      throttledRuns: THROTTLED_RUNS,
      throttledLists,
      spinRatio: spinThrottled / spinPlain,
      serviceWorker,
    }
  } finally {
    await browser?.close()
    await server?.close()
  }
}

/** The server's memory with --memory-records records: its own section, after the Sync section. */
async function memoryPart(args: Args, doc: string): Promise<void> {
  const results = await memoryBench({ records: args.memoryRecords, seed: SEED, log })
  if (args.json) writeFileSync(args.json.replace(/(\.json)?$/, '.memory.json'), JSON.stringify(results, null, 2))
  writeFileSync(
    args.out,
    withSection(doc === '' ? '# Benchmarks\n' : doc, MEMORY_SECTION, renderMemorySection(results)),
  )
  log(`wrote the server memory section of ${args.out} (it took ${(results.wallMs / 60_000).toFixed(1)} min)`)
}

async function main(): Promise<void> {
  const args = parseCli()
  const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
  // A private copy of the build: others may rebuild dist/ while this runs.
  const distDir = mkdtempSync(join(os.tmpdir(), 'xsj-bench-dist-'))
  cpSync(resolve('dist'), distDir, { recursive: true })
  try {
    const previous = existsSync(args.out) ? readFileSync(args.out, 'utf8') : ''
    let doc = previous
    if (args.only === null || args.only === 'ui') {
      const results = await uiBench(args, distDir, version)
      if (args.json) writeFileSync(args.json, JSON.stringify(results, null, 2))
      const kept = SECTIONS_IN_ORDER.map((section) => sectionOf(previous, section)).filter(
        (section) => section !== null,
      )
      doc = [renderReport(results), ...kept].join('\n')
      // Written now, so the screens' figures are kept even if a later part fails.
      writeFileSync(args.out, doc)
      log(`wrote ${args.out}`)
    }
    if (args.only === null || args.only === 'load') {
      const results = await loadBench({
        distDir,
        version,
        count: args.count,
        seed: SEED,
        runs: args.runs,
        throttle: THROTTLE,
        lighthouseRuns: args.lighthouseRuns,
        log,
      })
      if (args.json) writeFileSync(args.json.replace(/(\.json)?$/, '.load.json'), JSON.stringify(results, null, 2))
      doc = withSection(doc === '' ? '# Benchmarks\n' : doc, LOAD_SECTION, renderLoadSection(results), [
        EXPORTS_SECTION,
        REVIEW_SECTION,
        PHOTOS_SECTION,
        SYNC_SECTION,
        MEMORY_SECTION,
      ])
      writeFileSync(args.out, doc)
      log(`wrote the Load section of ${args.out} (it took ${(results.wallMs / 60_000).toFixed(1)} min)`)
    }
    if (args.only === null || args.only === 'exports') {
      const results = await exportsBench({
        distDir,
        version,
        count: EXPORT_COUNT,
        seed: SEED,
        runs: args.runs,
        throttle: THROTTLE,
        log,
      })
      if (args.json) writeFileSync(args.json.replace(/(\.json)?$/, '.exports.json'), JSON.stringify(results, null, 2))
      doc = withSection(doc === '' ? '# Benchmarks\n' : doc, EXPORTS_SECTION, renderExportsSection(results), [
        REVIEW_SECTION,
        PHOTOS_SECTION,
        SYNC_SECTION,
        MEMORY_SECTION,
      ])
      writeFileSync(args.out, doc)
      log(`wrote the Exports section of ${args.out} (it took ${(results.wallMs / 60_000).toFixed(1)} min)`)
    }
    if (args.only === null || args.only === 'review') {
      const results = await reviewBench({ distDir, version, seed: SEED, runs: args.runs, throttle: THROTTLE, log })
      if (args.json) writeFileSync(args.json.replace(/(\.json)?$/, '.review.json'), JSON.stringify(results, null, 2))
      doc = withSection(doc === '' ? '# Benchmarks\n' : doc, REVIEW_SECTION, renderReviewSection(results), [
        PHOTOS_SECTION,
        SYNC_SECTION,
        MEMORY_SECTION,
      ])
      writeFileSync(args.out, doc)
      log(`wrote the Review section of ${args.out} (it took ${(results.wallMs / 60_000).toFixed(1)} min)`)
    }
    if (args.only === null || args.only === 'photos') {
      const results = await photosBench({ distDir, version, runs: args.runs, throttle: THROTTLE, seed: SEED, log })
      if (args.json) writeFileSync(args.json.replace(/(\.json)?$/, '.photos.json'), JSON.stringify(results, null, 2))
      doc = withSection(doc === '' ? '# Benchmarks\n' : doc, PHOTOS_SECTION, renderPhotosSection(results), [
        SYNC_SECTION,
        MEMORY_SECTION,
      ])
      writeFileSync(args.out, doc)
      log(`wrote the Photos section of ${args.out} (it took ${(results.wallMs / 60_000).toFixed(1)} min)`)
    }
    if (
      args.only === 'ui' ||
      args.only === 'load' ||
      args.only === 'exports' ||
      args.only === 'review' ||
      args.only === 'photos'
    )
      return
    if (args.only === 'memory') {
      await memoryPart(args, doc)
      return
    }
    if (args.loadKeep) mkdirSync(args.loadKeep, { recursive: true })
    const postgres: PostgresInfo = await findPostgres(args.postgres)
    if ('skipped' in postgres) log(postgres.skipped)
    const base = doc === '' ? '# Benchmarks\n' : doc
    if (args.only === 'server') {
      const server = await runServerBench({
        seed: SEED,
        mutations: SYNC_SERVER_MUTATIONS,
        runs: args.syncRuns,
        postgres,
        load: loadSettings(args),
        log,
      })
      if (args.syncJson) writeFileSync(args.syncJson, JSON.stringify(server, null, 2))
      writeFileSync(args.out, withServerPart(base, renderServerPart(server)))
      log(
        `wrote the server part of the Sync section of ${args.out} (it took ${(server.wallMs / 60_000).toFixed(1)} min)`,
      )
      return
    }
    const sync = await runSyncBench({
      distDir,
      version,
      log,
      profileDir: args.profile,
      seed: SEED,
      pushCount: args.syncCount,
      pullPerType: args.syncCount,
      runs: args.syncRuns,
      throttle: THROTTLE,
      throttledRuns: args.syncThrottledRuns,
      serverMutations: SYNC_SERVER_MUTATIONS,
      serverRuns: args.syncRuns,
      postgres,
      load: loadSettings(args),
    })
    if (args.syncJson) writeFileSync(args.syncJson, JSON.stringify(sync, null, 2))
    doc = withSyncSection(base, renderSyncSection(sync))
    writeFileSync(args.out, doc)
    log(
      `wrote the Sync section of ${args.out} (the sync bench took ${(sync.wallMs / 60_000).toFixed(1)} min, its server part ${(sync.server.wallMs / 60_000).toFixed(1)} min)`,
    )
    await memoryPart(args, doc)
  } finally {
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

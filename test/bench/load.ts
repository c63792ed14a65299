/**
 * The "Load" part of the bench (`npm run bench -- --only load`): bytes per route from the build, then cold and
 * warm starts to the first list card in Chromium at 390×844 with the CPU throttled, then Lighthouse's mobile
 * scores. The records are seeded as the UI part seeds them, so the lists have cards to paint.
 */
import type { Browser } from 'playwright-core'
import os from 'node:os'
import { localDate } from '../../src/shared/dates'
import { serveBuild, type TestServer } from '../e2e/support/server'
import { launchBrowser, newBenchContext, serviceWorkerReady } from './browser'
import { lighthouseFigures, type LighthouseResult } from './lighthouse'
import { repeat } from './measure'
import { installProbes } from './probes'
import { describeMachine, reportDate, type Machine } from './report'
import { routeBundles, type RouteBundles } from './route-bundles'
import { seedRecords, waitForAppDatabase, type SeedResult } from './seed'
import {
  coldStart,
  installServiceWorker,
  keepStartScreens,
  warmOfflineStart,
  warmOnlineStart,
  type StartRun,
} from './start-times'

/** The pages a start is measured on: the first list a cadre opens, and 首页 (the installed app's start URL). */
export const START_PATHS = ['/notes', '/'] as const
export const LIGHTHOUSE_PATHS = ['/', '/notes'] as const

export interface LoadBenchOptions {
  distDir: string
  version: string
  count: number
  seed: number
  runs: number
  throttle: number
  lighthouseRuns: number
  log: (line: string) => void
}

export interface LoadBenchResults {
  date: string
  machine: Machine
  bundles: RouteBundles
  count: number
  seeded: SeedResult
  throttle: number
  runs: number
  cold: Record<string, StartRun[]>
  warm: Record<string, StartRun[]>
  /** The same warm start with the network up: tells the cost of being offline from the cost of starting. */
  warmOnline: Record<string, StartRun[]>
  lighthouse: LighthouseResult
  lighthouseRuns: number
  wallMs: number
}

const DB_NAME = 'xuesijian'
const SEED_BATCH = 2000

export async function loadBench(options: LoadBenchOptions): Promise<LoadBenchResults> {
  const started = performance.now()
  const loadAtStart = os.loadavg()
  const { log } = options
  const bundles = routeBundles(options.distDir)
  log(`load: entry ${(bundles.entry.total.gzip / 1024).toFixed(1)} KB gzip; ${bundles.routes.length} lazy pages`)
  let server: TestServer | null = null
  let browser: Browser | null = null
  try {
    server = await serveBuild(options.distDir, options.version)
    browser = await launchBrowser()
    const context = await newBenchContext(browser)
    await context.addInitScript(installProbes)
    const seedPage = await context.newPage()
    await seedPage.goto(`${server.origin}/`)
    const dbVersion = await waitForAppDatabase(seedPage, DB_NAME)
    await seedPage.evaluate(serviceWorkerReady, 30_000)
    await seedPage.goto(`${server.origin}/robots.txt`)
    const seeded = await seedRecords(seedPage, {
      dbName: DB_NAME,
      dbVersion,
      count: options.count,
      batchSize: SEED_BATCH,
      seed: options.seed,
      endDate: localDate(),
    })
    await seedPage.close()
    log(`load: seeded ${seeded.total} records`)

    await keepStartScreens(context, server.origin, START_PATHS)
    log('load: the app kept its first screens')
    const cold: Record<string, StartRun[]> = {}
    const warm: Record<string, StartRun[]> = {}
    const warmOnline: Record<string, StartRun[]> = {}
    const common = { context, origin: server.origin, throttle: options.throttle }
    for (const path of START_PATHS)
      cold[path] = await repeat(
        `cold start ${path} (CPU ${options.throttle}×)`,
        1,
        options.runs,
        () => coldStart({ ...common, path }),
        log,
      )
    if (!(await installServiceWorker(context, server.origin)))
      throw new Error('the service worker did not become ready')
    for (const path of START_PATHS)
      warm[path] = await repeat(
        `warm offline start ${path} (CPU ${options.throttle}×)`,
        1,
        options.runs,
        () => warmOfflineStart({ ...common, path }),
        log,
      )
    for (const path of START_PATHS)
      warmOnline[path] = await repeat(
        `warm online start ${path} (CPU ${options.throttle}×)`,
        0,
        options.runs,
        () => warmOnlineStart({ ...common, path }),
        log,
      )
    const notControlled = Object.values(warm)
      .flat()
      .filter((r) => !r.isControlled).length
    if (notControlled > 0) throw new Error(`${notControlled} warm offline starts were not served by the service worker`)
    await context.close()

    const lighthouse = await lighthouseFigures(server.origin, LIGHTHOUSE_PATHS, options.lighthouseRuns, log)
    if ('failed' in lighthouse) log(`lighthouse failed: ${lighthouse.failed}`)
    return {
      date: reportDate(),
      machine: describeMachine(browser.version(), loadAtStart),
      bundles,
      count: options.count,
      seeded,
      throttle: options.throttle,
      runs: options.runs,
      cold,
      warm,
      warmOnline,
      lighthouse,
      lighthouseRuns: options.lighthouseRuns,
      wallMs: performance.now() - started,
    }
  } finally {
    await browser?.close()
    await server?.close()
  }
}

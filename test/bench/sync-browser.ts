/**
 * Sync in the system Chromium: the built app served by the real server (test/e2e/support/server.ts), each run a
 * fresh phone profile on disk (a persistent context in a new temporary directory, so IndexedDB is written to disk
 * as on a phone, not kept in memory as in an incognito context). The app syncs by itself once signed in through
 * its own 登录 screen; the figures are read from what the page shows and from the Resource Timing of its requests.
 *
 * Push: 10,000 records with their outbox entries written into the app's database the way RecordRepository.save
 * writes them (checked against it in Node first), then sign in: the app pushes them. Pull: sign in on an empty
 * phone to an account holding 30,000 records, and (in turn with it) to an account that owns nothing and reads as
 * many through its unit (sync-units.ts). Then, in a page of the same origin that does not run the app, the same rows
 * are written into fresh databases: the baseline.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DB_NAME, SCHEMA_VERSIONS } from '../../src/app/db/schema'
import { ApiClient } from '../../src/app/sync/api-client'
import { uuidv7 } from '../../src/shared/ids'
import { RECORD_TABLES } from '../../src/shared/records'
import { E2E_PASSWORD, signInThroughUi } from '../e2e/support/accounts'
import { PHONE } from '../e2e/support/browser'
import { serveBuild, type TestServer } from '../e2e/support/server'
import { CHROMIUM_ARGS, CHROMIUM_PATH, serviceWorkerReady } from './browser'
import { NAME_SHIM } from './probes'
import { countStores, waitForAppDatabase } from './seed'
import { loadAccount } from './sync-node'
import {
  baselinePuts,
  installSyncProbe,
  putPendingBatch,
  readSyncProbe,
  type ApiTiming,
  type BaselineResult,
  type SyncProbeReading,
} from './sync-probes'
import { assertSeedsLikeRepository, pendingSeeds } from './sync-seed'
import { loadUnitReader } from './sync-units'

const SEED_BATCH = 1000
/** The status line must stay gone this long (page time) before the sync counts as finished. */
const QUIET_MS = 2000
const SYNC_TIMEOUT_MS = 15 * 60_000
const APPEAR_TIMEOUT_MS = 60_000
const DEXIE_SCRIPT = createRequire(import.meta.url).resolve('dexie/dist/dexie.min.js')

export interface BrowserSyncOptions {
  distDir: string
  version: string
  pushCount: number
  pullPerType: number
  runs: number
  throttle: number
  throttledRuns: number
  seed: number
  endDate: string
  log: (line: string) => void
  /** Where to save a CPU profile of the app's page for each run (Chrome DevTools format), for finding slow parts. */
  profileDir?: string
}

export interface BrowserRun {
  /** CPU slow-down of the app's page (and of the baseline's page). */
  throttle: number
  records: number
  /** Login answer received (Resource Timing responseEnd) → the app's 同步中 line gone for good. */
  totalMs: number
  /** Login answer → the first pull request starts: the outbox is empty. */
  pushMs: number
  /** First pull request → the 同步中 line gone. */
  pullMs: number
  pushRequests: number
  pullRequests: number
  /** Sum over the push requests of request start → response end (network and server, not the device's work). */
  pushRequestMs: number
  /** Sum over the pull requests of request start → response end (network and server, not the device's work). */
  pullRequestMs: number
  pullEncodedBytes: number
  pullDecodedBytes: number
  /** Seeding the pending records (push runs only): raw IndexedDB, in-page time. */
  seedMs: number
  baseline: BaselineResult
}

export interface BrowserSyncResults {
  push: BrowserRun[]
  pull: BrowserRun[]
  throttledPush: BrowserRun[]
  throttledPull: BrowserRun[]
  /** The pulls of an account reading as many records through its unit, run in turn with the pulls above (optional: results saved before units). */
  unitPull?: BrowserRun[]
  throttledUnitPull?: BrowserRun[]
  chromium: string
  /** Whether a service worker controlled the app's pages (it sees every request first, as on a phone). */
  serviceWorker: boolean
}

interface Phone {
  context: BrowserContext
  page: Page
  cdp: CDPSession
  serviceWorker: boolean
  chromium: string
  close: () => Promise<void>
}

/** What a run measured, and what it saw of the browser. */
interface RunOutcome {
  run: BrowserRun
  serviceWorker: boolean
  chromium: string
}

/** A fresh phone profile on disk with the app loaded, its database created and its service worker active. */
async function openPhone(origin: string, throttle: number): Promise<Phone> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'xsj-bench-profile-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    ...PHONE,
    baseURL: origin,
  })
  const close = async (): Promise<void> => {
    await context.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
  try {
    context.setDefaultTimeout(120_000)
    await context.addInitScript({ content: NAME_SHIM })
    await context.addInitScript(installSyncProbe)
    const page = context.pages()[0] ?? (await context.newPage())
    // As in measure.ts: load the origin first, so the throttling set next sticks to its renderer.
    await page.goto('/robots.txt')
    const cdp = await context.newCDPSession(page)
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    await page.goto('/')
    await waitForAppDatabase(page, DB_NAME, 60_000)
    const serviceWorker = await page.evaluate(serviceWorkerReady, 30_000)
    const chromium = context.browser()?.version() ?? (await page.evaluate(() => navigator.userAgent))
    return { context, page, cdp, serviceWorker, chromium, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** Polls the probe until the 同步中 line, once seen, has stayed gone for QUIET_MS. */
async function waitForSyncEnd(page: Page): Promise<SyncProbeReading> {
  const started = Date.now()
  for (;;) {
    const reading = await page.evaluate(readSyncProbe)
    const last = reading.transitions[reading.transitions.length - 1]
    if (last && !last.isPresent && reading.now - last.at >= QUIET_MS) return reading
    if (!last && Date.now() - started > APPEAR_TIMEOUT_MS)
      throw new Error(
        '我的 never showed the 同步中 line ([data-testid="sync-progress"]) after signing in: has SyncPanel.vue changed?',
      )
    if (Date.now() - started > SYNC_TIMEOUT_MS)
      throw new Error(`the app did not finish syncing within ${SYNC_TIMEOUT_MS / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function runOf(
  reading: SyncProbeReading,
  throttle: number,
  records: number,
  seedMs: number,
  baseline: BaselineResult,
): BrowserRun {
  const logins = reading.api.filter((e) => e.path === '/api/auth/login')
  const start = logins[logins.length - 1]?.responseEnd
  if (start === undefined) throw new Error('no sign-in request was seen')
  const after = (path: string): ApiTiming[] => reading.api.filter((e) => e.path === path && e.startTime >= start)
  const pushes = after('/api/sync/push')
  const pulls = after('/api/sync/pull')
  const end = reading.transitions[reading.transitions.length - 1]!.at
  const firstPull = pulls[0]?.startTime ?? end
  return {
    throttle,
    records,
    seedMs,
    baseline,
    totalMs: end - start,
    pushMs: firstPull - start,
    pullMs: end - firstPull,
    pushRequests: pushes.length,
    pullRequests: pulls.length,
    pushRequestMs: pushes.reduce((sum, e) => sum + (e.responseEnd - e.startTime), 0),
    pullRequestMs: pulls.reduce((sum, e) => sum + (e.responseEnd - e.startTime), 0),
    pullEncodedBytes: pulls.reduce((sum, e) => sum + e.encodedBodySize, 0),
    pullDecodedBytes: pulls.reduce((sum, e) => sum + e.decodedBodySize, 0),
  }
}

/** In a page of the origin that does not run the app (and as throttled): the baseline writes of the same rows. */
async function baselineOf(phone: Phone, throttle: number): Promise<BaselineResult> {
  const page = await phone.context.newPage()
  try {
    const cdp = await phone.context.newCDPSession(page)
    // Dexie goes in as an inline script, which the server's Content-Security-Policy (script-src 'self') forbids.
    await cdp.send('Page.setBypassCSP', { enabled: true })
    await page.goto('/robots.txt')
    if (throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    // The app's tab goes first: nothing of the app runs while the baseline writes.
    await phone.page.close()
    await page.addScriptTag({ path: DEXIE_SCRIPT })
    return await page.evaluate(baselinePuts, {
      dbName: DB_NAME,
      tables: [...RECORD_TABLES],
      versions: SCHEMA_VERSIONS.map(({ version, stores }) => ({ version, stores })),
    })
  } finally {
    await page.close()
  }
}

async function expectStored(page: Page, records: number): Promise<void> {
  const counts = await page.evaluate(countStores, { dbName: DB_NAME, stores: [...RECORD_TABLES, 'outbox'] })
  const stored = RECORD_TABLES.reduce((sum, table) => sum + (counts[table] ?? 0), 0)
  if (stored !== records || counts.outbox !== 0)
    throw new Error(
      `after the sync the phone holds ${JSON.stringify(counts)}; expected ${records} records and an empty outbox`,
    )
}

async function pushRun(
  origin: string,
  name: string,
  options: BrowserSyncOptions,
  throttle: number,
): Promise<RunOutcome> {
  const seeds = pendingSeeds(options.pushCount, options.seed, options.endDate)
  const phone = await openPhone(origin, throttle)
  try {
    const deviceId = uuidv7()
    let seedMs = 0
    for (let i = 0; i < seeds.length; i += SEED_BATCH) {
      seedMs += await phone.page.evaluate(putPendingBatch, {
        dbName: DB_NAME,
        tables: [...RECORD_TABLES],
        seeds: seeds.slice(i, i + SEED_BATCH),
        newDeviceId: deviceId,
      })
    }
    // signInThroughUi loads 我的 afresh: the app reads the seeded records and outbox from there on.
    const reading = await profiled(phone, options, `push-${throttle}x-${name}`, async () => {
      await signInThroughUi(phone.page, name)
      return waitForSyncEnd(phone.page)
    })
    await expectStored(phone.page, seeds.length)
    const baseline = await baselineOf(phone, throttle)
    return {
      run: runOf(reading, throttle, seeds.length, seedMs, baseline),
      serviceWorker: phone.serviceWorker,
      chromium: phone.chromium,
    }
  } finally {
    await phone.close()
  }
}

async function pullRun(
  origin: string,
  name: string,
  records: number,
  throttle: number,
  options: BrowserSyncOptions,
  label: string,
): Promise<RunOutcome> {
  const phone = await openPhone(origin, throttle)
  try {
    const reading = await profiled(phone, options, label, async () => {
      await signInThroughUi(phone.page, name)
      return waitForSyncEnd(phone.page)
    })
    await expectStored(phone.page, records)
    const baseline = await baselineOf(phone, throttle)
    return {
      run: runOf(reading, throttle, records, 0, baseline),
      serviceWorker: phone.serviceWorker,
      chromium: phone.chromium,
    }
  } finally {
    await phone.close()
  }
}

/** Runs `step`; with options.profileDir, under the page's CPU profiler, saving the profile as `label`.cpuprofile. */
async function profiled<T>(
  phone: Phone,
  options: BrowserSyncOptions,
  label: string,
  step: () => Promise<T>,
): Promise<T> {
  if (!options.profileDir) return step()
  await phone.cdp.send('Profiler.enable')
  await phone.cdp.send('Profiler.start')
  const result = await step()
  const { profile } = await phone.cdp.send('Profiler.stop')
  mkdirSync(options.profileDir, { recursive: true })
  writeFileSync(join(options.profileDir, `${label}.cpuprofile`), JSON.stringify(profile))
  return result
}

function secondsOf(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

export async function browserSyncFigures(options: BrowserSyncOptions): Promise<BrowserSyncResults> {
  await assertSeedsLikeRepository(options.seed, options.endDate)
  const server: TestServer = await serveBuild(options.distDir, options.version)
  try {
    const api = new ApiClient({ baseUrl: server.origin })
    const admin = await api.setup({
      name: 'bench-admin',
      password: E2E_PASSWORD,
      deviceId: uuidv7(),
      deviceName: 'bench',
    })
    let accounts = 0
    const newAccount = async (): Promise<string> => {
      const name = `bench${++accounts}`
      await api.createAccount(admin.token, { name, password: E2E_PASSWORD })
      return name
    }
    const results: BrowserSyncResults = {
      push: [],
      pull: [],
      throttledPush: [],
      throttledPull: [],
      unitPull: [],
      throttledUnitPull: [],
      chromium: '',
      serviceWorker: true,
    }
    const note = (found: RunOutcome, into: BrowserRun[], label: string, total: number): void => {
      into.push(found.run)
      results.serviceWorker &&= found.serviceWorker
      results.chromium ||= found.chromium
      options.log(
        `  Chromium ${label}: run ${into.length}/${total}, ${secondsOf(found.run.totalMs)} (push ${secondsOf(found.run.pushMs)}, pull ${secondsOf(found.run.pullMs)}; Dexie bulkPut ${secondsOf(found.run.baseline.dexieMs)})`,
      )
    }

    const puller = await newAccount()
    const token = (
      await api.login({ name: puller, password: E2E_PASSWORD, deviceId: uuidv7(), deviceName: 'bench loader' })
    ).token
    const loaded = await loadAccount(api, token, options.pullPerType, options.seed, options.endDate)
    if (loaded > 0) options.log(`  loaded ${loaded} records into ${puller} over HTTP`)
    const wire = { fetch: (input: string, init?: RequestInit) => fetch(input, init), baseUrl: server.origin }
    const units = await loadUnitReader(
      wire,
      admin.token,
      async (name) => {
        const { account } = await api.createAccount(admin.token, { name, password: E2E_PASSWORD })
        const { token } = await api.login({
          name,
          password: E2E_PASSWORD,
          deviceId: uuidv7(),
          deviceName: 'bench loader',
        })
        return { name, id: account.id, token }
      },
      options.pullPerType,
      options.seed,
      options.endDate,
    )
    if (units.records > 0)
      options.log(
        `  loaded ${units.records} records readable by ${units.reader.name} through its unit (${units.unitRecords} the unit's, ${units.sharedRecords} others' shared with it) over HTTP`,
      )
    const pushRuns = options.pushCount > 0 ? options.runs : 0
    const pullRuns = loaded > 0 ? options.runs : 0
    const throttledPushRuns = options.pushCount > 0 ? options.throttledRuns : 0
    const throttledPullRuns = loaded > 0 ? options.throttledRuns : 0

    for (let i = 0; i < pushRuns; i++)
      note(
        await pushRun(server.origin, await newAccount(), options, 1),
        results.push,
        `push ${options.pushCount}`,
        pushRuns,
      )
    // The two pulls in turn, so that whatever else the machine does meanwhile weighs on both alike.
    for (let i = 0; i < pullRuns; i++) {
      note(
        await pullRun(server.origin, puller, loaded, 1, options, `pull-1x-${i + 1}`),
        results.pull,
        `pull ${loaded}`,
        pullRuns,
      )
      note(
        await pullRun(server.origin, units.reader.name, units.records, 1, options, `unit-pull-1x-${i + 1}`),
        results.unitPull!,
        `pull ${units.records} through a unit`,
        pullRuns,
      )
    }
    for (let i = 0; i < throttledPushRuns; i++)
      note(
        await pushRun(server.origin, await newAccount(), options, options.throttle),
        results.throttledPush,
        `push ${options.pushCount} (CPU ${options.throttle}×)`,
        throttledPushRuns,
      )
    for (let i = 0; i < throttledPullRuns; i++) {
      note(
        await pullRun(server.origin, puller, loaded, options.throttle, options, `pull-${options.throttle}x-${i + 1}`),
        results.throttledPull,
        `pull ${loaded} (CPU ${options.throttle}×)`,
        throttledPullRuns,
      )
      note(
        await pullRun(
          server.origin,
          units.reader.name,
          units.records,
          options.throttle,
          options,
          `unit-pull-${options.throttle}x-${i + 1}`,
        ),
        results.throttledUnitPull!,
        `pull ${units.records} through a unit (CPU ${options.throttle}×)`,
        throttledPullRuns,
      )
    }
    return results
  } finally {
    await server.close()
  }
}

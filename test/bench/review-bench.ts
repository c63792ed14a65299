/**
 * `npm run bench -- --only review` (issue 15): how long the reviewer waits for 审核一学一报 (/review) and a unit's year
 * (/units/:id/year) with 50 units × 12 months of sessions and packet steps on the phone (review-seed.ts), in the
 * system Chromium at CPU 1× and 4×; beside them, in the same runs, the first card of the /study list on the same
 * database, so the figures can be read as ratios to a screen whose speed is known.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { localDate } from '../../src/shared/dates'
import { chinaToday } from '../../src/shared/reporting/review'
import { serveBuild } from '../e2e/support/server'
import { launchBrowser, newBenchContext, serviceWorkerReady } from './browser'
import {
  closePage,
  heapUsedAfterGc,
  listFirstPaint,
  openPage,
  spinMs,
  type FirstPaintRun,
  type MeasureOptions,
} from './measure'
import { installProbes } from './probes'
import { summarize } from './stats'
import { describeMachine, reportDate, type Machine } from './report'
import { buildReviewOrg, seedReviewOrg, type ReviewSeedSummary } from './review-seed'
import { waitForAppDatabase } from './seed'

const DB_NAME = 'xuesijian'
const WARMUPS = 1
const PAGE_TIMEOUT_MS = 120_000

export interface ReviewBenchOptions {
  distDir: string
  version: string
  seed: number
  runs: number
  throttle: number
  log: (line: string) => void
}

type ReviewMarkName = 'firstUnit' | 'allUnits' | 'yearTable'

interface ReviewMark {
  /** performance.now() (ms since the navigation started) when the condition was first seen in the DOM. */
  at: number
  /** performance.now() after the next frame was produced; null until then. */
  paintedAt: number | null
  text: string
}

type ReviewProbeWindow = Window & { __benchReview?: Partial<Record<ReviewMarkName, ReviewMark>> }

/**
 * Added with `context.addInitScript`, so it runs before the app: as probes.ts does for cards, a MutationObserver
 * notes when a condition first holds and the time right after the following frame (requestAnimationFrame, then a
 * MessageChannel task). On /review: the first unit row in the DOM, and all `units` of them; on a unit's year: its
 * table. Serialized by Playwright: uses only what it defines.
 */
export function installReviewProbes(units: number): void {
  const path = location.pathname
  const tests: Partial<Record<ReviewMarkName, () => string | null>> = {}
  if (path === '/review') {
    tests.firstUnit = () =>
      document.querySelector('[data-testid="review-unit"]')?.textContent?.trim().slice(0, 30) ?? null
    tests.allUnits = () => {
      const count = document.querySelectorAll('[data-testid="review-unit"]').length
      return count >= units ? String(count) : null
    }
  } else if (/^\/units\/[^/]+\/year/.test(path)) {
    // The totals row is what a reader of the table checks first; its text proves the view was computed.
    tests.yearTable = () => {
      const totals = document.querySelector('[data-testid="unit-year-table"] tfoot tr')
      // Cell by cell: the cells' texts touch in textContent (the template keeps no spaces between them).
      return totals ? Array.from(totals.children, (cell) => (cell.textContent ?? '').trim()).join(' ') : null
    }
  } else return
  const marks: Partial<Record<ReviewMarkName, ReviewMark>> = {}
  ;(window as ReviewProbeWindow).__benchReview = marks
  const pending = new Set(Object.keys(tests) as ReviewMarkName[])
  const check = (): void => {
    for (const name of Array.from(pending)) {
      const text = tests[name]!()
      if (text === null) continue
      pending.delete(name)
      const mark: ReviewMark = { at: performance.now(), paintedAt: null, text }
      marks[name] = mark
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          mark.paintedAt = performance.now()
        }
        channel.port2.postMessage(null)
      })
    }
    // Nothing left to watch: stop, so the probe costs nothing while the app goes on.
    if (pending.size === 0) observer.disconnect()
  }
  const observer = new MutationObserver(check)
  observer.observe(document, { childList: true, subtree: true, characterData: true })
}

function reviewMarksPainted(names: readonly ReviewMarkName[]): boolean {
  const marks = (window as ReviewProbeWindow).__benchReview
  return marks !== undefined && names.every((name) => typeof marks[name]?.paintedAt === 'number')
}

function readReviewMarks(): Partial<Record<ReviewMarkName, ReviewMark>> {
  return { ...(window as ReviewProbeWindow).__benchReview }
}

export interface ReviewRun {
  /** Navigation start → the first unit row in the DOM, and painted. */
  firstUnitAt: number
  firstUnitPaintedAt: number
  /** Navigation start → every unit row present, in the DOM, and painted. */
  allUnitsAt: number
  allUnitsPaintedAt: number
  units: number
  /** Packets in the queue as the screen listed them (rows of review-queue). */
  queue: number
}

export interface YearRun {
  tableAt: number
  tablePaintedAt: number
  /** The table's totals row, as shown. */
  totals: string
}

export interface ReviewCase {
  throttle: number
  review: ReviewRun[]
  year: YearRun[]
  /** The baseline: /study's first card, in the same rounds. */
  study: FirstPaintRun[]
}

export interface ReviewBenchResults {
  date: string
  machine: Machine
  seed: number
  runs: number
  warmups: number
  throttle: number
  data: ReviewSeedSummary
  /** Whether the build has the unit's year route (src/app/router.ts); its rows are empty when not. */
  hasYearRoute: boolean
  yearUnit: { id: string; name: string; sessions: number; steps: number }
  cases: ReviewCase[]
  /** JS heap in use on /review at 1× after a forced GC, every row painted. */
  reviewHeap: number
  /**
   * Reading alone, at each CPU: every packet step and every session in one raw IndexedDB getAll each (no Dexie, no
   * app), median of 3 (ms); and their size as JSON, what the structured clone roughly carries (bytes).
   */
  reads: { throttle: number; stepsMs: number; sessionsMs: number }[]
  jsonBytes: { steps: number; sessions: number }
  /** Busy loop ms at the throttle ÷ at 1×: that the throttling took effect. */
  spinRatio: number
  wallMs: number
}

/** In the page: ms of one raw getAll of each store, in turn. */
async function getAllMs(arg: { dbName: string; stores: readonly string[] }): Promise<number[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(arg.dbName)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const times: number[] = []
  try {
    for (const store of arg.stores) {
      const started = performance.now()
      await new Promise<void>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll()
        // The result is read here, so its deserialization falls inside the time, as it does for the app.
        request.onsuccess = () => resolve(void request.result.length)
        request.onerror = () => reject(request.error)
      })
      times.push(performance.now() - started)
    }
  } finally {
    db.close()
  }
  return times
}

/** What reading the rows costs by itself, apart from the app: a tab on /robots.txt, 3 reads of each store. */
async function readCost(options: MeasureOptions): Promise<ReviewBenchResults['reads'][number]> {
  const open = await openPage(options, '/robots.txt')
  try {
    const runs: number[][] = []
    for (let i = 0; i < 3; i++)
      runs.push(await open.page.evaluate(getAllMs, { dbName: DB_NAME, stores: ['reviewEvents', 'studySessions'] }))
    return {
      throttle: options.throttle,
      stepsMs: summarize(runs.map((r) => r[0]!)).median,
      sessionsMs: summarize(runs.map((r) => r[1]!)).median,
    }
  } finally {
    await closePage(open)
  }
}

async function waitForReviewMarks(page: Page, names: readonly ReviewMarkName[]): Promise<void> {
  await page.waitForFunction(reviewMarksPainted, names, { timeout: PAGE_TIMEOUT_MS, polling: 100 })
}

async function reviewOnce(options: MeasureOptions, heap?: { bytes: number }): Promise<ReviewRun> {
  const open = await openPage(options, '/review')
  try {
    await waitForReviewMarks(open.page, ['firstUnit', 'allUnits'])
    const marks = await open.page.evaluate(readReviewMarks)
    const queue = await open.page.locator('[data-testid="review-queue"] [data-session]').count()
    if (heap) heap.bytes = await heapUsedAfterGc(open.cdp)
    return {
      firstUnitAt: marks.firstUnit!.at,
      firstUnitPaintedAt: marks.firstUnit!.paintedAt!,
      allUnitsAt: marks.allUnits!.at,
      allUnitsPaintedAt: marks.allUnits!.paintedAt!,
      units: Number(marks.allUnits!.text),
      queue,
    }
  } finally {
    await closePage(open)
  }
}

async function yearOnce(options: MeasureOptions, unitId: string): Promise<YearRun> {
  const open = await openPage(options, `/units/${unitId}/year`)
  try {
    await waitForReviewMarks(open.page, ['yearTable'])
    const marks = await open.page.evaluate(readReviewMarks)
    return { tableAt: marks.yearTable!.at, tablePaintedAt: marks.yearTable!.paintedAt!, totals: marks.yearTable!.text }
  } finally {
    await closePage(open)
  }
}

/**
 * The three screens in turn, round by round (a warm-up round first, not kept), so that whatever else the machine
 * does meanwhile falls on all three alike and the ratios hold.
 */
async function rounds(
  options: MeasureOptions,
  runs: number,
  yearUnitId: string | null,
  log: (line: string) => void,
): Promise<ReviewCase> {
  const result: ReviewCase = { throttle: options.throttle, review: [], year: [], study: [] }
  for (let i = -WARMUPS; i < runs; i++) {
    const review = await reviewOnce(options)
    const year = yearUnitId ? await yearOnce(options, yearUnitId) : null
    const study = await listFirstPaint(options, '/study')
    if (i < 0) continue
    result.review.push(review)
    if (year) result.year.push(year)
    result.study.push(study)
    log(
      `  CPU ${options.throttle}× run ${i + 1}/${runs}: /review first unit ${Math.round(review.firstUnitPaintedAt)} ms, all ${review.units} ${Math.round(review.allUnitsPaintedAt)} ms; ` +
        `${year ? `year table ${Math.round(year.tablePaintedAt)} ms; ` : ''}/study first card ${Math.round(study.cardPaintedAt)} ms`,
    )
  }
  return result
}

/**
 * Lets the app index the seeded sessions for search before anything is timed: otherwise the first pages would do it
 * in their quiet moments, and the warm-up would not be enough to take it out of the figures.
 */
async function indexForSearch(context: BrowserContext, origin: string, log: (line: string) => void): Promise<void> {
  const page = await context.newPage()
  try {
    await page.goto(`${origin}/search`)
    const input = page.locator(
      '.search-page [data-testid="search-input"] input, .search-page input[data-testid="search-input"]',
    )
    await input.first().fill('学习')
    await page.waitForFunction(
      () => /\d/.test(document.querySelector('[data-testid="search-count"]')?.textContent ?? ''),
      undefined,
      { timeout: PAGE_TIMEOUT_MS, polling: 200 },
    )
  } catch (error) {
    log(`search indexing not confirmed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)
  } finally {
    await page.close()
  }
}

export async function reviewBench(options: ReviewBenchOptions): Promise<ReviewBenchResults> {
  const { log } = options
  const startedAt = performance.now()
  const loadAtStart = os.loadavg()
  const hasYearRoute = readFileSync('src/app/router.ts', 'utf8').includes("'/units/:id/year")
  const server = await serveBuild(options.distDir, options.version)
  const browser = await launchBrowser()
  try {
    const context = await newBenchContext(browser, {}, PAGE_TIMEOUT_MS)
    const today = chinaToday()
    if (today !== localDate())
      log(`China's date ${today} is not this machine's ${localDate()}: the data follows China's`)
    const org = buildReviewOrg(options.seed, Date.now(), today)
    await context.addInitScript(installProbes)
    await context.addInitScript(installReviewProbes, org.units.length)

    // The app creates its database on its first load, and its service worker precaches the build; then the rows
    // are written from a page without the app, so nothing of the app holds the database open meanwhile.
    const seedPage = await context.newPage()
    await seedPage.goto(`${server.origin}/`)
    await waitForAppDatabase(seedPage, DB_NAME)
    await seedPage.evaluate(serviceWorkerReady, 30_000)
    await seedPage.goto(`${server.origin}/robots.txt`)
    const data = await seedReviewOrg(seedPage, DB_NAME, org, today)
    await seedPage.close()
    log(
      `seeded ${data.units} units, ${data.sessions} sessions, ${data.steps} packet steps in ${(data.wallMs / 1000).toFixed(1)} s (${JSON.stringify(data.packets)})`,
    )
    await indexForSearch(context, server.origin, log)

    // A unit with a usual year: the one with the median number of sessions.
    const counted = org.units
      .map((unit) => ({
        unit,
        sessions: org.sessions.filter((s) => s.unitId === unit.id),
      }))
      .sort((a, b) => a.sessions.length - b.sessions.length)
    const chosen = counted[counted.length >> 1]!
    const sessionIds = new Set(chosen.sessions.map((s) => s.id))
    const yearUnit = {
      id: chosen.unit.id,
      name: chosen.unit.name,
      sessions: chosen.sessions.length,
      steps: org.steps.filter((s) => sessionIds.has(s.sessionId)).length,
    }
    if (!hasYearRoute) log('no /units/:id/year route in src/app/router.ts: measuring /review only')

    const plain: MeasureOptions = { context, origin: server.origin, throttle: 1, log }
    const throttled: MeasureOptions = { ...plain, throttle: options.throttle }
    const heap = { bytes: Number.NaN }
    const first = await reviewOnce(plain, heap)
    log(
      `/review: ${first.units} unit rows, ${first.queue} packets queued, heap after GC ${(heap.bytes / 2 ** 20).toFixed(1)} MB`,
    )
    const cases: ReviewCase[] = []
    for (const measure of [plain, throttled])
      cases.push(await rounds(measure, options.runs, hasYearRoute ? yearUnit.id : null, log))
    const reads = [await readCost(plain), await readCost(throttled)]
    const spinRatio = (await spinMs(throttled)) / (await spinMs(plain))
    await context.close()

    return {
      date: reportDate(),
      machine: describeMachine(browser.version(), loadAtStart),
      seed: options.seed,
      runs: options.runs,
      warmups: WARMUPS,
      throttle: options.throttle,
      data,
      hasYearRoute,
      yearUnit,
      cases,
      reviewHeap: heap.bytes,
      reads,
      jsonBytes: { steps: JSON.stringify(org.steps).length, sessions: JSON.stringify(org.sessions).length },
      spinRatio,
      wallMs: performance.now() - startedAt,
    }
  } finally {
    await browser.close()
    await server.close()
  }
}

/**
 * Search figures at `count` records per type (issue 16, Search): the first query typed the moment 搜索 opens, later
 * queries, the JS heap, the one-time pass that indexes records the stored index does not know, a query before that
 * pass has run, and the index's size on disk. With a baseline build (--search-baseline DIR, e.g. the commit before
 * the stored index), the same first-query runs are measured on it in the same run, alternating with this build, on
 * its own origin seeded alike.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { localDate } from '../../src/shared/dates'
import { serveBuild, type TestServer } from '../e2e/support/server'
import { serviceWorkerReady } from './browser'
import {
  closePage,
  heapUsedAfterGc,
  homeFigures,
  openPage,
  typeQuery,
  waitForMarks,
  type MeasureOptions,
  type QueryRun,
} from './measure'
import { readProbes } from './probes'
import { seedRecords, waitForAppDatabase, type SeedResult } from './seed'

const DB_NAME = 'xuesijian'
const SEARCH_INPUT = 'input[data-testid="search-input"], [data-testid="search-input"] input'

export interface FirstQueryRun {
  /** Navigation start → the search box on screen (painted). */
  inputPaintedAt: number
  /** The first query, typed at once: input event → count / first card painted. */
  first: QueryRun
  /** Navigation start → the first query's count painted. */
  openToCountPainted: number
  /** The queries after it (the first again, then the others). */
  later: QueryRun[]
  /** JS heap after a forced GC, once the queries are answered. */
  heapUsed: number
}

/** Opens /search, types the first query as soon as the box shows, then the rest. */
export async function firstQueryRun(options: MeasureOptions, queries: readonly string[]): Promise<FirstQueryRun> {
  const open = await openPage(options, '/search')
  const { page } = open
  try {
    await waitForMarks(page, ['searchInput'], 120_000)
    const inputPaintedAt = (await page.evaluate(readProbes)).marks.searchInput!.paintedAt!
    const input = page.locator(SEARCH_INPUT).first()
    const first = await typeQuery(page, input, queries[0]!, 900_000)
    const later: QueryRun[] = []
    for (const query of [queries[0]!, ...queries.slice(1)]) later.push(await typeQuery(page, input, query))
    const heapUsed = await heapUsedAfterGc(open.cdp)
    return { inputPaintedAt, first, openToCountPainted: inputPaintedAt + first.countPaintedAt, later, heapUsed }
  } finally {
    await closePage(open)
  }
}

export interface PassRun {
  /** Navigation start → searchState.pass null: the index holds every record. */
  completeAt: number
  /** The same for the first query typed at once, read past the pass (0 hits shows no count: null). */
  first: QueryRun | null
  /** Input event → the answer complete (no 正在查找其余 line). */
  answerCompleteAt: number | null
}

/** In a page of the origin: what the index's state row says, or null before the app wrote one. */
async function indexPass(page: Page): Promise<'none' | 'pending' | 'complete'> {
  return page.evaluate(
    (name) =>
      new Promise<'none' | 'pending' | 'complete'>((resolve) => {
        const open = indexedDB.open(name)
        open.onerror = () => resolve('none')
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('searchState')) {
            db.close()
            return resolve('none')
          }
          const get = db.transaction('searchState').objectStore('searchState').get('state')
          get.onsuccess = () =>
            resolve(
              get.result === undefined
                ? 'none'
                : (get.result as { pass: unknown }).pass === null
                  ? 'complete'
                  : 'pending',
            )
          get.onerror = () => resolve('none')
          db.close()
        }
      }),
    DB_NAME,
  )
}

/** Empties the stored index (as after this update on a phone full of records), from a page that does not run the app. */
async function dropIndex(context: BrowserContext, origin: string): Promise<void> {
  const page = await context.newPage()
  try {
    await page.goto(`${origin}/robots.txt`)
    await page.evaluate(
      (name) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open(name)
          open.onerror = () => reject(new Error('cannot open the database'))
          open.onsuccess = () => {
            const db = open.result
            const stores = ['searchPostings', 'searchDocs', 'searchBlocks', 'searchState']
            const tx = db.transaction(stores, 'readwrite')
            for (const store of stores) tx.objectStore(store).clear()
            tx.oncomplete = () => {
              db.close()
              resolve()
            }
            tx.onerror = () => reject(tx.error)
          }
        }),
      DB_NAME,
    )
  } finally {
    await page.close()
  }
}

/** Waits in `page` (an app page) for the pass to end; ms since its navigation started. */
async function waitForPass(page: Page, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs
  while ((await indexPass(page)) !== 'complete') {
    if (Date.now() > deadline) throw new Error(`the search index pass did not end within ${timeoutMs / 1000} s`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return page.evaluate(() => performance.now())
}

/**
 * The pass over every record, as after the update: the index emptied, then /search opened and the first query typed
 * at once (answered from the records past the pass), and the page left open until the pass ends.
 */
export async function passRun(options: MeasureOptions, query: string): Promise<PassRun> {
  await dropIndex(options.context, options.origin)
  const open = await openPage(options, '/search')
  const { page } = open
  try {
    await waitForMarks(page, ['searchInput'], 120_000)
    const input = page.locator(SEARCH_INPUT).first()
    const first = await typeQuery(page, input, query, 900_000).catch(() => null)
    let answerCompleteAt: number | null = null
    if (first) {
      await page.waitForFunction(() => !document.querySelector('[data-testid="search-scanning"]'), undefined, {
        timeout: 900_000,
        polling: 50,
      })
      const { inputAt } = await page.evaluate(readProbes)
      answerCompleteAt = inputAt === null ? null : (await page.evaluate(() => performance.now())) - inputAt
    }
    const completeAt = await waitForPass(page, 1_800_000)
    return { completeAt, first, answerCompleteAt }
  } finally {
    await closePage(open)
  }
}

/** Bytes of the stored index: posting lists, and the per-ordinal blocks. */
export async function indexBytes(
  context: BrowserContext,
  origin: string,
): Promise<{ postings: number; lists: number; blocks: number }> {
  const page = await context.newPage()
  try {
    await page.goto(`${origin}/robots.txt`)
    return await page.evaluate(
      (name) =>
        new Promise<{ postings: number; lists: number; blocks: number }>((resolve, reject) => {
          const open = indexedDB.open(name)
          open.onerror = () => reject(new Error('cannot open the database'))
          open.onsuccess = () => {
            const db = open.result
            const tx = db.transaction(['searchPostings', 'searchBlocks'])
            const sizes = { postings: 0, lists: 0, blocks: 0 }
            tx.objectStore('searchPostings').openCursor().onsuccess = (event) => {
              const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result
              if (!cursor) return
              sizes.postings += (cursor.value as { data: Uint8Array }).data.byteLength
              sizes.lists++
              cursor.continue()
            }
            tx.objectStore('searchBlocks').openCursor().onsuccess = (event) => {
              const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result
              if (!cursor) return
              // SEARCH_FORMAT 2 (src/app/search/search-rows.ts): the keys as one string (2 bytes a character in
              // memory), every other fact a typed array.
              const row = cursor.value as Record<string, unknown>
              for (const value of Object.values(row)) {
                if (typeof value === 'string') sizes.blocks += 2 * value.length
                else if (ArrayBuffer.isView(value)) sizes.blocks += value.byteLength
              }
              cursor.continue()
            }
            tx.oncomplete = () => {
              db.close()
              resolve(sizes)
            }
            tx.onerror = () => reject(tx.error)
          }
        }),
      DB_NAME,
    )
  } finally {
    await page.close()
  }
}

export interface SearchBench {
  count: number
  queries: readonly string[]
  throttle: number
  /** This build, the index complete: CPU 1× and throttled; 首页's heap for the index's share of /search's. */
  now: BuildRuns
  /** The baseline build, in the same run (null without --search-baseline). */
  before: (BuildRuns & { dist: string }) | null
  /** The pass after the index is emptied: at 1× (right after seeding) and throttled. */
  pass: { plain: PassRun; throttled: PassRun }
  index: { postings: number; lists: number; blocks: number }
}

export interface BuildRuns {
  plain: FirstQueryRun[]
  throttled: FirstQueryRun[]
  /** JS heap of 首页 after a forced GC, CPU 1× runs. */
  homeHeap: number[]
}

export interface SearchBenchOptions {
  context: BrowserContext
  /** This build's origin, seeded, its service worker active. */
  origin: string
  /** A baseline build to serve and seed alike. */
  baselineDist: string | null
  version: string
  count: number
  seed: number
  runs: number
  throttle: number
  queries: readonly string[]
  log: (line: string) => void
}

/** Serves and seeds the baseline build as the bench seeds this one. */
async function seededBaseline(
  options: SearchBenchOptions,
  dist: string,
): Promise<{ server: TestServer; seeded: SeedResult }> {
  const server = await serveBuild(dist, options.version)
  const page = await options.context.newPage()
  try {
    await page.goto(`${server.origin}/`)
    const dbVersion = await waitForAppDatabase(page, DB_NAME)
    await page.evaluate(serviceWorkerReady, 30_000)
    await page.goto(`${server.origin}/robots.txt`)
    const seeded = await seedRecords(page, {
      dbName: DB_NAME,
      dbVersion,
      count: options.count,
      batchSize: 2000,
      seed: options.seed,
      endDate: localDate(),
    })
    return { server, seeded }
  } finally {
    await page.close()
  }
}

export async function searchBench(options: SearchBenchOptions): Promise<SearchBench> {
  const { log, queries } = options
  const plain: MeasureOptions = { context: options.context, origin: options.origin, throttle: 1, log }
  const throttled: MeasureOptions = { ...plain, throttle: options.throttle }
  log('search: the pass over every record at CPU 1× (index emptied first)')
  const passPlain = await passRun(plain, queries[0]!)
  log(
    `search: pass at CPU 1× ended ${(passPlain.completeAt / 1000).toFixed(1)} s after navigation; now at CPU ${options.throttle}×`,
  )
  const passThrottled = await passRun(throttled, queries[0]!)
  log(
    `search: pass at CPU ${options.throttle}× ended ${(passThrottled.completeAt / 1000).toFixed(1)} s after navigation`,
  )
  const index = await indexBytes(options.context, options.origin)

  let baseline: { server: TestServer; seeded: SeedResult } | null = null
  try {
    if (options.baselineDist) {
      baseline = await seededBaseline(options, options.baselineDist)
      log(
        `search: baseline ${options.baselineDist} served at ${baseline.server.origin}, ${baseline.seeded.total} records`,
      )
    }
    const now: BuildRuns = { plain: [], throttled: [], homeHeap: [] }
    const before = baseline
      ? ({ dist: options.baselineDist!, plain: [], throttled: [], homeHeap: [] } as BuildRuns & { dist: string })
      : null
    // Alternating builds run by run, so a change in the machine's load falls on both; run 0 warms each up.
    for (const [label, into, base] of [
      ['CPU 1×', 'plain', 1],
      [`CPU ${options.throttle}×`, 'throttled', options.throttle],
    ] as const) {
      for (let run = 0; run <= options.runs; run++) {
        const mine = await firstQueryRun({ ...plain, throttle: base }, queries)
        if (run > 0) now[into].push(mine)
        if (baseline && before) {
          const theirs = await firstQueryRun({ ...plain, origin: baseline.server.origin, throttle: base }, queries)
          if (run > 0) before[into].push(theirs)
        }
        if (run > 0 && base === 1) {
          now.homeHeap.push((await homeFigures(plain)).heapUsed)
          if (baseline && before)
            before.homeHeap.push((await homeFigures({ ...plain, origin: baseline.server.origin })).heapUsed)
        }
        if (run > 0) log(`  search first query (${label}): run ${run}/${options.runs}`)
      }
    }
    return {
      count: options.count,
      queries,
      throttle: options.throttle,
      now,
      before,
      pass: { plain: passPlain, throttled: passThrottled },
      index,
    }
  } finally {
    await baseline?.server.close()
  }
}

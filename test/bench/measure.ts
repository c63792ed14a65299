/** One measured page load at a time, each in a new tab, with the probes of probes.ts reading the times. */
import type { BrowserContext, CDPSession, Locator, Page } from 'playwright-core'
import {
  armProbes,
  firstContentfulPaint,
  marksPainted,
  readProbes,
  scrollUntil,
  type ProbeName,
  type ScrollResult,
} from './probes'

export interface MeasureOptions {
  context: BrowserContext
  origin: string
  /** CPU slow-down applied with Emulation.setCPUThrottlingRate; 1 = none. */
  throttle: number
  log: (line: string) => void
}

export interface OpenPage {
  page: Page
  cdp: CDPSession
}

/**
 * A new tab that first loads /robots.txt (so the throttling set next sticks to the origin's renderer), then
 * navigates to `path`. Every probe time is relative to that second navigation's start.
 */
export async function openPage(options: MeasureOptions, path: string): Promise<OpenPage> {
  const page = await options.context.newPage()
  await page.goto(`${options.origin}/robots.txt`)
  const cdp = await options.context.newCDPSession(page)
  if (options.throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.throttle })
  await page.goto(`${options.origin}${path}`, { waitUntil: 'commit' })
  return { page, cdp }
}

export async function waitForMarks(page: Page, names: readonly ProbeName[], timeout = 120_000): Promise<void> {
  await page.waitForFunction(marksPainted, names, { timeout, polling: 100 })
}

export async function closePage(open: OpenPage): Promise<void> {
  await open.cdp.detach().catch(() => undefined)
  await open.page.close()
}

/** Runs `once` for the warm-ups (results dropped), then `runs` times. */
export async function repeat<T>(
  label: string,
  warmups: number,
  runs: number,
  once: () => Promise<T>,
  log: (line: string) => void,
): Promise<T[]> {
  for (let i = 0; i < warmups; i++) await once()
  const results: T[] = []
  for (let i = 0; i < runs; i++) {
    results.push(await once())
    log(`  ${label}: run ${i + 1}/${runs}`)
  }
  return results
}

export interface FirstPaintRun {
  fcp: number
  cardAt: number
  cardPaintedAt: number
}

/** Navigation start → the first `.record-card` in the viewport, in the DOM and painted. */
export async function listFirstPaint(options: MeasureOptions, path: string): Promise<FirstPaintRun> {
  const open = await openPage(options, path)
  try {
    await waitForMarks(open.page, ['card'])
    const { marks } = await open.page.evaluate(readProbes)
    const fcp = (await open.page.evaluate(firstContentfulPaint)) ?? Number.NaN
    return { fcp, cardAt: marks.card!.at, cardPaintedAt: marks.card!.paintedAt! }
  } finally {
    await closePage(open)
  }
}

export interface HomeRun {
  fcp: number
  countsPaintedAt: number
  counts: string
  recentPaintedAt: number
  /** JS heap in use after a forced GC, bytes. */
  heapUsed: number
}

export async function homeFigures(options: MeasureOptions): Promise<HomeRun> {
  const open = await openPage(options, '/')
  try {
    await waitForMarks(open.page, ['card'])
    // A month without records would keep a count at 0: report that instead of waiting forever.
    await waitForMarks(open.page, ['homeCounts'], 30_000).catch(() => undefined)
    const { marks } = await open.page.evaluate(readProbes)
    const fcp = (await open.page.evaluate(firstContentfulPaint)) ?? Number.NaN
    const heapUsed = await heapUsedAfterGc(open.cdp)
    const counts = marks.homeCounts
    return {
      fcp,
      countsPaintedAt: counts?.paintedAt ?? Number.NaN,
      counts: counts?.text ?? 'a count stayed 0',
      recentPaintedAt: marks.card!.paintedAt!,
      heapUsed,
    }
  } finally {
    await closePage(open)
  }
}

export async function heapUsedAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  return usedSize
}

export interface QueryRun {
  query: string
  /** The count text shown, e.g. "20000 条结果". */
  countText: string
  /** input event → count element in the DOM / painted. */
  countAt: number
  countPaintedAt: number
  /** input event → first result card painted. */
  cardPaintedAt: number
}

/** Types a query into an empty box at once (as an IME commits a word): input event → count and first card painted. */
export async function typeQuery(page: Page, input: Locator, query: string, timeoutMs = 120_000): Promise<QueryRun> {
  await input.fill('')
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-testid="search-count"]') && !document.querySelector('.search-page .record-card'),
    undefined,
    { polling: 100 },
  )
  await page.evaluate(armProbes, ['searchCount', 'resultCard'] as ProbeName[])
  // fill() inserts the whole word with one input event, as an IME commit does.
  await input.fill(query)
  await waitForMarks(page, ['searchCount'], timeoutMs)
  await waitForMarks(page, ['resultCard'], 30_000).catch(() => undefined)
  const { marks, inputAt } = await page.evaluate(readProbes)
  if (inputAt === null) throw new Error('no input event was seen')
  const count = marks.searchCount!
  const card = marks.resultCard
  return {
    query,
    countText: count.text,
    countAt: count.at - inputAt,
    countPaintedAt: count.paintedAt! - inputAt,
    cardPaintedAt: card?.paintedAt ? card.paintedAt - inputAt : Number.NaN,
  }
}

/** Opens /notes and scrolls until `target` cards are loaded or `limitMs` is spent. */
export async function scrollNotes(options: MeasureOptions, target: number, limitMs: number): Promise<ScrollResult> {
  const open = await openPage(options, '/notes')
  try {
    await waitForMarks(open.page, ['card'])
    return await open.page.evaluate(scrollUntil, { target, limitMs, stallMs: 15_000 })
  } finally {
    await closePage(open)
  }
}

/** A fixed busy loop timed in the page: compares throttled and unthrottled tabs. */
export async function spinMs(options: MeasureOptions): Promise<number> {
  const open = await openPage(options, '/robots.txt')
  try {
    return await open.page.evaluate(() => {
      const t0 = performance.now()
      let x = 0
      for (let i = 0; i < 30_000_000; i++) x += Math.sqrt(i)
      return x > 0 ? performance.now() - t0 : Number.NaN
    })
  } finally {
    await closePage(open)
  }
}

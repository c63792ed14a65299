/**
 * `tsx test/bench/profile-start.ts [--path /notes] [--runs 3] [--count 10000] [--dist DIR]`: where a warm offline
 * start's milliseconds go, CPU 4×. Seeds as the load bench does, installs the service worker, cuts the network,
 * then records a Chromium trace of each start and prints, on the page's main thread between navigation start
 * and the first card painted: the time per top-level task kind (script evaluation, compile, layout, …), when each
 * script arrived (Resource Timing), and the probes' marks. Not part of `npm run bench`: a tool for issue 6.
 */
import type { CDPSession } from 'playwright-core'
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { SourceMapConsumer, type RawSourceMap } from 'source-map-js'
import { parseArgs } from 'node:util'
import { localDate } from '../../src/shared/dates'
import { serveBuild } from '../e2e/support/server'
import { launchBrowser, newBenchContext, serviceWorkerReady } from './browser'
import { installProbes, marksPainted, readProbes, type ProbeName } from './probes'
import { seedRecords, waitForAppDatabase } from './seed'
import { installServiceWorker } from './start-times'

/** The parts of a CDP CPU profile (Profiler.stop) read here. */
interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  samples?: number[]
  timeDeltas?: number[]
}

interface TraceEvent {
  name: string
  ph: string
  ts: number
  dur?: number
  pid: number
  tid: number
  cat: string
  args?: { data?: { url?: string; frame?: string }; name?: string }
}

const { values } = parseArgs({
  options: {
    path: { type: 'string' },
    runs: { type: 'string' },
    count: { type: 'string' },
    dist: { type: 'string' },
    plain: { type: 'boolean' },
  },
})
const path = values.path ?? '/notes'
const runs = Number(values.runs ?? 3)
const count = Number(values.count ?? 10_000)
const distDir = values.dist ?? 'dist'
const CATEGORIES = [
  'devtools.timeline',
  'v8.execute',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'loading',
  'v8',
]

async function traceOf(cdp: CDPSession, during: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])))
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' })
  await during()
  await cdp.send('Tracing.end')
  await done
  return events
}

/** Self time per event name of the renderer main thread's complete events between from and to (µs, trace clock). */
function breakdown(events: TraceEvent[], from: number, to: number): Map<string, number> {
  const main = events.find(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      events.some((x) => x.pid === e.pid && x.name === 'ParseHTML'),
  )
  const slices = events
    .filter(
      (e) =>
        main &&
        e.pid === main.pid &&
        e.tid === main.tid &&
        e.ph === 'X' &&
        e.dur !== undefined &&
        e.ts >= from &&
        e.ts < to,
    )
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0))
  const self = new Map<string, number>()
  const stack: TraceEvent[] = []
  for (const slice of slices) {
    while (stack.length > 0 && stack.at(-1)!.ts + stack.at(-1)!.dur! <= slice.ts) stack.pop()
    const parent = stack.at(-1)
    const label =
      slice.name === 'EvaluateScript' || slice.name === 'v8.compile' || slice.name === 'v8.compileModule'
        ? `${slice.name} ${(slice.args?.data?.url ?? '').split('/').pop()}`
        : slice.name
    self.set(label, (self.get(label) ?? 0) + slice.dur!)
    if (parent) {
      const parentLabel =
        parent.name === 'EvaluateScript' || parent.name === 'v8.compile' || parent.name === 'v8.compileModule'
          ? `${parent.name} ${(parent.args?.data?.url ?? '').split('/').pop()}`
          : parent.name
      self.set(parentLabel, (self.get(parentLabel) ?? 0) - slice.dur!)
    }
    stack.push(slice)
  }
  return self
}

/** In the page: notes when parts of the screen first appear and when IndexedDB is opened and used. */
function installMilestones(): void {
  const lines: string[] = []
  ;(window as Window & { __milestones?: string[] }).__milestones = lines
  const note = (what: string) => lines.push(`${String(Math.round(performance.now())).padStart(5)}  ${what}`)
  const selectors = [
    '#app > *',
    '.van-tabbar',
    '.van-nav-bar__title',
    '.list-page',
    '.van-list',
    '.record-card',
    '.home-page',
  ]
  const seen = new Set<string>()
  new MutationObserver(() => {
    for (const selector of selectors)
      if (!seen.has(selector) && document.querySelector(selector)) {
        seen.add(selector)
        note(`dom ${selector}`)
      }
  }).observe(document, { childList: true, subtree: true })
  const open = IDBFactory.prototype.open
  IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number) {
    note(`idb open ${name}`)
    const request = open.call(this, name, version)
    request.addEventListener('success', () => note(`idb open ${name} success`))
    return request
  }
  const transaction = IDBDatabase.prototype.transaction
  IDBDatabase.prototype.transaction = function (
    this: IDBDatabase,
    stores: string | string[],
    mode?: IDBTransactionMode,
    options?: IDBTransactionOptions,
  ) {
    const names = Array.isArray(stores) ? stores.join(',') : stores
    note(`idb tx ${mode ?? 'readonly'} ${names}`)
    const tx = transaction.call(this, stores, mode, options)
    tx.addEventListener('complete', () => note(`idb tx done ${names}`))
    return tx
  }
}

const consumers = new Map<string, SourceMapConsumer | null>()
/** With a build made with --sourcemap: the package (node_modules) or src/ file a position in a chunk comes from. */
function sourceOf(url: string, line: number, column: number): string | null {
  const file = url.split('/').pop() ?? ''
  if (!file.endsWith('.js')) return null
  if (!consumers.has(file)) {
    const mapPath = join(distDir, 'assets', `${file}.map`)
    consumers.set(
      file,
      existsSync(mapPath) ? new SourceMapConsumer(JSON.parse(readFileSync(mapPath, 'utf8')) as RawSourceMap) : null,
    )
  }
  const source = consumers.get(file)?.originalPositionFor({ line: line + 1, column }).source
  if (!source) return null
  const inModules = source.match(/node_modules\/((@[^/]+\/)?[^/]+)/)
  return inModules ? inModules[1]! : source.replace(/^.*\/src\//, 'src/')
}

/** Sampled self time per (script file: function) between from and to, plus per 100 ms slice of the start. */
function cpuBuckets(profile: CpuProfile, from: number, to: number): [string, number][] {
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]))
  const parentOf = new Map<number, ProfileNode>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node)
  const totals = new Map<string, number>()
  let t = profile.startTime
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0
    const dt = deltas[i + 1] ?? 0
    if (t < from || t >= to) continue
    const frame = byId.get(samples[i]!)!.callFrame
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue
    const file = sourceOf(frame.url, frame.lineNumber, frame.columnNumber) ?? frame.url.split('/').pop() ?? ''
    const slice = Math.floor((t - from) / 200_000) * 200
    const labels = [
      `self ${file || frame.functionName}`,
      `slice ${String(slice).padStart(4)}ms ${file || frame.functionName}`,
    ]
    // Inclusive: every app source file on the stack, once.
    const onStack = new Set<string>()
    for (let node = byId.get(samples[i]!); node; node = parentOf.get(node.id)) {
      const source = sourceOf(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber)
      if (source?.startsWith('src/')) onStack.add(`incl ${source}`)
    }
    for (const label of [...labels, ...onStack]) totals.set(label, (totals.get(label) ?? 0) + dt)
  }
  return [...totals]
    .filter(([label, us]) => us > (label.startsWith('slice') ? 15_000 : 10_000))
    .sort((a, b) => (a[0].startsWith('slice') && b[0].startsWith('slice') ? a[0].localeCompare(b[0]) : b[1] - a[1]))
}

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
const server = await serveBuild(distDir, version)
const browser = await launchBrowser()
try {
  const context = await newBenchContext(browser)
  await context.addInitScript(installProbes)
  await context.addInitScript(installMilestones)
  const seedPage = await context.newPage()
  await seedPage.goto(`${server.origin}/`)
  const dbVersion = await waitForAppDatabase(seedPage, 'xuesijian')
  await seedPage.evaluate(serviceWorkerReady, 30_000)
  await seedPage.goto(`${server.origin}/robots.txt`)
  await seedRecords(seedPage, {
    dbName: 'xuesijian',
    dbVersion,
    count,
    batchSize: 2000,
    seed: 20_261_122,
    endDate: localDate(),
  })
  await seedPage.close()
  if (!(await installServiceWorker(context, server.origin))) throw new Error('no service worker')
  await context.setOffline(true)
  const plainTimes: number[] = []
  for (let run = 0; run <= runs; run++) {
    const page = await context.newPage()
    await page.goto(`${server.origin}/robots.txt`)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    const load = async () => {
      await page.goto(`${server.origin}${path}`, { waitUntil: 'commit' })
      await page.waitForFunction(marksPainted, ['card'] as ProbeName[], { timeout: 120_000, polling: 100 })
    }
    if (values.plain) {
      await load()
      const { marks } = await page.evaluate(readProbes)
      await page.close()
      if (run > 0) plainTimes.push(marks.card!.paintedAt!)
      continue
    }
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
    await cdp.send('Profiler.start')
    const events = await traceOf(cdp, load)
    const profile = (await cdp.send('Profiler.stop')).profile as CpuProfile
    const { marks } = await page.evaluate(readProbes)
    const milestones = await page.evaluate(() => (window as Window & { __milestones?: string[] }).__milestones ?? [])
    const timing = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      nav: performance.getEntriesByType('navigation').map((e) => {
        const n = e as PerformanceNavigationTiming
        return {
          workerStart: n.workerStart,
          fetchStart: n.fetchStart,
          responseEnd: n.responseEnd,
          domInteractive: n.domInteractive,
          dcl: n.domContentLoadedEventEnd,
        }
      })[0],
      resources: performance.getEntriesByType('resource').map((e) => ({
        name: e.name.split('/').pop() ?? '',
        start: Math.round(e.startTime),
        end: Math.round((e as PerformanceResourceTiming).responseEnd),
      })),
      paints: performance.getEntriesByType('paint').map((e) => `${e.name} ${Math.round(e.startTime)}`),
    }))
    await page.close()
    if (run === 0) continue // a warm-up, as the bench does
    const navStart =
      events.find(
        (e) => e.name === 'navigationStart' && e.args?.data?.url?.includes(path === '/' ? server.origin : path),
      )?.ts ?? events.find((e) => e.name === 'navigationStart')!.ts
    const to = navStart + marks.card!.paintedAt! * 1000
    const rows = [...breakdown(events, navStart, to)].filter(([, us]) => us > 10_000).sort((a, b) => b[1] - a[1])
    console.log(
      `\n=== run ${run}: card painted ${Math.round(marks.card!.paintedAt!)} ms, in DOM ${Math.round(marks.card!.at)} ms; ${timing.paints.join(', ')}`,
    )
    console.log(
      'navigation',
      JSON.stringify(timing.nav, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v) : v)),
    )
    for (const line of milestones) console.log(`  ${line}`)
    for (const r of timing.resources)
      console.log(`  ${String(r.start).padStart(5)}–${String(r.end).padEnd(5)} ${r.name}`)
    let total = 0
    for (const [label, us] of rows) {
      total += us
      console.log(`  ${(us / 1000).toFixed(0).padStart(5)} ms  ${label}`)
    }
    console.log(`  ${(total / 1000).toFixed(0).padStart(5)} ms  (sum of the above, main thread busy)`)
    for (const [label, us] of cpuBuckets(profile, navStart, to))
      console.log(`  cpu ${(us / 1000).toFixed(0).padStart(5)} ms  ${label}`)
  }
  if (values.plain) {
    const sorted = [...plainTimes].sort((a, b) => a - b)
    console.log(
      `${path} warm offline, card painted: median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms; runs ${plainTimes.map(Math.round).join(' ')}; load ${os.loadavg()[0]!.toFixed(2)}`,
    )
  }
} finally {
  await browser.close()
  await server.close()
}

/** Turns the measurements into docs/benchmarks.md (the Sync section: sync-report.ts). */
import os from 'node:os'
import type { EntryBundle } from './bundle'
import type { FirstPaintRun, HomeRun } from './measure'
import type { SearchBench } from './search-bench'
import { renderSearchSection, searchVerdicts } from './search-report'
import type { ScrollResult } from './probes'
import type { SeedResult } from './seed'
import { formatKb, formatMs, mean, summarize } from './stats'

export interface Machine {
  cpu: string
  cores: number
  memoryGb: number
  os: string
  node: string
  chromium: string
  /** os.loadavg() when the run started and ended: other work on the machine skews the figures. */
  loadAvg?: { start: number[]; end: number[] }
}

/** This machine, as the reports describe it; the load average is read again now for its end value. */
export function describeMachine(chromium: string, loadAtStart: number[]): Machine {
  const cpus = os.cpus()
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    loadAvg: { start: loadAtStart, end: os.loadavg() },
  }
}

/** When a report was measured, to the minute, in UTC. */
export function reportDate(): string {
  return new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}

export interface BenchResults {
  date: string
  machine: Machine
  count: number
  seed: number
  runs: number
  warmups: number
  seeded: SeedResult
  bundle: EntryBundle
  lists: Record<string, FirstPaintRun[]>
  home: HomeRun[]
  search: SearchBench
  scroll: ScrollResult[]
  scrollTarget: number
  scrollLimitMs: number
  throttle: number
  throttledRuns: number
  throttledLists: Record<string, FirstPaintRun[]>
  /** Busy loop ms throttled ÷ unthrottled: checks that the throttling took effect. */
  spinRatio: number
  /** Whether the app's service worker was active before the measurements (it then serves every page). */
  serviceWorker: boolean
}

interface Row {
  figure: string
  median: string
  p95: string
  runs: string
  note: string
}

/** The budget of test/build/bundle-budget.test.ts, which is issue 16's target; both count gzip -9 bytes. */
const ENTRY_GZIP_BUDGET = 100 * 1024

function timed(figure: string, samples: readonly number[], note: string): Row {
  const s = summarize(samples.filter((x) => Number.isFinite(x)))
  return { figure, median: formatMs(s.median), p95: formatMs(s.p95), runs: String(s.runs), note }
}

function single(figure: string, value: string, note: string): Row {
  return { figure, median: value, p95: '—', runs: '1', note }
}

function listRows(lists: Record<string, FirstPaintRun[]>, suffix: string): Row[] {
  return Object.entries(lists).flatMap(([path, runs]) => [
    timed(
      `${path} first card painted${suffix}`,
      runs.map((r) => r.cardPaintedAt),
      'navigation start → first `.record-card` in the viewport, then the next frame produced',
    ),
    timed(
      `${path} first card in DOM${suffix}`,
      runs.map((r) => r.cardAt),
      'navigation start → MutationObserver sees the first card laid out in the viewport',
    ),
    timed(
      `${path} first contentful paint${suffix}`,
      runs.map((r) => r.fcp),
      "Chromium's FCP (the app shell: nav bar, tab bar)",
    ),
  ])
}

function scrollRows(scroll: readonly ScrollResult[], target: number): Row[] {
  const reached = scroll.map((r) => r.reached)
  const reachedAll = scroll.every((r) => r.reached >= target)
  const label = reachedAll
    ? `scroll /notes to ${target} cards`
    : `scroll /notes toward ${target} cards (reached ${reached.join(', ')})`
  return [
    timed(
      label,
      scroll.map((r) => r.totalMs),
      'first card painted → ≥ target cards loaded and painted, scrolling to the bottom each time',
    ),
    timed(
      '… per 30-record page, average',
      scroll.map((r) => r.totalMs / Math.max(1, r.pageMs.length)),
      'total ÷ pages loaded',
    ),
    timed(
      '… per page, first 10 pages',
      scroll.map((r) => mean(r.pageMs.slice(0, 10))),
      'scroll to bottom → more cards painted, mean of pages 1–10',
    ),
    timed(
      '… per page, last 10 pages',
      scroll.map((r) => mean(r.pageMs.slice(-10))),
      'the same for the last 10 pages (the list already holds thousands of cards)',
    ),
  ]
}

function table(rows: readonly Row[]): string {
  const lines = ['| Figure | Median | p95 | Runs | What it measures |', '| --- | ---: | ---: | ---: | --- |']
  for (const r of rows) lines.push(`| ${r.figure} | ${r.median} | ${r.p95} | ${r.runs} | ${r.note} |`)
  return lines.join('\n')
}

function verdicts(results: BenchResults): string[] {
  const lines: string[] = []
  const gzip = results.bundle.gzip
  lines.push(
    gzip <= ENTRY_GZIP_BUDGET
      ? `- Entry bundle ${formatKb(gzip)} gzip: **meets** the budget and target (≤ ${ENTRY_GZIP_BUDGET / 1024} KB).`
      : `- Entry bundle ${formatKb(gzip)} gzip: **misses** the budget and target (≤ ${ENTRY_GZIP_BUDGET / 1024} KB) by ${formatKb(gzip - ENTRY_GZIP_BUDGET)}.`,
  )
  lines.push(...searchVerdicts(results.search))
  const first = summarize(results.scroll.map((r) => mean(r.pageMs.slice(0, 10)))).median
  const last = summarize(results.scroll.map((r) => mean(r.pageMs.slice(-10)))).median
  const growth = last / first
  const trend =
    growth > 1.5 ? `(${growth.toFixed(1)}×): the cost of a page grows with the cards already loaded` : '(about flat)'
  if (results.scroll.length > 0)
    lines.push(
      `- Scrolling /notes: a 30-record page takes ${formatMs(first)} at the top and ${formatMs(last)} near card ${results.scrollTarget} ${trend}.`,
    )
  const scrollMissed = results.scroll.filter((r) => r.reached < results.scrollTarget)
  if (scrollMissed.length > 0)
    lines.push(
      `- Scrolling stopped short of ${results.scrollTarget} cards in ${scrollMissed.length} of ${results.scroll.length} runs (limit ${formatMs(results.scrollLimitMs)}${scrollMissed.some((r) => r.finished) ? ', or the list ended' : ''}).`,
    )
  return lines
}

/** How much slower the throttled runs were than the plain ones, on the app's own work. */
function throttleRatios(results: BenchResults): string {
  const ratio = (plain: readonly number[], throttled: readonly number[]): number =>
    summarize(throttled).median / summarize(plain).median
  const lists = Object.keys(results.throttledLists).map((path) =>
    ratio(
      results.lists[path]!.map((r) => r.cardPaintedAt),
      results.throttledLists[path]!.map((r) => r.cardPaintedAt),
    ),
  )
  const query = ratio(
    results.search.now.plain.map((r) => r.first.cardPaintedAt),
    results.search.now.throttled.map((r) => r.first.cardPaintedAt),
  )
  return `${Math.min(...lists).toFixed(1)}–${Math.max(...lists).toFixed(1)}× slower to the first card and ${query.toFixed(1)}× slower to answer the first search`
}

export function renderReport(results: BenchResults): string {
  const { machine: m, seeded } = results
  const throttledSuffix = ` (CPU ${results.throttle}×)`
  const seedRate = (seeded.total / (seeded.idbMs / 1000)).toFixed(0)
  const wallRate = (seeded.total / (seeded.wallMs / 1000)).toFixed(0)
  const rows: Row[] = [
    single(
      'seed: IndexedDB write',
      `${formatMs(seeded.idbMs)} (${seedRate} records/s)`,
      `${seeded.total} records in ${seeded.batches} raw readwrite transactions; in-page time, put → complete`,
    ),
    single(
      'seed: end to end',
      `${formatMs(seeded.wallMs)} (${wallRate} records/s)`,
      'the same, plus sending the rows from Node to the page',
    ),
    single(
      'entry bundle (gzip)',
      formatKb(results.bundle.gzip),
      `JS + CSS referenced by dist/index.html (public/first-screen.js included), gzip -9 as the server's .gz copies; raw ${formatKb(results.bundle.raw)}`,
    ),
    ...listRows(results.lists, ''),
    timed(
      '首页 counts painted',
      results.home.map((r) => r.countsPaintedAt),
      `navigation start → the three 本月 counts non-zero (${results.home[0]?.counts ?? '?'}) and painted`,
    ),
    timed(
      '首页 latest records painted',
      results.home.map((r) => r.recentPaintedAt),
      'navigation start → first card of 最近记录 painted',
    ),
    timed(
      '首页 first contentful paint',
      results.home.map((r) => r.fcp),
      "Chromium's FCP",
    ),
    ...scrollRows(results.scroll, results.scrollTarget),
    ...listRows(results.throttledLists, throttledSuffix).filter((r) => !r.figure.includes('in DOM')),
    single(
      'JS heap, 首页',
      `${(mean(results.home.map((r) => r.heapUsed)) / 2 ** 20).toFixed(1)} MB`,
      'Runtime.getHeapUsage after a forced GC, mean of runs',
    ),
  ]
  const bundleRows = results.bundle.files.map(
    (f) => `| \`${f.path}\` | ${f.kind} | ${formatKb(f.raw)} | ${formatKb(f.gzip)} |`,
  )
  return `# Benchmarks

Generated by \`npm run bench\` (test/bench/run.ts) on ${results.date}. Numbers from one machine; compare runs on the same machine only.

## Machine

- CPU: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGb.toFixed(1)} GB; ${m.os}
${m.loadAvg ? `- Load average (1 min) ${m.loadAvg.start[0]!.toFixed(2)} at the start, ${m.loadAvg.end[0]!.toFixed(2)} at the end\n` : ''}- Node ${m.node}; Chromium ${m.chromium} (headless, system build), phone context 390×844 @2×, zh-CN
- Other processes (including other Chromium instances) may have been running: treat single-digit-percent differences as noise.

## Data

${results.count.toLocaleString('en-US')} records of each type (${seeded.total.toLocaleString('en-US')} in all) from test/fixtures/generate.ts (seed ${results.seed}, dated over the 730 days up to ${seeded.endDate}), written into the app's own IndexedDB database \`xuesijian\` (IndexedDB version ${seeded.dbVersion}) after the app created it: fields + \`id\` (uuidv7) + bookkeeping + \`indexKeysOf()\` keys, as RecordRepository stores them; no outbox entries. Counted back: ${Object.entries(
    seeded.verified,
  )
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}.

## How to reproduce

\`\`\`sh
npm run bench                 # 10,000 records per type, writes docs/benchmarks.md (these figures, Load, Sync, Server memory)
npm run bench -- --count 1000 # fewer records (e.g. to debug); --out FILE writes elsewhere
npm run bench -- --only ui    # these figures only: the other sections already in the file are kept
npm run bench -- --only load  # Load: bytes per route, cold and warm starts at CPU 4×, Lighthouse (about 10 min)
npm run bench -- --only photos  # Photos: main-thread blocking while a 12-MP photo is taken in, worker and fallback (1–2 min)
npm run bench:sync            # the Sync section only (= npm run bench -- --only sync): the rest is kept
npm run bench -- --only server  # the server part of Sync alone
npm run bench -- --only memory  # Server memory with 1,000,000 records (--memory-records N; a few minutes)
\`\`\`

Needs the system Chromium (\`CHROMIUM_PATH\`, default /usr/bin/chromium). The build in dist/ is copied to a temporary directory first, so a concurrent \`vite build\` cannot change it mid-run.

## Method

- Every run is a fresh page load in a new tab of one browser context: the database, the service worker and the HTTP cache persist, while the JS heap starts empty. The search index is stored in IndexedDB (the Search section says how it was filled). ${results.serviceWorker ? "The app's service worker, registered on the first load before seeding, controls every measured page: the HTML and the assets come from its precache, as for an installed PWA." : 'No service worker was active, so the HTML comes from the local server.'}
- Times are \`performance.now()\` in the page, i.e. ms since that navigation started (or since the \`input\` event, for queries). An init script's MutationObserver notes when a condition first holds in the DOM; "painted" is one requestAnimationFrame plus a MessageChannel task later, i.e. once the frame holding the change has been produced.
- ${results.warmups} warm-up run, then ${results.runs} measured runs per figure (scrolling: ${results.scroll.length} runs, no warm-up; CPU ${results.throttle}× throttled figures via \`Emulation.setCPUThrottlingRate\`: ${results.throttledRuns} runs, after 1 warm-up (search: its own section); a busy loop ran ${results.spinRatio.toFixed(1)}× slower, the app's own work ${throttleRatios(results)}). p95 is nearest-rank: with fewer than 20 runs it is the slowest run.
- Queries are typed with Playwright's \`fill()\`: the whole word arrives in one \`input\` event, as an IME commit does.

## Figures

${table(rows)}

${renderSearchSection(results.search)}
## Targets

${verdicts(results).join('\n')}

## Entry bundle, per file

| File | Kind | Raw | Gzip |
| --- | --- | ---: | ---: |
${bundleRows.join('\n')}
| **total** | | **${formatKb(results.bundle.raw)}** | **${formatKb(results.bundle.gzip)}** |
`
}

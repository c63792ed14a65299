/**
 * The "Sync" section of docs/benchmarks.md. It lives between two marker comments and is replaced as a whole, so
 * the sync figures can be measured alone (`npm run bench:sync`) without touching the rest of the page, and a run
 * of the other figures alone (`npm run bench -- --only ui`) keeps the last sync figures. The section states its own
 * date and machine, since it may be newer than the rest.
 */
import type { Machine } from './report'
import { formatMs, summarize, type Summary } from './stats'
import type { BrowserRun, BrowserSyncResults } from './sync-browser'
import type { NodeSyncResults } from './sync-node'
import type { ServerResults } from './sync-server'
import { renderServerPart, replaceServerPart } from './sync-server-report'

export const SYNC_START =
  '<!-- sync-bench:start: written by test/bench/sync-report.ts, replaced by each run of the sync bench -->'
export const SYNC_END = '<!-- sync-bench:end -->'

/** The issue's target: a pull of 30,000 records to a fresh device within 2× the raw bulkPut time. */
const PULL_RATIO_TARGET = 2

export interface SyncOptions {
  pushCount: number
  pullPerType: number
  runs: number
  throttle: number
  throttledRuns: number
  serverMutations: number
  serverRuns: number
  seed: number
}

export interface SyncResults {
  date: string
  machine: Machine
  options: SyncOptions
  node: NodeSyncResults
  browser: BrowserSyncResults
  server: ServerResults
  /** Wall time of the whole sync bench, setup included. */
  wallMs: number
}

interface Row {
  figure: string
  median: string
  p95: string
  runs: string
  note: string
}

function timed(figure: string, samples: readonly number[], note: string): Row {
  const s = summarize(samples.filter((x) => Number.isFinite(x)))
  return { figure, median: formatMs(s.median), p95: formatMs(s.p95), runs: String(s.runs), note }
}

function ratio(figure: string, samples: readonly number[], note: string): Row {
  const s = summarize(samples.filter((x) => Number.isFinite(x)))
  return { figure, median: `${s.median.toFixed(1)}×`, p95: `${s.p95.toFixed(1)}×`, runs: String(s.runs), note }
}

function table(rows: readonly Row[]): string {
  const lines = ['| Figure | Median | p95 | Runs | What it measures |', '| --- | ---: | ---: | ---: | --- |']
  for (const r of rows) lines.push(`| ${r.figure} | ${r.median} | ${r.p95} | ${r.runs} | ${r.note} |`)
  return lines.join('\n')
}

const count = (n: number): string => n.toLocaleString('en-US')

function nodeRows(node: NodeSyncResults): Row[] {
  const pushed = count(node.push[0]?.records ?? 0)
  const pulled = count(node.pull[0]?.records ?? 0)
  return [
    timed(
      `push ${pushed}: run() → outbox empty`,
      node.push.map((r) => r.run.pushMs),
      `engine.run() called → its first pull request (the push loop found nothing left); ${node.push[0]?.run.pushRequests ?? '?'} requests of ≤ 200`,
    ),
    timed(
      '… of which in the server',
      node.push.map((r) => r.run.pushServerMs),
      'app.fetch of the push requests, body read (in-process, same thread)',
    ),
    timed(
      `push ${pushed}: whole run()`,
      node.push.map((r) => r.run.totalMs),
      `the same run to its end: it then pulls its own ${pushed} records back (their revisions)`,
    ),
    timed(
      `plain Dexie bulkPut of the same ${pushed} rows`,
      node.push.map((r) => r.bulkPutMs),
      'the rows as saved, one bulkPut per table into a fresh XsjDatabase, in the same run',
    ),
    ratio(
      'push ÷ bulkPut',
      node.push.map((r) => r.run.pushMs / r.bulkPutMs),
      'per run',
    ),
    timed(
      `(saving the ${pushed} through RecordRepository.save)`,
      node.push.map((r) => r.saveMs),
      'setup, not sync: one transaction per record, before signing in',
    ),
    timed(
      `pull ${pulled} to a fresh device: run()`,
      node.pull.map((r) => r.run.totalMs),
      `engine.run() on a signed-in empty device; ${node.pull[0]?.run.pullRequests ?? '?'} requests of 1,000`,
    ),
    timed(
      '… of which in the server',
      node.pull.map((r) => r.run.pullServerMs),
      'app.fetch of the pull requests, body read (in-process, same thread)',
    ),
    timed(
      `plain Dexie bulkPut of the same ${pulled} rows`,
      node.pull.map((r) => r.bulkPutMs),
      'the pulled rows read back, one bulkPut per table into a fresh XsjDatabase',
    ),
    ratio(
      'pull ÷ bulkPut',
      node.pull.map((r) => r.run.totalMs / r.bulkPutMs),
      `per run; the issue's target is ≤ ${PULL_RATIO_TARGET}×`,
    ),
    ratio(
      '(pull − server time) ÷ bulkPut',
      node.pull.map((r) => (r.run.totalMs - r.run.pullServerMs) / r.bulkPutMs),
      'the device side alone',
    ),
  ]
}

/** Per run, the pull through a unit over the personal pull run just before it. */
function pairedRatios(unit: readonly number[], personal: readonly number[]): number[] {
  return unit.map((ms, i) => ms / personal[i]!).filter((x) => Number.isFinite(x))
}

function unitNodeRows(node: NodeSyncResults): Row[] {
  const runs = node.unitPull ?? []
  if (runs.length === 0) return []
  const pulled = count(runs[0]!.records)
  return [
    timed(
      `pull ${pulled} through a unit to a fresh device: run()`,
      runs.map((r) => r.run.totalMs),
      `an account owning nothing, reading the unit's sessions and others' records shared with the unit; ${runs[0]!.run.pullRequests} requests of 1,000`,
    ),
    timed(
      '… of which in the server',
      runs.map((r) => r.run.pullServerMs),
      'app.fetch of the pull requests, body read (in-process, same thread)',
    ),
    timed(
      `plain Dexie bulkPut of the same ${pulled} rows (through a unit)`,
      runs.map((r) => r.bulkPutMs),
      'the pulled rows read back, one bulkPut per table into a fresh XsjDatabase',
    ),
    ratio(
      'pull through a unit ÷ bulkPut',
      runs.map((r) => r.run.totalMs / r.bulkPutMs),
      `per run; the issue's target is ≤ ${PULL_RATIO_TARGET}×`,
    ),
    ratio(
      'pull through a unit ÷ personal pull',
      pairedRatios(
        runs.map((r) => r.run.totalMs),
        node.pull.map((r) => r.run.totalMs),
      ),
      'per run, against the personal pull run just before it',
    ),
  ]
}

function unitBrowserRows(unit: readonly BrowserRun[], personal: readonly BrowserRun[], suffix: string): Row[] {
  if (unit.length === 0) return []
  const pulled = count(unit[0]!.records)
  return [
    timed(
      `pull ${pulled} through a unit to a fresh phone${suffix}`,
      unit.map((r) => r.totalMs),
      "the same, for an account owning nothing that reads its unit's sessions and the records others shared with the unit",
    ),
    timed(
      `… first pull request → done${suffix}`,
      unit.map((r) => r.pullMs),
      `${unit[0]!.pullRequests} pull requests`,
    ),
    timed(
      `… pull requests${suffix}`,
      unit.map((r) => r.pullRequestMs),
      'sum of request start → response end (network, server, gzip): the rest is the phone',
    ),
    timed(
      `Dexie bulkPut of the same ${pulled} (through a unit)${suffix}`,
      unit.map((r) => r.baseline.dexieMs),
      'the pulled rows read back, one bulkPut per table into a fresh database of the same schema',
    ),
    ratio(
      `pull through a unit ÷ bulkPut${suffix}`,
      unit.map((r) => r.totalMs / r.baseline.dexieMs),
      `per run; the issue's target is ≤ ${PULL_RATIO_TARGET}×`,
    ),
    ratio(
      `pull through a unit ÷ personal pull${suffix}`,
      pairedRatios(
        unit.map((r) => r.totalMs),
        personal.map((r) => r.totalMs),
      ),
      'per run, against the personal pull run just before it',
    ),
  ]
}

function browserRows(push: readonly BrowserRun[], pull: readonly BrowserRun[], suffix: string): Row[] {
  const pushed = count(push[0]?.records ?? 0)
  const pulled = count(pull[0]?.records ?? 0)
  const rows: Row[] = []
  if (push.length > 0) {
    rows.push(
      timed(
        `push ${pushed}: signed in → outbox empty${suffix}`,
        push.map((r) => r.pushMs),
        `the login answer received → the app's first pull request starts; ${push[0]!.pushRequests} push requests`,
      ),
      timed(
        `… push requests${suffix}`,
        push.map((r) => r.pushRequestMs),
        'sum of request start → response end (network, server): the rest is the phone',
      ),
      timed(
        `push ${pushed}: whole sync${suffix}`,
        push.map((r) => r.totalMs),
        `login answer → 我的's 同步中 line gone for good (it then pulls its ${pushed} records back; a run the scheduler queued meanwhile, with nothing to do, is included)`,
      ),
      timed(
        `Dexie bulkPut of the same ${pushed}${suffix}`,
        push.map((r) => r.baseline.dexieMs),
        'the rows read back after the sync, one bulkPut per table into a fresh database of the same schema',
      ),
      timed(
        `raw IndexedDB put() of the same ${pushed}${suffix}`,
        push.map((r) => r.baseline.rawMs),
        'one readwrite transaction per table, put() of each row, into another fresh database',
      ),
      ratio(
        `push ÷ bulkPut${suffix}`,
        push.map((r) => r.pushMs / r.baseline.dexieMs),
        'per run',
      ),
    )
  }
  if (pull.length > 0) {
    rows.push(
      timed(
        `pull ${pulled} to a fresh phone${suffix}`,
        pull.map((r) => r.totalMs),
        'the login answer received → 同步中 gone for good (includes the short second run, with nothing left to pull, that the app queues when its change listener hears of the records)',
      ),
      timed(
        `… first pull request → done${suffix}`,
        pull.map((r) => r.pullMs),
        `${pull[0]!.pullRequests} pull requests`,
      ),
      timed(
        `… pull requests${suffix}`,
        pull.map((r) => r.pullRequestMs),
        'sum of request start → response end (network, server, gzip): the rest is the phone',
      ),
      timed(
        `Dexie bulkPut of the same ${pulled}${suffix}`,
        pull.map((r) => r.baseline.dexieMs),
        'the pulled rows read back, one bulkPut per table into a fresh database of the same schema',
      ),
      timed(
        `raw IndexedDB put() of the same ${pulled}${suffix}`,
        pull.map((r) => r.baseline.rawMs),
        'one readwrite transaction per table, put() of each row',
      ),
      ratio(
        `pull ÷ bulkPut${suffix}`,
        pull.map((r) => r.totalMs / r.baseline.dexieMs),
        `per run; the issue's target is ≤ ${PULL_RATIO_TARGET}×`,
      ),
    )
  }
  return rows
}

function verdicts(results: SyncResults): string[] {
  const lines: string[] = []
  const { node, browser } = results
  const pullRatio = (runs: readonly BrowserRun[]): Summary => summarize(runs.map((r) => r.totalMs / r.baseline.dexieMs))
  const judge = (s: Summary): string => {
    if (s.p95 <= PULL_RATIO_TARGET) return `**meets** the ≤ ${PULL_RATIO_TARGET}× target in every run`
    if (s.median <= PULL_RATIO_TARGET)
      return `**meets** the ≤ ${PULL_RATIO_TARGET}× target at the median, not in its slowest run`
    return `**misses** the ≤ ${PULL_RATIO_TARGET}× target`
  }
  for (const [runs, label] of [
    [browser.pull, 'Chromium'],
    [browser.throttledPull, `Chromium, CPU ${results.options.throttle}×`],
  ] as const) {
    if (runs.length === 0) continue
    const s = pullRatio(runs)
    lines.push(
      `- Pull of ${count(runs[0]!.records)} records to a fresh phone, ${label}: ${formatMs(summarize(runs.map((r) => r.totalMs)).median)} median, ${s.median.toFixed(2)}× the plain bulkPut (slowest run ${s.p95.toFixed(2)}×): ${judge(s)}.`,
    )
  }
  const ownership = node.unitRecords
    ? ` (${count(node.unitRecords.unit)} the unit's own sessions, ${count(node.unitRecords.shared)} other members' records shared with the unit)`
    : ''
  for (const [runs, personal, label] of [
    [browser.unitPull ?? [], browser.pull, 'Chromium'],
    [browser.throttledUnitPull ?? [], browser.throttledPull, `Chromium, CPU ${results.options.throttle}×`],
  ] as const) {
    if (runs.length === 0) continue
    const s = pullRatio(runs)
    const against = summarize(
      pairedRatios(
        runs.map((r) => r.totalMs),
        personal.map((r) => r.totalMs),
      ),
    )
    lines.push(
      `- Pull of ${count(runs[0]!.records)} records visible through units${ownership} to a fresh phone, ${label}: ${formatMs(summarize(runs.map((r) => r.totalMs)).median)} median, ${s.median.toFixed(2)}× the plain bulkPut of the same rows (slowest run ${s.p95.toFixed(2)}×): ${judge(s)}; ${against.median.toFixed(2)}× the personal pull of the same run (run by run).`,
    )
  }
  if (node.pull.length > 0) {
    const s = summarize(node.pull.map((r) => r.run.totalMs / r.bulkPutMs))
    const device = summarize(node.pull.map((r) => (r.run.totalMs - r.run.pullServerMs) / r.bulkPutMs))
    lines.push(
      `- The same in Node (fake-indexeddb, the server in the same thread): ${s.median.toFixed(2)}× (slowest run ${s.p95.toFixed(2)}×), ${judge(s)}; the device side alone, without the server's time, ${device.median.toFixed(2)}×.`,
    )
  }
  if (node.unitPull && node.unitPull.length > 0) {
    const s = summarize(node.unitPull.map((r) => r.run.totalMs / r.bulkPutMs))
    const device = summarize(node.unitPull.map((r) => (r.run.totalMs - r.run.pullServerMs) / r.bulkPutMs))
    const server = summarize(
      pairedRatios(
        node.unitPull.map((r) => r.run.pullServerMs),
        node.pull.map((r) => r.run.pullServerMs),
      ),
    )
    lines.push(
      `- Through a unit in Node: ${s.median.toFixed(2)}× (slowest run ${s.p95.toFixed(2)}×), ${judge(s)}; the device side alone ${device.median.toFixed(2)}×; the server's time for its pull requests ${server.median.toFixed(2)}× that of the personal pull.`,
    )
  }
  if (browser.push.length > 0) {
    const s = summarize(browser.push.map((r) => r.pushMs / r.baseline.dexieMs))
    const requests = summarize(browser.push.map((r) => r.pushRequestMs / r.pushMs))
    const throttled =
      browser.throttledPush.length > 0
        ? ` (CPU ${results.options.throttle}×: ${summarize(browser.throttledPush.map((r) => r.pushMs / r.baseline.dexieMs)).median.toFixed(1)}×)`
        : ''
    lines.push(
      `- Push of ${count(browser.push[0]!.records)} in Chromium: ${s.median.toFixed(1)}× the bulkPut of the same rows${throttled}; the requests (network + server) are ${Math.round(requests.median * 100)}% of it, the phone's own work (IndexedDB and the engine's JavaScript) the rest. A batch's answer is laid down in one transaction of a few requests whatever its size (accepted entries deleted by ranges of sequence numbers, what the server confirmed noted in one row, the records' 未同步 marks left to the pull that follows), while the next batch's request is out (src/app/sync/local-sync.ts, applyPushResults); the issue's target is ≤ 2.5×.`,
    )
  }
  return lines
}

function wireFinding(server: ServerResults): string {
  const all = server.wire.find((w) => w.table === 'all')
  if (!all) return ''
  const per = (bytes: number): string => `${Math.round(bytes / Math.max(1, all.records)).toLocaleString('en-US')} B`
  return `- A pull answer carries ${per(all.rawBytes)} of JSON per record (${(all.rawBytes / all.fieldsBytes).toFixed(2)}× the record's own fields) and ${per(all.gzipBytes)} gzip-compressed, as the browser receives it. The generated text is drawn from a phrase bank, so it compresses better than what people type: expect real records to compress less than these ${(all.rawBytes / all.gzipBytes).toFixed(0)}×.\n`
}

function observedWire(browser: BrowserSyncResults): string {
  const run = browser.pull[0]
  if (!run) return ''
  const encoded = summarize(browser.pull.map((r) => r.pullEncodedBytes / r.records)).median
  const decoded = summarize(browser.pull.map((r) => r.pullDecodedBytes / r.records)).median
  return `In Chromium's own pulls of ${count(run.records)} records (Resource Timing of the app's requests): ${Math.round(encoded).toLocaleString('en-US')} B per record over the wire, ${Math.round(decoded).toLocaleString('en-US')} B once decoded.`
}

export function renderSyncSection(results: SyncResults): string {
  const { machine: m, options: o, node, browser, server } = results
  const rows = [
    ...browserRows(browser.push, browser.pull, ''),
    ...unitBrowserRows(browser.unitPull ?? [], browser.pull, ''),
    ...browserRows(browser.throttledPush, browser.throttledPull, ` (CPU ${o.throttle}×)`),
    ...unitBrowserRows(browser.throttledUnitPull ?? [], browser.throttledPull, ` (CPU ${o.throttle}×)`),
  ]
  const unitData = node.unitRecords
    ? ` Pull through a unit: an account that owns nothing and is a plain member of a 中心组 (under a 局党委, with a secretary, four other members and a reviewer of the 局党委) reads the same generated records, seed for seed: the study sessions of a collective kind (${count(node.unitRecords.unit)}) as the unit's own, pushed by its secretary with \`unitId\`; the other sessions and every note and visit (${count(node.unitRecords.shared)}) as personal records of the four members, each pushed as a create and a \`share\` with the unit, as the app sends them (test/bench/sync-units.ts). The organization is made through the server's admin endpoints, the records through the push endpoint, the reader added before them. Its pull runs alternate with the personal pull's.`
    : ''
  const body = `## Sync

Measured by \`npm run bench:sync\` (or as part of \`npm run bench\`; test/bench/sync-*.ts) on ${results.date}; the whole sync bench took ${(results.wallMs / 60_000).toFixed(1)} min. This section is replaced on its own, between two marker comments; the figures above it may come from another run.

- Machine: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGb.toFixed(1)} GB; ${m.os}; Node ${m.node}; Chromium ${m.chromium}
${m.loadAvg ? `- Load average (1 min) ${m.loadAvg.start[0]!.toFixed(2)} at the start, ${m.loadAvg.end[0]!.toFixed(2)} at the end. ` : '- '}**Two cores, shared:** other sessions were running their tests at the same time, and the server, the browser and the bench share the cores. Compare runs on the same machine only, and treat differences under about 20% as noise.

### How it is measured

- **Data:** test/fixtures/generate.ts (seed ${o.seed}). Push: ${count(o.pushCount)} records of the three types in turn. Pull: ${count(o.pullPerType)} of each type (${count(3 * o.pullPerType)}), loaded into the account through the push endpoint first.${unitData}
- **Node:** a device is a Dexie database on fake-indexeddb with the real RecordRepository and SyncEngine, calling the real Hono app in-process (its fetch) over a real SQLite file in a temporary directory (test/bench/sync-device.ts, like test/app/sync/support.ts's SimDevice plus a stopwatch per request). Push: records saved through RecordRepository.save before signing in, then one engine.run(). Pull: engine.run() on a signed-in empty device. ${o.runs} runs each, each on a fresh device (and, for push, a fresh account).
- **Chromium:** the built app served by the real server (test/e2e/support/server.ts), each run a new phone profile in a temporary directory (persistent context: IndexedDB on disk, as on a phone, not in memory as in the incognito contexts above), 390×844 @2×, zh-CN, the app's service worker active. Push: the ${count(o.pushCount)} records and their outbox entries are written into the app's own database in raw IndexedDB transactions, exactly as RecordRepository.save stores them (checked field by field against it in Node at the start of every run of the bench), then the person signs in on 登录 and the app syncs by itself. Pull: sign in on an empty phone. Nothing is added to the app: times come from what 我的 shows (the 同步中 line, \`sync-progress\`, watched by a MutationObserver) and from the Resource Timing entries of the app's own requests, all in the page's clock. The start is the login answer's responseEnd; the app then writes the account and starts syncing. ${o.runs} runs each; CPU ${o.throttle}× (\`Emulation.setCPUThrottlingRate\`, on the app's page and on the baseline's page): ${o.throttledRuns} runs each. The server runs in the bench's own Node process, on the same two cores.
- **Baseline:** the same rows (read back from the phone after the sync, not timed) written by a plain Dexie \`bulkPut\`, one call per table, into a fresh database of the app's schema (SCHEMA_VERSIONS), timed from the first call to the last commit. In Node on fake-indexeddb in the same process; in Chromium in a page of the same origin that does not run the app (the app's tab is closed first), with Dexie ${browser.push[0]?.baseline.dexie ?? browser.pull[0]?.baseline.dexie ?? ''} (the app's own version) loaded from node_modules as a script tag, under the same throttling. Chromium also shows a raw IndexedDB put() of each row, one transaction per table. Ratios are taken per run, then summarized.
- **Server:** see its own part below (mutations per second on SQLite and PostgreSQL, many devices over HTTP, bytes on the wire).

### Figures

Chromium:

${table(rows)}

Node:

${table([...nodeRows(node), ...unitNodeRows(node)])}

${observedWire(browser)}

### Findings

${verdicts(results).join('\n')}
${wireFinding(server)}
${renderServerPart(server)}`
  return `${SYNC_START}\n${body}${SYNC_END}\n`
}

/** `doc` with its sync section replaced by `section` (or, when it has none yet, with `section` appended). */
export function withSyncSection(doc: string, section: string): string {
  const start = doc.indexOf(SYNC_START)
  const end = doc.indexOf(SYNC_END)
  if (start >= 0 && end > start)
    return doc.slice(0, start) + section + doc.slice(end + SYNC_END.length).replace(/^\n/, '')
  return `${doc.replace(/\n*$/, '\n')}\n${section}`
}

/**
 * `doc` with the server part of its sync section replaced by `part` (npm run bench -- --only server); a doc without
 * a sync section gets one holding only that part.
 */
export function withServerPart(doc: string, part: string): string {
  const section = syncSectionOf(doc)
  if (section === null)
    return withSyncSection(
      doc,
      `${SYNC_START}\n## Sync\n\nOnly the server part has been measured yet (\`npm run bench:sync\` measures the rest).\n\n${part}${SYNC_END}\n`,
    )
  return withSyncSection(doc, replaceServerPart(section, part, SYNC_END))
}

/** The sync section of `doc`, markers included, or null. */
export function syncSectionOf(doc: string): string | null {
  const start = doc.indexOf(SYNC_START)
  const end = doc.indexOf(SYNC_END)
  return start >= 0 && end > start ? `${doc.slice(start, end + SYNC_END.length)}\n` : null
}

/**
 * The server part of the Sync section of docs/benchmarks.md: mutations per second on SQLite and PostgreSQL, bytes
 * on the wire, and many devices over HTTP. It lives between its own two marker comments inside the Sync section,
 * so `npm run bench -- --only server` can replace it alone; it states its own date, machine and load.
 */
import { formatMs, summarize } from './stats'
import { loadLabel, type LoadPhase, type LoadResults, type LoadRun } from './sync-load'
import { IDLE } from './profile-summary'
import {
  UNIT_MEMBERS,
  UNIT_READERS,
  type BackendThroughput,
  type ServerResults,
  type ThroughputScenario,
  type WireBytes,
} from './sync-server'

export const SERVER_START =
  '<!-- sync-server:start: written by test/bench/sync-server-report.ts; `npm run bench -- --only server` replaces this part alone -->'
export const SERVER_END = '<!-- sync-server:end -->'

/** The issue's targets: mutations applied per second by the server, and the p99 latency of many devices at once. */
export const MUTATIONS_TARGET = 5000
export const P99_TARGET_MS = 250

const count = (n: number): string => Math.round(n).toLocaleString('en-US')
const rate = (n: number): string => `${count(n)}/s`
const share = (part: number, whole: number): string => `${Math.round((100 * part) / whole)}%`
const ms = (n: number): string => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : '—')

function perSecond(
  runs: BackendThroughput['throughput'][number]['runs'],
): { median: number; slowest: number; cpu: number } | null {
  if (runs.length === 0) return null
  const wall = summarize(runs.map((r) => r.perSecond))
  const cpu = summarize(runs.map((r) => r.mutations / (r.cpuMs / 1000)))
  return { median: wall.median, slowest: wall.min, cpu: cpu.median }
}

function throughputTables(server: ServerResults): string {
  const backends = server.throughput
  const header = `| Scenario | ${backends.map((b) => loadLabel(b.backend)).join(' | ')} |\n| --- |${backends.map(() => ' ---: |').join('')}`
  const scenarios: ThroughputScenario[] = backends[0]?.throughput.map((t) => t.scenario) ?? []
  const wall = scenarios.map(
    (scenario, i) =>
      `| ${scenario.label} | ${backends
        .map((b) => {
          const s = perSecond(b.throughput[i]!.runs)
          return s ? `**${rate(s.median)}** (slowest run ${rate(s.slowest)})` : '—'
        })
        .join(' | ')} |`,
  )
  const cpu = scenarios.map(
    (scenario, i) =>
      `| ${scenario.label} | ${backends
        .map((b) => {
          const s = perSecond(b.throughput[i]!.runs)
          return s ? rate(s.cpu) : '—'
        })
        .join(' | ')} |`,
  )
  return `Median of ${server.runs} runs (the slowest run in brackets), mutations applied per second of wall time:\n\n${header}\n${wall.join('\n')}\n\nThe same per CPU second of the bench's Node process (the server's JavaScript, and SQLite inside it; PostgreSQL's own processes are not counted):\n\n${header}\n${cpu.join('\n')}`
}

function throughputVerdict(server: ServerResults): string[] {
  const lines: string[] = []
  for (const backend of server.throughput) {
    const rows = backend.throughput
      .map((t) => ({ scenario: t.scenario, s: perSecond(t.runs) }))
      .filter((r): r is { scenario: ThroughputScenario; s: NonNullable<ReturnType<typeof perSecond>> } => r.s !== null)
    if (rows.length === 0) continue
    const missed = rows.filter((r) => r.s.median < MUTATIONS_TARGET)
    const lowest = Math.min(...rows.map((r) => r.s.median))
    const highest = Math.max(...rows.map((r) => r.s.median))
    const label = loadLabel(backend.backend)
    if (missed.length === 0) {
      lines.push(
        `- ${label}: ${rate(lowest)}–${rate(highest)} at the median: **meets** the ≥ ${count(MUTATIONS_TARGET)} mutations/s target in every scenario.`,
      )
    } else {
      const which = missed.map((r) => `${r.scenario.label} (${rate(r.s.median)})`).join(', ')
      const hasUpdates = missed.some((r) => r.scenario.op === 'update')
      const hasCreates = missed.some((r) => r.scenario.op === 'create')
      let why = ''
      if (backend.backend.engine === 'postgres' && hasUpdates && !hasCreates) {
        why =
          " A push writes its new records in multi-row inserts, but each record it changes is one UPDATE statement: on PostgreSQL a round trip each, 200 per push, while the push holds its account's row lock — which is why several devices of one account are slowest (their pushes queue on that lock) and several accounts do better."
      } else if (backend.backend.engine === 'postgres') {
        why =
          " On PostgreSQL every statement is a round trip to the database (about ten per push, and one per changed record), and the Node process, the two pools' connections and PostgreSQL share two cores."
      }
      lines.push(
        `- ${label}: ${rate(lowest)}–${rate(highest)} at the median: **misses** the ≥ ${count(MUTATIONS_TARGET)} mutations/s target in ${which}; meets it in the other ${rows.length - missed.length} of ${rows.length} scenarios.${why}`,
      )
    }
  }
  return lines
}

/**
 * What the unit scenarios cost against the personal scenario of the same run they name: the permission checks (the
 * access index, the record looked up through the pusher's view) and each change written to UNIT_READERS views
 * instead of one.
 */
function fanOutVerdict(server: ServerResults): string[] {
  const lines: string[] = []
  for (const backend of server.throughput) {
    const of = (label: string) => perSecond(backend.throughput.find((t) => t.scenario.label === label)?.runs ?? [])
    const parts: string[] = []
    for (const { scenario, runs } of backend.throughput) {
      if (!scenario.baseline) continue
      const unit = perSecond(runs)
      const base = of(scenario.baseline)
      if (!unit || !base) continue
      // Extra time per mutation, spread over the extra view rows it writes (one per reader but the pusher's own).
      const extraUs = (1 / unit.median - 1 / base.median) * 1e6
      parts.push(
        `${scenario.label}: ${rate(unit.median)} against ${rate(base.median)} for ${scenario.baseline} (${(unit.median / base.median).toFixed(2)}×; ${extraUs >= 0 ? `${Math.round(extraUs)} µs more per mutation, about ${(extraUs / (UNIT_READERS - 1)).toFixed(1)} µs per extra view row` : `${Math.round(-extraUs)} µs less per mutation`})`,
      )
    }
    if (parts.length > 0)
      lines.push(
        `- ${loadLabel(backend.backend)}, with the permission checks and each change written to the views of the unit's ${UNIT_READERS} readers: ${parts.join('; ')}.`,
      )
  }
  return lines
}

function bytesPer(bytes: number, records: number): string {
  return `${Math.round(bytes / Math.max(1, records)).toLocaleString('en-US')} B`
}

function wireTable(wire: readonly WireBytes[]): string {
  const lines = [
    '| Records | Pull body, JSON | Pull body, gzip | Record fields as JSON | RecordState as JSON | JSON body ÷ fields | gzip ÷ fields |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const w of wire) {
    const label = w.table === 'all' ? `**all ${count(w.records)}**` : `${count(w.records)} ${w.table}`
    lines.push(
      `| ${label} | ${bytesPer(w.rawBytes, w.records)} | ${bytesPer(w.gzipBytes, w.records)} | ${bytesPer(w.fieldsBytes, w.records)} | ${bytesPer(w.stateBytes, w.records)} | ${(w.rawBytes / w.fieldsBytes).toFixed(2)} | ${(w.gzipBytes / w.fieldsBytes).toFixed(3)} |`,
    )
  }
  return lines.join('\n')
}

function errorsOf(run: LoadRun): number {
  return Object.values(run.errors).reduce((sum, n) => sum + n, 0)
}

function errorText(run: LoadRun): string {
  const total = errorsOf(run)
  if (total === 0) return '0'
  return `${count(total)} (${Object.entries(run.errors)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind}: ${count(n)}`)
    .join(', ')})`
}

const requestsOf = (run: LoadRun): number => run.push.count + run.pull.count
const serverCpuMs = (run: LoadRun): number => run.servers.reduce((sum, s) => sum + s.cpuUserMs + s.cpuSystemMs, 0)
/** CPU ms over wall ms: 1.0 is one core busy all the time. */
const cores = (cpuMs: number, wallMs: number): string => `${(cpuMs / wallMs).toFixed(2)}`
const each = <T>(run: LoadRun, pick: (s: LoadRun['servers'][number]) => T, format: (value: T) => string): string =>
  run.servers.map((s) => format(pick(s))).join(' / ')

function phaseLabel(run: LoadRun): string {
  if (run.phase === 'busy' && run.pauseMs) return `busy (pause ${run.pauseMs.min / 1000}–${run.pauseMs.max / 1000} s)`
  return run.phase
}

function loadTables(load: readonly LoadResults[]): string {
  const rows = load.flatMap((l) => l.runs.map((run) => ({ label: loadLabel(l.backend), run })))
  const latency = [
    '| Database | Phase | Requests | Requests/s | p50 | p95 | p99 | Max | Failed |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      ({ label, run }) =>
        `| ${label} | ${phaseLabel(run)} | ${count(requestsOf(run))} | ${count(requestsOf(run) / (run.wallMs / 1000))} | ${ms(run.all.p50)} | ${ms(run.all.p95)} | ${ms(run.all.p99)} | ${ms(run.all.max)} | ${errorText(run)} |`,
    ),
  ]
  const split = [
    '| Database | Phase | Push p50 | Push p95 | Push p99 | Push max | Pull p50 | Pull p95 | Pull p99 | Pull max | Syncs | Mutations (applied, merged, conflict) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ label, run }) =>
        `| ${label} | ${phaseLabel(run)} | ${ms(run.push.p50)} | ${ms(run.push.p95)} | ${ms(run.push.p99)} | ${ms(run.push.max)} | ${ms(run.pull.p50)} | ${ms(run.pull.p95)} | ${ms(run.pull.p99)} | ${ms(run.pull.max)} | ${count(run.cycles)} | ${count(run.mutations)} (${count(run.statuses.applied ?? 0)}, ${count(run.statuses.merged ?? 0)}, ${count(run.statuses.conflict ?? 0)}) |`,
    ),
  ]
  const cpu = [
    "| Database | Phase | Server CPU (cores) | Server CPU per request (all its processes) | Server's own time per request, p50 / p99 | Server event-loop delay, p99 / max | PostgreSQL CPU (cores) | Generator CPU (cores) | Generator event-loop delay, p99 / max |",
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ label, run }) =>
        `| ${label} | ${phaseLabel(run)} | ${each(
          run,
          (s) => s.cpuUserMs + s.cpuSystemMs,
          (v) => cores(v, run.wallMs),
        )} | ${ms(serverCpuMs(run) / requestsOf(run))} | ${each(
          run,
          (s) => s.serverSide,
          (v) => `${ms(v.p50)}, ${ms(v.p99)}`,
        )} | ${each(
          run,
          (s) => s.loopDelay,
          (v) => `${ms(v.p99)}, ${ms(v.max)}`,
        )} | ${run.postgresCpuMs === null ? '—' : cores(run.postgresCpuMs, run.wallMs)} | ${cores(run.generator.cpuMs, run.wallMs)} | ${ms(run.generator.loopDelayP99)}, ${ms(run.generator.loopDelayMax)} |`,
    ),
  ]
  return `All requests, push and pull together (failed ones included):\n\n${latency.join('\n')}\n\nPush and pull apart:\n\n${split.join('\n')}\n\nWhere the CPU went (cores: CPU time ÷ the phase's wall time, 1.00 = one core busy throughout; with two instances, one figure per server process). The event-loop delay is how late a 10 ms timer fired: how long the loop was busy without a break.\n\n${cpu.join('\n')}`
}

/** Shares of the flat-out phase's profile, per backend, the largest categories first. */
function profileTable(load: readonly LoadResults[], phase: LoadPhase): string {
  const profiled = load
    .map((l) => ({ label: loadLabel(l.backend), profile: l.runs.find((r) => r.phase === phase)?.profile ?? null }))
    .filter((p) => p.profile !== null)
  if (profiled.length === 0) return ''
  const shares = new Map<string, number[]>()
  profiled.forEach(({ profile }, i) => {
    for (const { category, ms: spent } of profile!.categories) {
      const row = shares.get(category) ?? profiled.map(() => 0)
      row[i] = spent / profile!.totalMs
      shares.set(category, row)
    }
  })
  const sorted = [...shares].sort((a, b) => Math.max(...b[1]) - Math.max(...a[1]))
  const lines = [
    `| Main thread, ${phase} phase | ${profiled.map((p) => p.label).join(' | ')} |`,
    `| --- |${profiled.map(() => ' ---: |').join('')}`,
  ]
  for (const [category, row] of sorted) {
    if (Math.max(...row) < 0.005) continue
    lines.push(`| ${category} | ${row.map((x) => `${(100 * x).toFixed(1)}%`).join(' | ')} |`)
  }
  return lines.join('\n')
}

function topCategories(run: LoadRun, n: number): string {
  if (!run.profile) return ''
  return run.profile.categories
    .filter((c) => c.category !== IDLE)
    .slice(0, n)
    .map((c) => `${c.category} ${share(c.ms, run.profile!.totalMs)}`)
    .join(', ')
}

/** Why the flat-out phase misses the target: the queue, and what limited the server's pace. */
function flatOutExplained(l: LoadResults, flat: LoadRun): string {
  const answered = requestsOf(flat) / (flat.wallMs / 1000)
  const perRequest = serverCpuMs(flat) / requestsOf(flat)
  const idle = flat.profile?.categories.find((c) => c.category === IDLE)
  const idleShare = idle && flat.profile ? idle.ms / flat.profile.totalMs : null
  const total = (serverCpuMs(flat) + (flat.postgresCpuMs ?? 0) + flat.generator.cpuMs) / flat.wallMs
  const isTwo = l.backend.instances === 2
  const cpu = `${isTwo ? 'the two server processes together spent' : 'the server spent'} ${ms(perRequest)} of CPU per request${flat.postgresCpuMs === null ? '' : `, PostgreSQL ${ms(flat.postgresCpuMs / requestsOf(flat))}`}`
  const limit =
    total > 1.75
      ? `there is no spare CPU: the server${isTwo ? 's' : ''}${flat.postgresCpuMs === null ? '' : ', PostgreSQL'} and the load generator used ${total.toFixed(2)} of the 2 cores together`
      : `the server's one JavaScript thread is the limit: it was idle only ${idleShare === null ? '?' : share(idleShare, 1)} of the phase (its event loop late by ${each(flat, (s) => s.loopDelay.p99, ms)} at p99), while all the processes together used ${total.toFixed(2)} of the 2 cores`
  const needed = (2 * l.devices) / (P99_TARGET_MS / 1000)
  return `Where the time goes, flat out: every device always has a request in flight, so each waits behind the others' — Little's law: ${count(l.devices)} in flight ÷ ${count(answered)} answered a second ≈ ${ms((l.devices / answered) * 1000)} each (the mean observed: ${ms(flat.all.mean)}). The requests themselves are cheap (${cpu}), but ${limit}. Answering ${count(l.devices)} devices flat out within ${P99_TARGET_MS} ms would take about ${count(needed)} requests a second, ${(needed / answered).toFixed(1)}× this. The server's main thread spent the phase on: ${topCategories(flat, 6)}.`
}

function judge(p99: number): string {
  return p99 <= P99_TARGET_MS
    ? `**meets** the p99 ≤ ${P99_TARGET_MS} ms target`
    : `**misses** the p99 ≤ ${P99_TARGET_MS} ms target`
}

function loadVerdicts(load: readonly LoadResults[]): string[] {
  const lines: string[] = []
  for (const l of load) {
    const label = loadLabel(l.backend)
    const run = (phase: LoadPhase): LoadRun | undefined => l.runs.find((r) => r.phase === phase)
    const busy = run('busy')
    const burst = run('burst')
    const flat = run('flat out')
    const parts: string[] = []
    if (busy)
      parts.push(
        `busy: p99 ${ms(busy.all.p99)} (push ${ms(busy.push.p99)}, pull ${ms(busy.pull.p99)}), ${judge(busy.all.p99)}`,
      )
    if (burst)
      parts.push(
        `burst: p99 ${ms(burst.all.p99)}, ${judge(burst.all.p99)}; the last of the ${count(l.devices)} devices had both answers ${formatMs(burst.wallMs)} after they all started`,
      )
    if (flat)
      parts.push(
        `flat out: ${count(requestsOf(flat) / (flat.wallMs / 1000))} requests/s, p50 ${ms(flat.all.p50)}, p99 ${ms(flat.all.p99)}, ${judge(flat.all.p99)}`,
      )
    const failed = l.runs.reduce((sum, r) => sum + errorsOf(r), 0)
    lines.push(
      `- ${label}: ${parts.join('; ')}. ${failed === 0 ? 'No request failed.' : `${count(failed)} requests failed (see the table).`}`,
    )
    if (flat && flat.all.p99 > P99_TARGET_MS) lines.push(`  ${flatOutExplained(l, flat)}`)
    if (burst && burst.all.p99 > P99_TARGET_MS) {
      const connections = burst.servers.reduce((sum, s) => sum + s.firstRequestAfterConnect.connections, 0)
      const needed = requestsOf(burst) / (P99_TARGET_MS / 1000)
      lines.push(
        `  The burst is the same queue all at once: ${count(requestsOf(burst))} requests arriving together (on ${count(connections)} new connections), answered at the server's pace of ${count(requestsOf(burst) / (burst.wallMs / 1000))} a second, so the last wait for nearly all the others; the server's own time per request reached ${each(burst, (s) => s.serverSide.p99, ms)} at p99, almost all of it waiting its turn. Answering all of them within ${P99_TARGET_MS} ms would take about ${count(needed)} requests a second.`,
      )
    }
  }
  const runs = load.flatMap((l) => l.runs)
  if (runs.length > 0) {
    const generatorMax = Math.max(...runs.map((r) => r.generator.cpuMs / r.wallMs))
    const loopOf = (phase: LoadPhase): number =>
      Math.max(...runs.filter((r) => r.phase === phase).map((r) => r.generator.loopDelayP99))
    const idleShares = runs
      .filter((r) => r.phase === 'flat out' && r.profile)
      .map((r) => (r.profile!.categories.find((c) => c.category === IDLE)?.ms ?? 0) / r.profile!.totalMs)
    lines.push(
      `- The load generator kept up: it used at most ${generatorMax.toFixed(2)} of a core, and its event loop was late by at most ${ms(loopOf('busy'))} at p99 in the busy phase${Number.isFinite(loopOf('flat out')) ? ` and ${ms(loopOf('flat out'))} flat out, where answers arrive in heaps (that much of a flat-out latency may be the generator's)` : ''}.${idleShares.length > 0 ? ` Flat out it is the server${idleShares.length > 1 ? 's' : ''} that had no time to spare: main thread${idleShares.length > 1 ? 's' : ''} idle at most ${share(Math.max(...idleShares), 1)} of the phase.` : ''} It shares the two cores with the servers${load.some((l) => l.backend.engine === 'postgres') ? ' and PostgreSQL' : ''}, as do other sessions on this machine.`,
    )
  }
  return lines
}

function machineLines(server: ServerResults): string {
  const m = server.machine
  const pg =
    'url' in server.postgres
      ? `PostgreSQL ${server.postgres.version} at ${server.postgres.url}${/@(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(server.postgres.url) ? ', on this machine' : ''}`
      : server.postgres.skipped
  const load = m.loadAvg
    ? `Load average (1 min) ${m.loadAvg.start[0]!.toFixed(2)} at the start, ${m.loadAvg.end[0]!.toFixed(2)} at the end, on ${m.cores} cores. `
    : ''
  return `- Machine: ${m.cpu}, ${m.cores} cores; memory ${m.memoryGb.toFixed(1)} GB; ${m.os}; Node ${m.node}; ${pg}.
- ${load}**Shared:** other sessions ran their tests on the machine meanwhile, and the server processes, PostgreSQL and the load generator all run on the same ${m.cores} cores. Compare runs on the same machine only; treat differences under about 20% as noise.`
}

export function renderServerPart(server: ServerResults): string {
  const load = server.load
  const settings = server.loadSettings
  const devices = settings?.devices ?? 0
  const loadMethod = settings
    ? `- **${count(devices)} devices over HTTP:** the real server started as in production (\`src/server/main.ts\`: @hono/node-server's \`serve()\`, LOG_LEVEL=info, a log line per request written to a file) in a process of its own on a free port of 127.0.0.1; for PostgreSQL with two instances, two such processes on two ports on one database, the devices split between them (test/bench/sync-load.ts). ${count(settings.accounts)} accounts with ${devices / settings.accounts === 2 ? 'two devices each' : `${(devices / settings.accounts).toFixed(1)} devices each`}, every device signed in with its own token; each account holds 30 records before the start. A device's sync: push 1–5 mutations (half of them new records drawn from test/fixtures/generate.ts, half edits of a text field and the tags of a record it has pulled), then pull after its cursor (limit 1,000, again while hasMore). Three phases on the same servers: **burst**: every device syncs once, all at the same instant, each on a new connection (as when the network comes back); **busy**: ${settings.seconds} s of syncs, each followed by a pause of ${settings.busyPauseMs.min / 1000}–${settings.busyPauseMs.max / 1000} s, the devices out of step — one sync every ${((settings.busyPauseMs.min + settings.busyPauseMs.max) / 2000).toFixed(0)} s or so per device, far more often than the app syncs (${'2 s after an edit, otherwise every 30 s'}); **flat out**: ${settings.seconds} s of syncs with no pause, every device at once: the server's capacity, and what a full queue does to latency. The generator (the bench's own process) sends with ${settings.client === 'http' ? "node:http and a keep-alive agent (one connection per device in flight); it asks for gzip and decodes it, as the browser does (Node's fetch, `--load-client fetch`, spent about 2.5× the CPU per request)" : "Node's fetch (undici, keep-alive)"}. Each request is timed from the call to its last byte; failures (a status outside 2xx, a network error, no answer within ${settings.requestTimeoutMs / 1000} s) are counted by kind and their time is in the latencies. Each server process has test/bench/server-probe.ts preloaded (\`--import\`; nothing is added to the server's code), which reports over each phase its CPU time, its event-loop delay, its own time per request (headers parsed → last byte handed to the socket) and, over the flat-out phase only (the profiler costs the server some 5–10% more CPU per request), a CPU profile of its main thread (node:inspector, sampled every 1 ms), summarized by test/bench/profile-summary.ts; PostgreSQL's CPU is read from /proc for the backends serving the bench's database.`
    : '- The many-devices load was not run (`--load-seconds 0`).'
  const backends = server.throughput.map((b) => loadLabel(b.backend)).join(', ')
  const body = `### Server

Measured on ${server.date} by \`npm run bench:sync\`, or this part alone by \`npm run bench -- --only server\` (test/bench/sync-server.ts, sync-load.ts); this part took ${(server.wallMs / 60_000).toFixed(1)} min.

${machineLines(server)}

#### How it is measured

- **Mutations per second:** pushes of 200 mutations straight through app.fetch (in-process, no socket: the Request, validation, the merge, the database), ${count(server.mutationsPerRun)} mutations per run, all of a scenario's devices sending at once (each one request at a time), ${server.runs} runs, on ${backends}. SQLite: a file in a temporary directory (WAL, synchronous=NORMAL). PostgreSQL: a database created for the run; with two instances, two app instances (each with its own pool of 10 connections) in the bench's one Node process, the devices alternating between them: this shows the per-account row lock and two pools at work, not a second core. Updates change a text field and the tags of records created beforehand (not timed). **Units:** the unit scenarios push into one 中心组 (made through the admin endpoints, under a 局党委) of ${count(UNIT_MEMBERS)} members — its secretary, three members it lets record, the rest plain members — and a reviewer of the 局党委, so each of its records, and each record shared with it, is in ${count(UNIT_READERS)} accounts' views: every change is checked against the pusher's rights (the access index) and written to ${count(UNIT_READERS)} views, where a personal record's goes to its owner's alone. Unit sessions are generated sessions of a collective kind pushed with \`unitId\` by the secretary (creates), or by the secretary and the three recorders, each updating sessions it created before the clock started (updates). Shared records are the members' own: a create and a \`share\` with the unit per record, two mutations, as the app sends them (creates), or updates of records they created and shared before (updates). Each is compared with the personal scenario of the same run it names.
${loadMethod}
- **Wire bytes:** one pull answer of 1,000 records of each type (SQLite), requested without and with \`Accept-Encoding: gzip\` (the browser always sends it; the server compresses only pull answers), against JSON.stringify of each record's fields and of each RecordState. Push bodies are not compressed: ${Math.round(server.pushBytesPerMutation).toLocaleString('en-US')} B per create mutation.

#### Mutations applied per second (target ≥ ${count(MUTATIONS_TARGET)}/s)

${throughputTables(server)}

${[...throughputVerdict(server), ...fanOutVerdict(server)].join('\n')}
${
  load.length > 0
    ? `
#### ${count(devices)} devices syncing at once, over HTTP on loopback (target p99 ≤ ${P99_TARGET_MS} ms)

${loadTables(load)}

${profileTable(load, 'flat out')}

${loadVerdicts(load).join('\n')}
`
    : ''
}
#### Bytes per record of a pull answer of 1,000 records

${wireTable(server.wire)}
`
  return `${SERVER_START}\n${body}${SERVER_END}\n`
}

/** `section` with its server part replaced by `part`, or `part` added before its end marker when it has none. */
export function replaceServerPart(section: string, part: string, endMarker: string): string {
  const start = section.indexOf(SERVER_START)
  const end = section.indexOf(SERVER_END)
  if (start >= 0 && end > start)
    return section.slice(0, start) + part + section.slice(end + SERVER_END.length).replace(/^\n/, '')
  const at = section.indexOf(endMarker)
  return at >= 0 ? `${section.slice(0, at)}${part}${section.slice(at)}` : `${section.replace(/\n*$/, '\n')}\n${part}`
}

/**
 * Many devices syncing at once against the real server over real HTTP on loopback. The server is started as it is
 * in production (src/server/main.ts: @hono/node-server's serve(), LOG_LEVEL info, its log written to a file), in a
 * process of its own, on a free port; for PostgreSQL with two instances, two such processes on two ports on one
 * database, the devices split between them. This process is only the load generator, and it reports its own CPU
 * use and event-loop delay, so a generator that cannot keep up shows. test/bench/server-probe.ts, preloaded into
 * each server, reports the server's CPU time, its event-loop delay, its own view of each request's time and
 * (optionally) a CPU profile, over exactly each timed window.
 *
 * A device: its own token (each device signs in), then sync cycles: push 1–5 mutations of realistic records
 * (test/fixtures/generate.ts; creates, and edits of records it has pulled), then pull after its cursor (limit 1000,
 * again while hasMore). Three phases on the same servers, one after the other:
 * - burst: every device runs one cycle, all at the same instant, each on a new connection (the network is back);
 * - busy: cycles for `seconds`, each followed by a pause drawn from `busyPauseMs` (the devices start out of step);
 * - flat out: cycles for `seconds` with no pause at all, every device at once: the server's capacity, and what
 *   the queue does to latency when it is full.
 * Every request is timed from the call to its body read; failed ones (status outside 2xx, network errors,
 * timeouts) are counted by kind, and their time counts in the latencies too.
 */
import type { ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { gunzipSync, inflateSync } from 'node:zlib'
import pg from 'pg'
import type { DatabaseEngine } from '../../src/server/db/open'
import type { SignInResponse } from '../../src/shared/accounts'
import { uuidv7 } from '../../src/shared/ids'
import { isRecordTable, RECORD_TABLES, type FieldsOf, type RecordTable } from '../../src/shared/records'
import { PROTOCOL_VERSION, type Mutation, type PullResponse, type PushResponse } from '../../src/shared/sync/protocol'
import { mulberry32, type Random } from '../fixtures/random'
import { staticDir } from '../server/harness'
import { freshTestDatabase, type TestDatabase } from '../server/test-database'
import { summarizeProfile, type ProfileSummary } from './profile-summary'
import { fieldsFor } from './seed'
import type { ProbeReport } from './server-probe'
import { spawnServer, stopServer } from './server-process'

const PASSWORD = 'a password of enough length'
const PULL_LIMIT = 1000
/** Generated records per type the devices draw their new records and their edits from. */
const POOL_PER_TYPE = 400
/** Of the mutations in a push, the share that creates a record; the rest edit one the device knows. */
const CREATE_SHARE = 0.5
/** Records each account holds before the timed part (pushed by its first device, pulled by all), so edits have targets. */
const PRELOAD_PER_ACCOUNT = 30
/** Requests in flight during the setup (sign-ins are argon2 verifications: a few at a time). */
const SETUP_CONCURRENCY = 8
/** After a failed request a device waits this long, plus up to as much again at random, before its next cycle. */
const RETRY_PAUSE_MS = 500
const UPDATED_TEXT: Record<RecordTable, string> = {
  studySessions: 'summary',
  readingNotes: 'reflection',
  visits: 'summary',
}

export type LoadClient = 'http' | 'fetch'
export type LoadPhase = 'burst' | 'busy' | 'flat out'
export const LOAD_PHASES: readonly LoadPhase[] = ['burst', 'busy', 'flat out']

export interface LoadBackend {
  engine: DatabaseEngine
  instances: 1 | 2
}

export interface LoadOptions {
  /** How the generator sends its requests: node:http with a keep-alive agent, or Node's fetch (undici). */
  client: LoadClient
  devices: number
  accounts: number
  /** Length of the busy and flat-out phases. */
  seconds: number
  /** The pause after each cycle in the busy phase, drawn evenly from [min, max]. */
  busyPauseMs: { min: number; max: number }
  requestTimeoutMs: number
  /** Take a CPU profile of each server process over the flat-out phase (the others run without the profiler). */
  profile: boolean
  /** Where to copy the profiles, the server logs and every request's timing; by default nothing is kept. */
  keepDir?: string
  seed: number
  endDate: string
  log: (line: string) => void
}

export interface LatencySummary {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

export interface GeneratorUse {
  cpuMs: number
  /** The generator's own event loop: how late a 10 ms timer fired (ms). A busy generator inflates latencies. */
  loopDelayP99: number
  loopDelayMax: number
}

export interface LoadRun {
  phase: LoadPhase
  /** The pause after each cycle, or null for none. */
  pauseMs: { min: number; max: number } | null
  /** First request of the phase → its last answer. */
  wallMs: number
  push: LatencySummary
  pull: LatencySummary
  all: LatencySummary
  cycles: number
  mutations: number
  /** Results of the pushed mutations by status (applied, merged, conflict, refused). */
  statuses: Record<string, number>
  /** Failed requests by kind: 'push HTTP 503', 'pull timeout', 'push ECONNRESET'… */
  errors: Record<string, number>
  generator: GeneratorUse
  /** One per server process, over the phase. */
  servers: ProbeReport[]
  /** CPU time of the PostgreSQL backends serving this database (from /proc), over the phase. */
  postgresCpuMs: number | null
  /** Where the server processes' main threads spent the phase (the instances together). */
  profile: ProfileSummary | null
}

export interface LoadResults {
  backend: LoadBackend
  client: LoadClient
  devices: number
  accounts: number
  seconds: number
  requestTimeoutMs: number
  /** Starting the servers, accounts, sign-ins, preloaded records. */
  setupMs: number
  runs: LoadRun[]
}

interface ServerProcess {
  child: ChildProcess
  origin: string
  probeFile: string
  logFile: string
}

interface KnownRecord {
  table: RecordTable
  rev: number
}

interface Device {
  deviceId: string
  token: string
  origin: string
  seq: number
  cursor: number
  known: Map<string, KnownRecord>
  /** A batch whose answer was lost: sent again, as the app does (pushes are idempotent). */
  unsent: Mutation[] | null
  rng: Random
}

interface Recorder {
  /** Every timed request: its kind, start (ms after the phase began), duration and outcome, for keepDir. */
  log: string[]
  t0: number
  push: number[]
  pull: number[]
  errors: Record<string, number>
  statuses: Record<string, number>
  cycles: number
  mutations: number
}

class RequestFailed extends Error {}

type Pool = Record<RecordTable, FieldsOf[RecordTable][]>

function summarizeLatency(samples: readonly number[]): LatencySummary {
  if (samples.length === 0)
    return { count: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN }
  const sorted = Float64Array.from(samples).sort()
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
  return {
    count: sorted.length,
    p50: rank(0.5),
    p95: rank(0.95),
    p99: rank(0.99),
    max: sorted[sorted.length - 1]!,
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  }
}

function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return 'error'
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout'
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code
  return typeof code === 'string' ? code : error.name
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Runs `work` over `items`, `limit` at a time. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        results[i] = await work(items[i]!, i)
      }
    }),
  )
  return results
}

// --- The client -------------------------------------------------------------------------------------------------

interface Answer {
  status: number
  text: string
}

interface Transport {
  post: (url: string, headers: Record<string, string>, payload: string, timeoutMs: number) => Promise<Answer>
  /** Closes the idle connections, so that the next requests open new ones. */
  reset: () => void
}

/**
 * node:http with a keep-alive agent (one connection per request in flight: one per device at most); it asks for
 * gzip, as browsers and fetch do, and decodes the answer.
 */
function httpTransport(): Transport {
  // Idle connections are closed after 4 s, before the server's 5 s keep-alive timeout does it, so a request never
  // goes out on a connection the server is closing at that moment.
  const newAgent = () =>
    new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, maxFreeSockets: 4096, timeout: 4000 })
  let agent = newAgent()
  return {
    reset: () => {
      agent.destroy()
      agent = newAgent()
    },
    post: (url, headers, payload, timeoutMs) =>
      new Promise((resolve, reject) => {
        const body = Buffer.from(payload)
        const request = http.request(url, {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': String(body.byteLength), 'accept-encoding': 'gzip, deflate' },
        })
        const timer = setTimeout(() => {
          const error = new Error(`no answer within ${timeoutMs} ms`)
          error.name = 'TimeoutError'
          request.destroy(error)
        }, timeoutMs)
        const fail = (error: Error) => {
          clearTimeout(timer)
          reject(error)
        }
        request.on('response', (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', fail)
          response.on('end', () => {
            clearTimeout(timer)
            const raw = Buffer.concat(chunks)
            const encoding = response.headers['content-encoding']
            try {
              const decoded = encoding === 'gzip' ? gunzipSync(raw) : encoding === 'deflate' ? inflateSync(raw) : raw
              resolve({ status: response.statusCode ?? 0, text: decoded.toString('utf8') })
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)))
            }
          })
        })
        request.on('error', fail)
        request.end(body)
      }),
  }
}

/** Node's fetch (undici: keep-alive; gzip asked for and decoded). Its connections cannot be closed from here. */
function fetchTransport(): Transport {
  return {
    reset: () => undefined,
    post: async (url, headers, payload, timeoutMs) => {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: payload,
        signal: AbortSignal.timeout(timeoutMs),
      })
      return { status: response.status, text: await response.text() }
    },
  }
}

/**
 * One timed POST. Its time goes into `into` whatever the outcome; a failure is counted in `recorder.errors` and
 * thrown as RequestFailed.
 */
async function post<T>(
  transport: Transport,
  url: string,
  token: string | null,
  body: unknown,
  timeoutMs: number,
  kind: string,
  into: number[] | null,
  recorder: Recorder | null,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const payload = JSON.stringify(body)
  const t0 = performance.now()
  let text = ''
  let status = 0
  let failure: string | null = null
  try {
    const answer = await transport.post(url, headers, payload, timeoutMs)
    status = answer.status
    text = answer.text
    if (status < 200 || status >= 300) failure = `HTTP ${status}`
  } catch (error) {
    failure = errorKind(error)
  }
  const ms = performance.now() - t0
  into?.push(ms)
  if (recorder) {
    recorder.log.push(`${kind},${(t0 - recorder.t0).toFixed(1)},${ms.toFixed(1)},${failure ?? status}`)
    if (failure) recorder.errors[`${kind} ${failure}`] = (recorder.errors[`${kind} ${failure}`] ?? 0) + 1
  }
  if (failure) throw new RequestFailed(`${kind} ${url}: ${failure} ${text.slice(0, 200)}`)
  return JSON.parse(text) as T
}

/** An untimed request (setup, warm-up): sent again, up to twice, after a network error. */
async function setupPost<T>(
  transport: Transport,
  url: string,
  token: string | null,
  body: unknown,
  timeoutMs: number,
  kind: string,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post<T>(transport, url, token, body, timeoutMs, kind, null, null)
    } catch (error) {
      if (attempt >= 3 || !(error instanceof RequestFailed) || / HTTP \d+ /.test(error.message)) throw error
      await sleep(100)
    }
  }
}

// --- The server processes -------------------------------------------------------------------------------------

async function startServer(
  name: string,
  dir: string,
  env: Record<string, string>,
  options: LoadOptions,
): Promise<ServerProcess> {
  const logFile = join(dir, `${name}.log`)
  const probeFile = join(dir, `${name}.probe.json`)
  const spawned = await spawnServer({
    name: `server ${name}`,
    nodeArgs: ['--import', resolve('test/bench/server-probe.ts')],
    env: { TRUST_PROXY: '', ...env, XSJ_PROBE_OUT: probeFile, XSJ_PROBE_TRACE: options.keepDir ? '1' : '0' },
    logFile,
  })
  return { ...spawned, probeFile, logFile }
}

/** Starts (first signal) or ends (second) the probe's window in every server; after the end, waits for their reports. */
async function signalProbes(servers: readonly ServerProcess[], isEnd: boolean): Promise<ProbeReport[]> {
  for (const s of servers) s.child.kill('SIGUSR2')
  if (!isEnd) {
    await sleep(200)
    return []
  }
  const deadline = Date.now() + 30_000
  for (;;) {
    // Each report appears whole (written aside, then renamed).
    if (servers.every((s) => existsSync(s.probeFile)))
      return servers.map((s) => JSON.parse(readFileSync(s.probeFile, 'utf8')) as ProbeReport)
    const failed = servers.find((s) => existsSync(`${s.probeFile}.error`))
    if (failed) throw new Error(`server probe failed: ${readFileSync(`${failed.probeFile}.error`, 'utf8')}`)
    if (Date.now() > deadline) throw new Error('the servers did not write their probe reports within 30 s')
    await sleep(100)
  }
}

// --- PostgreSQL backends' CPU time ------------------------------------------------------------------------------

/** USER_HZ, the unit of /proc/<pid>/stat's CPU times: 100 on Linux. */
const CLOCK_TICKS_PER_SECOND = 100

/** CPU ms so far of each process serving `database` (PostgreSQL on this machine only; an empty map otherwise). */
async function postgresCpu(adminUrl: string, database: string): Promise<Map<number, number>> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
      database,
    ])
    const cpu = new Map<number, number>()
    for (const { pid } of rows) {
      try {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
        cpu.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND)
      } catch {
        // Not on this machine, or gone.
      }
    }
    return cpu
  } finally {
    await client.end()
  }
}

function cpuBetween(before: Map<number, number>, after: Map<number, number>): number | null {
  if (after.size === 0) return null
  let total = 0
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0)
  return total
}

// --- The devices ----------------------------------------------------------------------------------------------

function poolOf(seed: number, endDate: string): Pool {
  const pool = {} as Pool
  for (const table of RECORD_TABLES) pool[table] = fieldsFor(table, POOL_PER_TYPE, seed, endDate)
  return pool
}

function pickOf<T>(rng: Random, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!
}

/** 1–5 mutations: new records, and edits (a text field and the tags) of records the device knows. */
function nextMutations(device: Device, pool: Pool): Mutation[] {
  const count = 1 + Math.floor(device.rng() * 5)
  const at = new Date().toISOString()
  const ids = [...device.known.keys()]
  const mutations: Mutation[] = []
  const touched = new Set<string>()
  for (let i = 0; i < count; i++) {
    const target = ids.length > 0 && device.rng() >= CREATE_SHARE ? pickOf(device.rng, ids) : null
    if (target && !touched.has(target)) {
      touched.add(target)
      const known = device.known.get(target)!
      const other = pickOf(device.rng, pool[known.table]) as unknown as Record<string, unknown>
      const text = UPDATED_TEXT[known.table]
      mutations.push({
        id: uuidv7(),
        seq: ++device.seq,
        table: known.table,
        recordId: target,
        op: 'update',
        changes: { [text]: other[text] || '（补充）', tags: other.tags },
        baseRev: known.rev,
        at,
      })
    } else {
      const table = pickOf(device.rng, RECORD_TABLES)
      const fields = pickOf(device.rng, pool[table]) as unknown as Record<string, unknown>
      mutations.push({
        id: uuidv7(),
        seq: ++device.seq,
        table,
        recordId: uuidv7(),
        op: 'create',
        changes: fields,
        baseRev: null,
        at,
      })
    }
  }
  return mutations
}

interface Phase {
  transport: Transport
  pool: Pool
  timeoutMs: number
  recorder: Recorder | null
  /** No new request after this (performance.now()). */
  deadline: number
}

async function pullToEnd(device: Device, phase: Phase): Promise<void> {
  for (;;) {
    const url = `${device.origin}/api/sync/pull`
    const request = { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, cursor: device.cursor, limit: PULL_LIMIT }
    const page = phase.recorder
      ? await post<PullResponse>(
          phase.transport,
          url,
          device.token,
          request,
          phase.timeoutMs,
          'pull',
          phase.recorder.pull,
          phase.recorder,
        )
      : await setupPost<PullResponse>(phase.transport, url, device.token, request, phase.timeoutMs, 'pull')
    for (const change of page.changes) {
      if (!isRecordTable(change.table)) continue
      if (change.deletedAt === null) device.known.set(change.id, { table: change.table, rev: change.rev })
      else device.known.delete(change.id)
    }
    device.cursor = page.cursor
    if (!page.hasMore || performance.now() > phase.deadline) return
  }
}

/** Push (the batch a failed push left, or a new one), then pull to the end. */
async function cycle(device: Device, phase: Phase): Promise<void> {
  const mutations = device.unsent ?? nextMutations(device, phase.pool)
  device.unsent = mutations
  const answer = await post<PushResponse>(
    phase.transport,
    `${device.origin}/api/sync/push`,
    device.token,
    { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, mutations },
    phase.timeoutMs,
    'push',
    phase.recorder?.push ?? null,
    phase.recorder,
  )
  device.unsent = null
  answer.results.forEach((result, i) => {
    if (phase.recorder) phase.recorder.statuses[result.status] = (phase.recorder.statuses[result.status] ?? 0) + 1
    const m = mutations[i]!
    if (result.rev !== null && isRecordTable(m.table)) device.known.set(m.recordId, { table: m.table, rev: result.rev })
  })
  if (phase.recorder) phase.recorder.mutations += mutations.length
  if (performance.now() > phase.deadline) return
  await pullToEnd(device, phase)
  if (phase.recorder) phase.recorder.cycles++
}

async function deviceLoop(device: Device, phase: Phase, pauseMs: { min: number; max: number } | null): Promise<void> {
  const pause = () => (pauseMs ? sleep(pauseMs.min + device.rng() * (pauseMs.max - pauseMs.min)) : Promise.resolve())
  // Out of step: each device starts somewhere in its first pause.
  if (pauseMs) await sleep(device.rng() * pauseMs.max)
  while (performance.now() < phase.deadline) {
    try {
      await cycle(device, phase)
      await pause()
    } catch (error) {
      if (!(error instanceof RequestFailed)) throw error
      // As the app does after a failed run: wait, then try again (a lost push is sent again, unchanged).
      await sleep(RETRY_PAUSE_MS * (1 + device.rng()))
    }
  }
}

async function burst(device: Device, phase: Phase): Promise<void> {
  try {
    await cycle(device, phase)
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error
  }
}

/** Sets up accounts and signed-in devices on running servers, each account's records preloaded and pulled. */
async function setUpDevices(servers: readonly ServerProcess[], options: LoadOptions, setup: Phase): Promise<Device[]> {
  const { transport } = setup
  const origin = servers[0]!.origin
  const admin = await setupPost<SignInResponse>(
    transport,
    `${origin}/api/auth/setup`,
    null,
    { name: 'admin', password: PASSWORD, displayName: '管理员' },
    setup.timeoutMs,
    'setup',
  )
  const names = Array.from({ length: options.accounts }, (_, a) => `cadre${a}`)
  await inBatches(names, SETUP_CONCURRENCY, (name) =>
    setupPost(
      transport,
      `${origin}/api/admin/accounts`,
      admin.token,
      { name, password: PASSWORD },
      setup.timeoutMs,
      'account',
    ),
  )
  const rng = mulberry32(options.seed)
  const devices = await inBatches(
    Array.from({ length: options.devices }, (_, d) => d),
    SETUP_CONCURRENCY,
    async (d): Promise<Device> => {
      const deviceId = uuidv7()
      // Devices go round the accounts (device d belongs to account d mod accounts) and round the instances.
      const deviceOrigin = servers[d % servers.length]!.origin
      const signedIn = await setupPost<SignInResponse>(
        transport,
        `${deviceOrigin}/api/auth/login`,
        null,
        { name: names[d % names.length], password: PASSWORD, deviceId, deviceName: `bench ${d}` },
        setup.timeoutMs,
        'login',
      )
      return {
        deviceId,
        token: signedIn.token,
        origin: deviceOrigin,
        seq: 0,
        cursor: 0,
        known: new Map(),
        unsent: null,
        rng: mulberry32(Math.floor(rng() * 2 ** 32)),
      }
    },
  )
  await inBatches(devices.slice(0, options.accounts), SETUP_CONCURRENCY, async (device) => {
    const at = new Date().toISOString()
    const mutations: Mutation[] = Array.from({ length: PRELOAD_PER_ACCOUNT }, (_, i) => {
      const table = RECORD_TABLES[i % RECORD_TABLES.length]!
      return {
        id: uuidv7(),
        seq: ++device.seq,
        table,
        recordId: uuidv7(),
        op: 'create',
        changes: pickOf(device.rng, setup.pool[table]) as unknown as Record<string, unknown>,
        baseRev: null,
        at,
      }
    })
    await setupPost<PushResponse>(
      transport,
      `${device.origin}/api/sync/push`,
      device.token,
      { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, mutations },
      setup.timeoutMs,
      'preload',
    )
  })
  await inBatches(devices, SETUP_CONCURRENCY, (device) => pullToEnd(device, setup))
  return devices
}

export function loadLabel(backend: LoadBackend): string {
  if (backend.engine === 'sqlite') return 'SQLite'
  return backend.instances === 1 ? 'PostgreSQL, 1 instance' : 'PostgreSQL, 2 instances'
}

async function runPhase(
  kind: LoadPhase,
  devices: readonly Device[],
  servers: readonly ServerProcess[],
  transport: Transport,
  pool: Pool,
  options: LoadOptions,
  postgres: { adminUrl: string; database: string } | null,
  dir: string,
  label: string,
): Promise<LoadRun> {
  const prefix = label.replace(/[^A-Za-z0-9]+/g, '-')
  const untimed: Phase = { transport, pool, timeoutMs: 60_000, recorder: null, deadline: Number.POSITIVE_INFINITY }
  if (kind === 'burst') {
    transport.reset()
  } else {
    // Every device's connection open and idle (the server closes idle ones after 5 s), as on phones that synced a moment ago.
    await Promise.all(devices.map((device) => pullToEnd(device, untimed)))
  }
  const recorder: Recorder = { log: [], t0: 0, push: [], pull: [], errors: {}, statuses: {}, cycles: 0, mutations: 0 }
  const pauseMs = kind === 'busy' ? options.busyPauseMs : null
  if (options.profile && kind === 'flat out') for (const s of servers) writeFileSync(`${s.probeFile}.profile`, '')
  await signalProbes(servers, false)
  const pgBefore = postgres ? await postgresCpu(postgres.adminUrl, postgres.database) : new Map<number, number>()
  const loop = monitorEventLoopDelay({ resolution: 10 })
  loop.enable()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  recorder.t0 = t0
  const phase: Phase = {
    transport,
    pool,
    timeoutMs: options.requestTimeoutMs,
    recorder,
    deadline: kind === 'burst' ? Number.POSITIVE_INFINITY : t0 + options.seconds * 1000,
  }
  await Promise.all(
    devices.map((device) => (kind === 'burst' ? burst(device, phase) : deviceLoop(device, phase, pauseMs))),
  )
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  loop.disable()
  const pgAfter = postgres ? await postgresCpu(postgres.adminUrl, postgres.database) : new Map<number, number>()
  const probes = await signalProbes(servers, true)
  const profiles = probes.map((p) => p.profile).filter((p): p is string => p !== null)
  const profile = profiles.length > 0 ? summarizeProfile(profiles.map((file) => readFileSync(file, 'utf8'))) : null
  const name = `${prefix}-${kind.replace(' ', '-')}`
  if (options.keepDir) {
    writeFileSync(join(options.keepDir, `${name}-requests.csv`), `kind,startMs,ms,status\n${recorder.log.join('\n')}\n`)
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile') || f.endsWith('.csv')))
      copyFileSync(join(dir, file), join(options.keepDir, `${name}-${file}`))
  }
  for (const s of servers)
    for (const file of [s.probeFile, `${s.probeFile}.cpuprofile`, `${s.probeFile}.trace.csv`])
      rmSync(file, { force: true })
  const requests = recorder.push.length + recorder.pull.length
  const errors = Object.values(recorder.errors).reduce((sum, n) => sum + n, 0)
  options.log(
    `  ${label} ${kind}: ${requests} requests in ${(wallMs / 1000).toFixed(1)} s, p50 ${summarizeLatency([...recorder.push, ...recorder.pull]).p50.toFixed(0)} ms, p99 ${summarizeLatency([...recorder.push, ...recorder.pull]).p99.toFixed(0)} ms, ${errors} errors`,
  )
  return {
    phase: kind,
    pauseMs,
    wallMs,
    push: summarizeLatency(recorder.push),
    pull: summarizeLatency(recorder.pull),
    all: summarizeLatency([...recorder.push, ...recorder.pull]),
    cycles: recorder.cycles,
    mutations: recorder.mutations,
    statuses: recorder.statuses,
    errors: recorder.errors,
    generator: {
      cpuMs: (cpu.user + cpu.system) / 1000,
      loopDelayP99: loop.percentile(99) / 1e6,
      loopDelayMax: loop.max / 1e6,
    },
    servers: probes,
    postgresCpuMs: postgres ? cpuBetween(pgBefore, pgAfter) : null,
    profile,
  }
}

/** The three phases for one backend, on fresh servers over a fresh database. */
export async function loadFigures(backend: LoadBackend, options: LoadOptions): Promise<LoadResults> {
  const transport = options.client === 'http' ? httpTransport() : fetchTransport()
  const dir = mkdtempSync(join(tmpdir(), 'xsj-bench-load-'))
  const statics = staticDir()
  const prefix = loadLabel(backend).replace(/[^A-Za-z0-9]+/g, '-')
  let database: TestDatabase | null = null
  const servers: ServerProcess[] = []
  try {
    const setupStart = performance.now()
    database = await freshTestDatabase(dir, backend.engine)
    const env = { DATA_DIR: dir, STATIC_DIR: statics, DATABASE_URL: database.url }
    // One after the other: the first one runs the migrations.
    for (let i = 0; i < backend.instances; i++) servers.push(await startServer(`server${i + 1}`, dir, env, options))
    const pool = poolOf(options.seed, options.endDate)
    const devices = await setUpDevices(servers, options, {
      transport,
      pool,
      timeoutMs: 60_000,
      recorder: null,
      deadline: Number.POSITIVE_INFINITY,
    })
    const setupMs = performance.now() - setupStart
    options.log(
      `  ${loadLabel(backend)}: ${options.devices} devices of ${options.accounts} accounts signed in, set up in ${(setupMs / 1000).toFixed(1)} s`,
    )
    const postgres =
      backend.engine === 'postgres'
        ? { adminUrl: process.env.TEST_DATABASE_URL ?? '', database: new URL(database.url).pathname.slice(1) }
        : null
    const runs: LoadRun[] = []
    for (const kind of LOAD_PHASES)
      runs.push(await runPhase(kind, devices, servers, transport, pool, options, postgres, dir, loadLabel(backend)))
    if (options.keepDir)
      for (const s of servers)
        copyFileSync(s.logFile, join(options.keepDir, `${prefix}-${s.logFile.split('/').pop()!}`))
    return {
      backend,
      client: options.client,
      devices: options.devices,
      accounts: options.accounts,
      seconds: options.seconds,
      requestTimeoutMs: options.requestTimeoutMs,
      setupMs,
      runs,
    }
  } finally {
    transport.reset()
    for (const server of servers) await stopServer(server.child)
    await database?.drop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
    rmSync(statics, { recursive: true, force: true })
  }
}

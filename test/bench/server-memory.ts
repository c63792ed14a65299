/**
 * The server's memory with a million records (`npm run bench -- --only memory`). The real server
 * (src/server/main.ts, SQLite, LOG_LEVEL info) runs in a process of its own with memory-probe.ts preloaded,
 * which samples process.memoryUsage() every 250 ms and after forced collections. This process loads the records
 * through the server's real write path — pushes of 500 creates over HTTP, several accounts at once — then every
 * account pulls all its records as a fresh phone does (pages of 1,000). Bounded in time: the loading stops at
 * LOAD_LIMIT_MS and the report says how far it got.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import { join, resolve } from 'node:path'
import type { SignInResponse } from '../../src/shared/accounts'
import { localDate } from '../../src/shared/dates'
import { uuidv7 } from '../../src/shared/ids'
import { RECORD_TABLES, type RecordTable } from '../../src/shared/records'
import { PROTOCOL_VERSION, type Mutation, type PullResponse, type PushResponse } from '../../src/shared/sync/protocol'
import type { MemoryLine } from './memory-probe'
import { describeMachine, reportDate, type Machine } from './report'
import { fieldsFor } from './seed'
import { spawnServer, stopServer } from './server-process'

const PASSWORD = 'a password of enough length'
const PUSH_SIZE = 500
const PULL_LIMIT = 1000
/** Accounts holding the records (each ~1/ACCOUNTS of them): many cadres, each with years of records. */
const MAX_ACCOUNTS = 100
/** Pushes (one per account) and pulls in flight at once. */
const PUSH_CONCURRENCY = 4
const PULL_CONCURRENCY = 8
/** Distinct generated field sets per type, reused with new ids: generating a million would cost this process more than the server. */
const POOL_PER_TYPE = 1000
export const LOAD_LIMIT_MS = 8 * 60_000
const SETTLE_MS = 2000

export type MemoryPhase = 'started' | 'loading' | 'loaded' | 'pulling' | 'pulled'

export interface MemoryCheckpoint {
  label: string
  /** The sample right before the forced collection, and the one right after it (MB). */
  before: MemoryLine
  afterGc: MemoryLine
}

export interface PhaseMemory {
  phase: MemoryPhase
  ms: number
  peakRss: number
  peakHeapUsed: number
  /** The last sample of the phase. */
  end: MemoryLine
}

export interface MemoryResults {
  date: string
  machine: Machine
  /** Records asked for, and loaded (fewer when the time limit was reached). */
  records: number
  loaded: number
  accounts: number
  loadMs: number
  /** Records pulled back, requests, and the pull requests' latency (ms). */
  pulled: number
  pullRequests: number
  pullMs: number
  pullLatency: { p50: number; p99: number; max: number }
  /** The SQLite database's files (main, WAL, shared memory) after the pulls, bytes. */
  databaseBytes: number
  phases: PhaseMemory[]
  checkpoints: MemoryCheckpoint[]
  isStoppedEarly: boolean
  wallMs: number
}

export interface MemoryOptions {
  records: number
  seed: number
  log: (line: string) => void
}

interface ServerProcess {
  child: ChildProcess
  origin: string
  memoryFile: string
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}

async function startServer(dir: string): Promise<ServerProcess> {
  const memoryFile = join(dir, 'memory.jsonl')
  const spawned = await spawnServer({
    nodeArgs: ['--expose-gc', '--import', resolve('test/bench/memory-probe.ts')],
    env: { DATA_DIR: join(dir, 'data'), DATABASE_URL: '', XSJ_MEMORY_OUT: memoryFile },
    logFile: join(dir, 'server.log'),
  })
  return { ...spawned, memoryFile }
}

function readLines(server: ServerProcess): MemoryLine[] {
  if (!existsSync(server.memoryFile)) return []
  return readFileSync(server.memoryFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MemoryLine)
}

/** Forces a collection in the server and returns the samples right before and right after it. */
async function checkpoint(server: ServerProcess, label: string): Promise<MemoryCheckpoint> {
  await sleep(SETTLE_MS)
  const before = readLines(server).at(-1)!
  const count = readLines(server).filter((l) => l.isAfterGc).length
  server.child.kill('SIGUSR2')
  for (let i = 0; i < 100; i++) {
    const afterGc = readLines(server).filter((l) => l.isAfterGc)
    if (afterGc.length > count) return { label, before, afterGc: afterGc.at(-1)! }
    await sleep(100)
  }
  throw new Error('the memory probe did not answer SIGUSR2')
}

/**
 * A POST, sent again (up to twice) after a network error: a keep-alive connection the server closes just as it is
 * reused fails with EPIPE or ECONNRESET. Sending a push again is safe: the server applies a mutation id once.
 */
async function post<T>(url: string, token: string | null, body: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  const payload = JSON.stringify(body)
  let response: Response | null = null
  for (let attempt = 1; response === null; attempt++) {
    try {
      response = await fetch(url, { method: 'POST', headers, body: payload, signal: AbortSignal.timeout(60_000) })
    } catch (error) {
      if (attempt >= 3) throw error
      await sleep(200)
    }
  }
  const text = await response.text()
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

interface Account {
  name: string
  token: string
  deviceId: string
  seq: number
  quota: number
}

async function setUpAccounts(origin: string, count: number, records: number): Promise<Account[]> {
  const admin = await post<SignInResponse>(`${origin}/api/auth/setup`, null, {
    name: 'admin',
    password: PASSWORD,
    displayName: '管理员',
  })
  const accounts: Account[] = []
  for (let a = 0; a < count; a++) {
    const name = `cadre${a}`
    await post(`${origin}/api/admin/accounts`, admin.token, { name, password: PASSWORD })
    const deviceId = uuidv7()
    const signedIn = await post<SignInResponse>(`${origin}/api/auth/login`, null, {
      name,
      password: PASSWORD,
      deviceId,
      deviceName: `memory bench ${a}`,
    })
    accounts.push({
      name,
      token: signedIn.token,
      deviceId,
      seq: 0,
      quota: Math.floor(records / count) + (a < records % count ? 1 : 0),
    })
  }
  return accounts
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN
}

function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0)
}

export async function memoryBench(options: MemoryOptions): Promise<MemoryResults> {
  const started = performance.now()
  const loadAtStart = os.loadavg()
  const { log } = options
  const dir = mkdtempSync(join(os.tmpdir(), 'xsj-memory-'))
  const server = await startServer(dir)
  const marks: { phase: MemoryPhase; at: number }[] = []
  const mark = (phase: MemoryPhase) => marks.push({ phase, at: readLines(server).at(-1)?.at ?? 0 })
  try {
    const accountCount = Math.max(1, Math.min(MAX_ACCOUNTS, Math.floor(options.records / 1000)))
    const accounts = await setUpAccounts(server.origin, accountCount, options.records)
    const checkpoints = [await checkpoint(server, 'started, accounts set up, no records')]
    mark('loading')
    const endDate = localDate()
    const pool = Object.fromEntries(
      RECORD_TABLES.map((table) => [table, fieldsFor(table, POOL_PER_TYPE, options.seed, endDate)]),
    ) as Record<RecordTable, object[]>
    let loaded = 0
    let lastLog = performance.now()
    const loadStarted = performance.now()
    let isStoppedEarly = false
    log(
      `memory: loading ${options.records.toLocaleString('en-US')} records into ${accountCount} accounts through push (${PUSH_SIZE} per request)`,
    )
    await inParallel(accounts, PUSH_CONCURRENCY, async (account) => {
      while (account.quota > 0) {
        if (performance.now() - loadStarted > LOAD_LIMIT_MS) {
          isStoppedEarly = true
          return
        }
        const size = Math.min(PUSH_SIZE, account.quota)
        const at = new Date().toISOString()
        const mutations: Mutation[] = Array.from({ length: size }, (_, i) => {
          const table = RECORD_TABLES[(loaded + i) % RECORD_TABLES.length]!
          const fields = pool[table][(loaded + i) % POOL_PER_TYPE]!
          return {
            id: uuidv7(),
            seq: ++account.seq,
            table,
            recordId: uuidv7(),
            op: 'create',
            changes: fields as Record<string, unknown>,
            baseRev: null,
            at,
          }
        })
        const answer = await post<PushResponse>(`${server.origin}/api/sync/push`, account.token, {
          protocol: PROTOCOL_VERSION,
          deviceId: account.deviceId,
          mutations,
        })
        const applied = answer.results.filter((r) => r.status === 'applied').length
        if (applied !== size) throw new Error(`a push of ${size} creates applied ${applied}`)
        account.quota -= size
        loaded += size
        if (performance.now() - lastLog > 30_000) {
          lastLog = performance.now()
          const rss = (readLines(server).at(-1)?.rss ?? 0) / 2 ** 20
          log(`  memory: ${loaded.toLocaleString('en-US')} records loaded, server RSS ${rss.toFixed(0)} MB`)
        }
      }
    })
    const loadMs = performance.now() - loadStarted
    mark('loaded')
    checkpoints.push(await checkpoint(server, `${loaded.toLocaleString('en-US')} records loaded`))
    log(`memory: loaded ${loaded} records in ${(loadMs / 1000).toFixed(0)} s; pulling them back`)

    mark('pulling')
    const latencies: number[] = []
    let pulled = 0
    const pullStarted = performance.now()
    await inParallel(accounts, PULL_CONCURRENCY, async (account) => {
      // A fresh phone of the account: a new device id, from cursor 0, pages of 1,000 until hasMore is false.
      const deviceId = uuidv7()
      let cursor = 0
      for (;;) {
        const t0 = performance.now()
        const page = await post<PullResponse>(`${server.origin}/api/sync/pull`, account.token, {
          protocol: PROTOCOL_VERSION,
          deviceId,
          cursor,
          limit: PULL_LIMIT,
        })
        latencies.push(performance.now() - t0)
        pulled += page.changes.length
        cursor = page.cursor
        if (!page.hasMore) return
      }
    })
    const pullMs = performance.now() - pullStarted
    mark('pulled')
    checkpoints.push(
      await checkpoint(
        server,
        `after ${latencies.length.toLocaleString('en-US')} pulls of up to ${PULL_LIMIT.toLocaleString('en-US')}`,
      ),
    )
    const databaseBytes = directoryBytes(join(dir, 'data'))
    await stopServer(server.child)

    const lines = readLines(server)
    const phases = phaseMemory(lines, marks)
    const sorted = [...latencies].sort((a, b) => a - b)
    return {
      date: reportDate(),
      machine: describeMachine('', loadAtStart),
      records: options.records,
      loaded,
      accounts: accountCount,
      loadMs,
      pulled,
      pullRequests: latencies.length,
      pullMs,
      pullLatency: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN },
      databaseBytes,
      phases,
      checkpoints,
      isStoppedEarly,
      wallMs: performance.now() - started,
    }
  } finally {
    await stopServer(server.child)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Peak and last sample of each phase, the phases cut at the sample times noted when each began. */
function phaseMemory(
  lines: readonly MemoryLine[],
  marks: readonly { phase: MemoryPhase; at: number }[],
): PhaseMemory[] {
  const bounds: { phase: MemoryPhase; from: number; to: number }[] = []
  const loadingAt = marks.find((m) => m.phase === 'loading')?.at ?? 0
  bounds.push({ phase: 'started', from: 0, to: loadingAt })
  for (let i = 0; i < marks.length; i++)
    bounds.push({ phase: marks[i]!.phase, from: marks[i]!.at, to: marks[i + 1]?.at ?? Number.POSITIVE_INFINITY })
  return bounds
    .filter((b) => b.phase === 'started' || b.phase === 'loading' || b.phase === 'pulling')
    .map((b) => {
      const inside = lines.filter((l) => l.at > b.from && l.at <= b.to && !l.isAfterGc)
      const end = inside.at(-1) ?? lines.at(-1)!
      return {
        phase: b.phase,
        ms: (Number.isFinite(b.to) ? b.to : end.at) - b.from,
        peakRss: Math.max(...inside.map((l) => l.rss)),
        peakHeapUsed: Math.max(...inside.map((l) => l.heapUsed)),
        end,
      }
    })
}

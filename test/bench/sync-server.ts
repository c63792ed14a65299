/**
 * The server alone, in-process (app.fetch, no socket): how many mutations per second push applies, over a real
 * SQLite file and over PostgreSQL (one instance, and two instances on one database with the devices split between
 * them), on personal records and, with the permission checks and the fan-out to every reader's view at work, on a
 * unit's records and on personal records shared with it (sync-units.ts); and how many bytes a pull answer takes per
 * record, raw and gzip (SQLite; the answer is the same on both).
 * Then the 200-device load over real HTTP (sync-load.ts) on each engine.
 */
import os from 'node:os'
import type { ApiClient } from '../../src/app/sync/api-client'
import { uuidv7 } from '../../src/shared/ids'
import {
  COLLECTIVE_STUDY_KINDS,
  isRecordTable,
  RECORD_TABLES,
  type FieldsOf,
  type RecordTable,
  type StudyKind,
} from '../../src/shared/records'
import { PROTOCOL_VERSION, type Mutation, type PullResponse, type PushRequest } from '../../src/shared/sync/protocol'
import { addAccount, setUpAdmin, type TestServer } from '../server/harness'
import { describeMachine, reportDate, type Machine } from './report'
import { fieldsFor } from './seed'
import { loadFigures, loadLabel, type LoadBackend, type LoadClient, type LoadResults } from './sync-load'
import { accountMaker, apiOf, loadAccount, mixedRecords, wireOf } from './sync-node'
import { benchServer, ORIGIN } from './sync-device'
import { benchUnit, Pusher, pushAll, sharedCreate, unitCreate, type BenchUnit, type LoadedRecord } from './sync-units'

const BATCH = 200
/** The text field an update rewrites, per type (with the tags). */
const UPDATED_TEXT: Record<RecordTable, string> = {
  studySessions: 'summary',
  readingNotes: 'reflection',
  visits: 'summary',
}

export interface ThroughputScenario {
  label: string
  op: 'create' | 'update'
  accounts: number
  devicesPerAccount: number
  /**
   * Whose records (personal when absent): `unit`, the unit's collective sessions, pushed by its secretary and the
   * members it lets record; `shared`, the members' personal records shared with the unit (a create is a create and
   * its share: two mutations per record, as the app sends them). Either way every change goes to the view of each of
   * the unit's UNIT_READERS readers, where a personal record's goes to its owner's alone.
   */
  records?: 'unit' | 'shared'
  /** The personal scenario of the same run it is compared with: what the permission checks and the fan-out cost. */
  baseline?: string
}

/** The unit the unit scenarios push into: its members (the first its secretary, the next three may record)… */
export const UNIT_MEMBERS = 30
/** …and a reviewer of the unit above it: the accounts that read each of its records. */
export const UNIT_READERS = UNIT_MEMBERS + 1

export const THROUGHPUT_SCENARIOS: readonly ThroughputScenario[] = [
  { label: 'creates, 1 account × 1 device', op: 'create', accounts: 1, devicesPerAccount: 1 },
  { label: 'creates, 1 account × 4 devices', op: 'create', accounts: 1, devicesPerAccount: 4 },
  { label: 'creates, 4 accounts × 1 device', op: 'create', accounts: 4, devicesPerAccount: 1 },
  { label: 'updates, 1 account × 4 devices', op: 'update', accounts: 1, devicesPerAccount: 4 },
  { label: 'updates, 4 accounts × 1 device', op: 'update', accounts: 4, devicesPerAccount: 1 },
  {
    label: 'unit sessions: creates, the secretary × 1 device',
    op: 'create',
    accounts: 1,
    devicesPerAccount: 1,
    records: 'unit',
    baseline: 'creates, 1 account × 1 device',
  },
  {
    label: 'unit sessions: updates, 4 recorders × 1 device',
    op: 'update',
    accounts: 4,
    devicesPerAccount: 1,
    records: 'unit',
    baseline: 'updates, 4 accounts × 1 device',
  },
  {
    label: 'shared records: create + share, 4 members × 1 device',
    op: 'create',
    accounts: 4,
    devicesPerAccount: 1,
    records: 'shared',
    baseline: 'creates, 4 accounts × 1 device',
  },
  {
    label: 'shared records: updates, 4 members × 1 device',
    op: 'update',
    accounts: 4,
    devicesPerAccount: 1,
    records: 'shared',
    baseline: 'updates, 4 accounts × 1 device',
  },
]

export interface ThroughputRun {
  mutations: number
  ms: number
  /** Mutations applied per second over the whole scenario (wall time, all devices together). */
  perSecond: number
  /** CPU time of this process meanwhile (user + system): the server's work, less disturbed by other processes. */
  cpuMs: number
}

export interface ThroughputResult {
  scenario: ThroughputScenario
  /** Empty when the scenario does not apply (one device cannot be split over two instances). */
  runs: ThroughputRun[]
}

/** The database behind the server: SQLite, or PostgreSQL with one or two server instances. */
export type ServerBackend = LoadBackend

export interface BackendThroughput {
  backend: ServerBackend
  throughput: ThroughputResult[]
}

/** The PostgreSQL server used, or why there was none. */
export type PostgresInfo = { url: string; version: string } | { skipped: string }

export interface WireBytes {
  table: RecordTable | 'all'
  records: number
  /** Pull answer body, as JSON and as gzip (Accept-Encoding: gzip, which the browser always sends). */
  rawBytes: number
  gzipBytes: number
  /** JSON.stringify of each record's fields alone (what a person typed), summed. */
  fieldsBytes: number
  /** JSON.stringify of each RecordState (fields plus id, rev, times, device, conflicts), summed. */
  stateBytes: number
}

export interface ServerResults {
  /** When and where this part was measured: it can be rerun alone (--only server). */
  date: string
  machine: Machine
  /** Wall time of the server part (throughput, wire bytes, load), setup included. */
  wallMs: number
  postgres: PostgresInfo
  /** SQLite first, then PostgreSQL with one and with two instances (when there is a PostgreSQL). */
  throughput: BackendThroughput[]
  mutationsPerRun: number
  runs: number
  wire: WireBytes[]
  /** A push request of 200 creates (not compressed: the client sends plain JSON), bytes per mutation. */
  pushBytesPerMutation: number
  /** The many-devices load over HTTP, per backend; empty when it was not run. */
  load: LoadResults[]
  loadSettings: ServerOptions['load']
}

export interface ServerOptions {
  /** Mutations per scenario run, split evenly over its devices. */
  mutations: number
  runs: number
  seed: number
  endDate: string
  /** A PostgreSQL server's admin URL to create the bench's databases on, or why there is none. */
  postgres: PostgresInfo
  load: {
    devices: number
    accounts: number
    seconds: number
    busyPauseMs: { min: number; max: number }
    requestTimeoutMs: number
    client: LoadClient
    profile: boolean
    keepDir?: string
  } | null
  log: (line: string) => void
}

/** One device of one account sending its mutations, 200 per request, each after the previous answer. */
interface Sender {
  token: string
  deviceId: string
  seq: number
  mutations: Mutation[]
}

function createsFor(count: number, seed: number, endDate: string, at: string): Mutation[] {
  return mixedRecords(count, seed, endDate).map(({ table, fields }) => ({
    id: uuidv7(),
    seq: 0,
    table,
    recordId: uuidv7(),
    op: 'create',
    changes: fields as unknown as Record<string, unknown>,
    baseRev: null,
    at,
  }))
}

/** Each existing record gets one update: its text field and tags as another generated record of its type has them. */
function updatesFor(records: readonly LoadedRecord[], seed: number, endDate: string, at: string): Mutation[] {
  const others = {} as Record<RecordTable, FieldsOf[RecordTable][]>
  for (const table of RECORD_TABLES)
    others[table] = fieldsFor(table, records.filter((r) => r.table === table).length, seed + 1, endDate)
  const used: Record<RecordTable, number> = { studySessions: 0, readingNotes: 0, visits: 0 }
  return records.map((record) => {
    const other = others[record.table][used[record.table]++] as unknown as Record<string, unknown>
    const text = UPDATED_TEXT[record.table]
    // Never empty: a note needs an excerpt or a reflection, so an update must not clear the only one it has.
    const value = other[text] || `${String(record.fields[text] ?? '')}（补充）`
    return {
      id: uuidv7(),
      seq: 0,
      table: record.table,
      recordId: record.id,
      op: 'update',
      changes: { [text]: value, tags: other.tags },
      baseRev: record.rev,
      at,
    }
  })
}

async function send(api: ApiClient, sender: Sender): Promise<number> {
  let applied = 0
  for (let i = 0; i < sender.mutations.length; i += BATCH) {
    const mutations = sender.mutations.slice(i, i + BATCH).map((m) => ({ ...m, seq: ++sender.seq }))
    const answer = await api.push(sender.token, { protocol: PROTOCOL_VERSION, deviceId: sender.deviceId, mutations })
    applied += answer.results.filter((r) => r.status === 'applied' || r.status === 'merged').length
  }
  return applied
}

async function pullEverything(api: ApiClient, token: string): Promise<LoadedRecord[]> {
  const records: LoadedRecord[] = []
  let cursor = 0
  for (;;) {
    const page = await api.pull(token, { protocol: PROTOCOL_VERSION, deviceId: uuidv7(), cursor, limit: 2000 })
    for (const { table, ...change } of page.changes) if (isRecordTable(table)) records.push({ ...change, table })
    cursor = page.cursor
    if (!page.hasMore) return records
  }
}

/** `count` generated study sessions of a collective kind (a unit's own), from `seed` on. */
function collectiveSessions(count: number, seed: number, endDate: string): FieldsOf['studySessions'][] {
  const sessions: FieldsOf['studySessions'][] = []
  for (let round = 0; sessions.length < count; round++) {
    const batch = fieldsFor('studySessions', 2 * count, seed + 7919 * round, endDate).filter((fields) =>
      COLLECTIVE_STUDY_KINDS.includes(fields.kind as StudyKind),
    )
    sessions.push(...batch.slice(0, count - sessions.length))
  }
  return sessions
}

/**
 * The unit scenarios' senders: unit members (the secretary first, then the members who may record), each with
 * `perDevice` mutations, creates of new records or updates of records they created before the clock started.
 */
async function unitSenders(
  server: TestServer,
  unit: BenchUnit,
  scenario: ThroughputScenario,
  run: number,
  perDevice: number,
  options: ServerOptions,
  at: string,
): Promise<Sender[]> {
  const api = apiOf(server)
  const senders: Sender[] = []
  for (let a = 0; a < scenario.accounts; a++) {
    const account = unit.members[a]!
    const seed = options.seed + run * 100 + a * 10
    // Personal records shared with the unit: a create and a share each, so half as many records as mutations.
    const created =
      scenario.records === 'unit'
        ? collectiveSessions(perDevice, seed, options.endDate).map((fields) => unitCreate(unit.unitId, fields, at))
        : mixedRecords(scenario.op === 'create' ? Math.ceil(perDevice / 2) : perDevice, seed, options.endDate).flatMap(
            ({ table, fields }) => sharedCreate(table, fields, unit.unitId, at),
          )
    let mutations: Mutation[]
    if (scenario.op === 'create') mutations = created.map((m) => ({ ...m, seq: 0 }))
    else {
      // Made by another device of the account, before the clock starts; then each is updated once.
      const records = await pushAll(new Pusher(api, account), created)
      mutations = updatesFor(records, seed, options.endDate, at)
    }
    senders.push({ token: account.token, deviceId: uuidv7(), seq: 0, mutations })
  }
  return senders
}

/** The personal scenarios' senders: fresh accounts, each device with `perDevice` creates, or updates of records made first. */
async function personalSenders(
  server: TestServer,
  adminToken: string,
  scenario: ThroughputScenario,
  run: number,
  perDevice: number,
  options: ServerOptions,
  at: string,
): Promise<Sender[]> {
  const api = apiOf(server)
  const senders: Sender[] = []
  for (let a = 0; a < scenario.accounts; a++) {
    const { token } = await addAccount(
      server,
      adminToken,
      `tp-${scenario.op}-${scenario.accounts}-${scenario.devicesPerAccount}-${run}-${a}`,
    )
    // Updates need records: each account's devices first create theirs (not timed), then update them.
    let existing: LoadedRecord[] = []
    if (scenario.op === 'update') {
      await loadAccount(
        api,
        token,
        Math.ceil((perDevice * scenario.devicesPerAccount) / 3),
        options.seed + run,
        options.endDate,
      )
      existing = await pullEverything(api, token)
    }
    for (let d = 0; d < scenario.devicesPerAccount; d++) {
      const mutations =
        scenario.op === 'create'
          ? createsFor(perDevice, options.seed + run * 100 + a * 10 + d, options.endDate, at)
          : updatesFor(existing.slice(d * perDevice, (d + 1) * perDevice), options.seed + run, options.endDate, at)
      senders.push({ token, deviceId: uuidv7(), seq: 0, mutations })
    }
  }
  return senders
}

/** Devices go round the instances (device i to instance i mod n); setup goes through the first. */
async function scenarioRun(
  servers: readonly TestServer[],
  adminToken: string,
  scenario: ThroughputScenario,
  run: number,
  options: ServerOptions,
  unit: () => Promise<BenchUnit>,
): Promise<ThroughputRun> {
  const server = servers[0]!
  const perDevice = Math.ceil(options.mutations / (scenario.accounts * scenario.devicesPerAccount))
  const at = new Date().toISOString()
  const senders = scenario.records
    ? await unitSenders(server, await unit(), scenario, run, perDevice, options, at)
    : await personalSenders(server, adminToken, scenario, run, perDevice, options, at)
  const apis = servers.map(apiOf)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const applied = await Promise.all(senders.map((sender, i) => send(apis[i % apis.length]!, sender)))
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const mutations = applied.reduce((sum, n) => sum + n, 0)
  const sent = senders.reduce((sum, s) => sum + s.mutations.length, 0)
  if (mutations !== sent) throw new Error(`${scenario.label}: ${mutations} of ${sent} mutations applied`)
  return { mutations, ms, perSecond: mutations / (ms / 1000), cpuMs: (cpu.user + cpu.system) / 1000 }
}

/** Pull answers of `perType` records of one type each (the account holds them type by type), raw and gzip. */
async function wireBytes(
  server: TestServer,
  adminToken: string,
  perType: number,
  options: ServerOptions,
): Promise<{ wire: WireBytes[]; pushBytesPerMutation: number }> {
  const { token } = await addAccount(server, adminToken, 'wire')
  const api = apiOf(server)
  await loadAccount(api, token, perType, options.seed, options.endDate)
  const deviceId = uuidv7()
  const pullBody = async (
    cursor: number,
    isGzip: boolean,
  ): Promise<{ bytes: number; encoding: string | null; text: string }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` }
    if (isGzip) headers['accept-encoding'] = 'gzip'
    const response = await server.app.request(`${ORIGIN}/api/sync/pull`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId, cursor, limit: perType }),
    })
    const body = new Uint8Array(await response.arrayBuffer())
    const encoding = response.headers.get('content-encoding')
    return { bytes: body.byteLength, encoding, text: encoding ? '' : new TextDecoder().decode(body) }
  }
  const wire: WireBytes[] = []
  let cursor = 0
  for (const table of RECORD_TABLES) {
    const raw = await pullBody(cursor, false)
    const gzip = await pullBody(cursor, true)
    if (gzip.encoding !== 'gzip')
      throw new Error(`the pull answer was not gzip-compressed (content-encoding ${gzip.encoding})`)
    const answer = JSON.parse(raw.text) as PullResponse
    if (answer.changes.some((c) => c.table !== table)) throw new Error(`expected a batch of ${table} only`)
    wire.push({
      table,
      records: answer.changes.length,
      rawBytes: raw.bytes,
      gzipBytes: gzip.bytes,
      fieldsBytes: answer.changes.reduce((sum, c) => sum + Buffer.byteLength(JSON.stringify(c.fields)), 0),
      stateBytes: answer.changes.reduce((sum, c) => sum + Buffer.byteLength(JSON.stringify(c)), 0),
    })
    cursor = answer.cursor
  }
  const sum = (key: 'records' | 'rawBytes' | 'gzipBytes' | 'fieldsBytes' | 'stateBytes'): number =>
    wire.reduce((total, w) => total + w[key], 0)
  wire.push({
    table: 'all',
    records: sum('records'),
    rawBytes: sum('rawBytes'),
    gzipBytes: sum('gzipBytes'),
    fieldsBytes: sum('fieldsBytes'),
    stateBytes: sum('stateBytes'),
  })
  const push: PushRequest = {
    protocol: PROTOCOL_VERSION,
    deviceId,
    mutations: createsFor(BATCH, options.seed, options.endDate, new Date().toISOString()).map((m, i) => ({
      ...m,
      seq: i + 1,
    })),
  }
  return { wire, pushBytesPerMutation: Buffer.byteLength(JSON.stringify(push)) / BATCH }
}

async function throughputOf(backend: ServerBackend, options: ServerOptions): Promise<ThroughputResult[]> {
  const { server, dispose } = await benchServer(backend.engine)
  const servers = [server]
  try {
    if (backend.instances === 2) servers.push(await server.secondInstance())
    const admin = await setUpAdmin(server)
    // One unit for every unit scenario and run: made when the first needs it.
    let unit: Promise<BenchUnit> | null = null
    const unitOnce = (): Promise<BenchUnit> =>
      (unit ??= benchUnit(wireOf(server), admin.token, accountMaker(server, admin.token), 'tp', UNIT_MEMBERS, 3))
    const throughput: ThroughputResult[] = []
    for (const scenario of THROUGHPUT_SCENARIOS) {
      const runs: ThroughputRun[] = []
      // One device has nothing to split over two instances.
      if (servers.length <= scenario.accounts * scenario.devicesPerAccount) {
        for (let i = 0; i < options.runs; i++)
          runs.push(await scenarioRun(servers, admin.token, scenario, i, options, unitOnce))
        options.log(
          `  ${loadLabel(backend)}, ${scenario.label}: ${runs.map((r) => Math.round(r.perSecond)).join(', ')} mutations/s (per CPU second of this process: ${runs.map((r) => Math.round(r.mutations / (r.cpuMs / 1000))).join(', ')})`,
        )
      }
      throughput.push({ scenario, runs })
    }
    return throughput
  } finally {
    await dispose()
  }
}

async function wireFigures(options: ServerOptions): Promise<{ wire: WireBytes[]; pushBytesPerMutation: number }> {
  const { server, dispose } = await benchServer('sqlite')
  try {
    const admin = await setUpAdmin(server)
    return await wireBytes(server, admin.token, 1000, options)
  } finally {
    await dispose()
  }
}

export function serverBackends(postgres: PostgresInfo): ServerBackend[] {
  const backends: ServerBackend[] = [{ engine: 'sqlite', instances: 1 }]
  if ('url' in postgres) backends.push({ engine: 'postgres', instances: 1 }, { engine: 'postgres', instances: 2 })
  return backends
}

export async function serverFigures(options: ServerOptions): Promise<ServerResults> {
  const started = performance.now()
  const loadAtStart = os.loadavg()
  const backends = serverBackends(options.postgres)
  const throughput: BackendThroughput[] = []
  for (const backend of backends) throughput.push({ backend, throughput: await throughputOf(backend, options) })
  const { wire, pushBytesPerMutation } = await wireFigures(options)
  const load: LoadResults[] = []
  if (options.load) {
    for (const backend of backends) {
      options.log(`sync: ${options.load.devices} devices over HTTP, ${loadLabel(backend)}`)
      load.push(
        await loadFigures(backend, { ...options.load, seed: options.seed, endDate: options.endDate, log: options.log }),
      )
    }
  }
  return {
    date: reportDate(),
    machine: describeMachine('', loadAtStart),
    wallMs: performance.now() - started,
    postgres: options.postgres,
    throughput,
    mutationsPerRun: options.mutations,
    runs: options.runs,
    wire,
    pushBytesPerMutation,
    load,
    loadSettings: options.load,
  }
}

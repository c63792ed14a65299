/**
 * Sync in Node: a phone on fake-indexeddb running the real engine against the real server in-process (SQLite file
 * in a temporary directory). Push: records saved through RecordRepository.save before signing in, then one
 * engine.run(). Pull: engine.run() on a signed-in empty phone of an account holding the records, and of an account
 * that owns nothing and reads as many records through its unit (sync-units.ts), the two in turn. Each run also times
 * a plain Dexie bulkPut of the same rows into a fresh database, the floor the sync is compared with.
 */
import type { RecordRow } from '../../src/app/db/schema'
import { ApiClient } from '../../src/app/sync/api-client'
import { uuidv7 } from '../../src/shared/ids'
import { RECORD_TABLES, type FieldsOf, type RecordTable } from '../../src/shared/records'
import { PROTOCOL_VERSION, type Mutation } from '../../src/shared/sync/protocol'
import { addAccount, setUpAdmin, type TestServer } from '../server/harness'
import { fieldsFor } from './seed'
import { BenchDevice, benchServer, bulkPutMs, ORIGIN, type TimedRun } from './sync-device'
import { loadUnitReader, type NewAccount, type Wire } from './sync-units'

const PASSWORD = 'a password of enough length'
const WIRE_BATCH = 200

export interface NodeSyncOptions {
  /** Records pushed per run (spread over the three types). */
  pushCount: number
  /** Records per type the pull downloads. */
  pullPerType: number
  runs: number
  seed: number
  endDate: string
  log: (line: string) => void
}

export interface PushRun {
  records: number
  /** RecordRepository.save of every record, one transaction each (not part of the sync). */
  saveMs: number
  run: RunFigures
  bulkPutMs: number
}

export interface PullRun {
  records: number
  run: RunFigures
  bulkPutMs: number
}

/** A TimedRun without the per-request list, plus what the requests add up to. */
export interface RunFigures {
  totalMs: number
  pushMs: number
  pullMs: number
  serverMs: number
  pushRequests: number
  pullRequests: number
  pushed: number
  pulled: number
  /** Server time of the push requests alone, and of the pull requests alone. */
  pushServerMs: number
  pullServerMs: number
  pullBytes: number
}

export interface NodeSyncResults {
  push: PushRun[]
  pull: PullRun[]
  /** Seconds to load the pull account's records through the wire (not measured as sync: setup). */
  setupMs: number
  /** The same pull by an account that reads every record through its unit (optional: results saved before units). */
  unitPull?: PullRun[]
  /** How the records the unit pull reads are owned. */
  unitRecords?: { unit: number; shared: number }
}

function figuresOf(timed: TimedRun): RunFigures {
  const pushes = timed.requests.filter((r) => r.path === '/api/sync/push')
  const pulls = timed.requests.filter((r) => r.path === '/api/sync/pull')
  const outcome = timed.outcome.kind === 'synced' ? timed.outcome : { pushed: 0, pulled: 0 }
  return {
    totalMs: timed.totalMs,
    pushMs: timed.pushMs,
    pullMs: timed.pullMs,
    serverMs: timed.serverMs,
    pushRequests: pushes.length,
    pullRequests: pulls.length,
    pushed: outcome.pushed,
    pulled: outcome.pulled,
    pushServerMs: pushes.reduce((sum, r) => sum + r.serverMs, 0),
    pullServerMs: pulls.reduce((sum, r) => sum + r.serverMs, 0),
    pullBytes: pulls.reduce((sum, r) => sum + r.bytes, 0),
  }
}

/** `total` generated records, the three types in turn (as a cadre records them), oldest first within each type. */
export function mixedRecords(
  total: number,
  seed: number,
  endDate: string,
): { table: RecordTable; fields: FieldsOf[RecordTable] }[] {
  const perType = RECORD_TABLES.map((table, i) =>
    fieldsFor(table, Math.floor(total / 3) + (i < total % 3 ? 1 : 0), seed, endDate),
  )
  const mixed: { table: RecordTable; fields: FieldsOf[RecordTable] }[] = []
  for (let i = 0; mixed.length < total; i++) {
    RECORD_TABLES.forEach((table, t) => {
      const fields = perType[t]![i]
      if (fields) mixed.push({ table, fields })
    })
  }
  return mixed
}

function countRows(rows: Record<RecordTable, readonly RecordRow[]>): number {
  return RECORD_TABLES.reduce((sum, table) => sum + rows[table].length, 0)
}

async function pushOnce(
  server: TestServer,
  adminToken: string,
  name: string,
  options: NodeSyncOptions,
): Promise<PushRun> {
  await addAccount(server, adminToken, name, PASSWORD)
  const device = new BenchDevice(server)
  try {
    const records = mixedRecords(options.pushCount, options.seed, options.endDate)
    const t0 = performance.now()
    for (const { table, fields } of records) await device.repository.save(table, fields)
    const saveMs = performance.now() - t0
    const rows = await device.rows()
    const baseline = await bulkPutMs(rows)
    await device.signIn(name, PASSWORD)
    const timed = await device.timedRun()
    const run = figuresOf(timed)
    const left = await device.db.outbox.count()
    if (run.pushed !== records.length || left !== 0)
      throw new Error(`push run: pushed ${run.pushed} of ${records.length}, ${left} left in the outbox`)
    return { records: countRows(rows), saveMs, run, bulkPutMs: baseline }
  } finally {
    await device.close()
  }
}

async function pullOnce(server: TestServer, name: string, expected: number): Promise<PullRun> {
  const device = new BenchDevice(server)
  try {
    await device.signIn(name, PASSWORD)
    const timed = await device.timedRun()
    const rows = await device.rows()
    const records = countRows(rows)
    if (records !== expected || timed.outcome.kind !== 'synced' || timed.outcome.pulled !== expected)
      throw new Error(`pull run: ${records} records stored, ${JSON.stringify(timed.outcome)}; expected ${expected}`)
    return { records, run: figuresOf(timed), bulkPutMs: await bulkPutMs(rows) }
  } finally {
    await device.close()
  }
}

/**
 * Loads generated records (`perType` of each type) into an account straight through the push endpoint, as one
 * device sending 200 creates per request; returns how many the server applied.
 */
export async function loadAccount(
  api: ApiClient,
  token: string,
  perType: number,
  seed: number,
  endDate: string,
): Promise<number> {
  const deviceId = uuidv7()
  let seq = 0
  let loaded = 0
  for (const table of RECORD_TABLES) {
    const at = new Date().toISOString()
    const mutations: Mutation[] = fieldsFor(table, perType, seed, endDate).map((fields) => ({
      id: uuidv7(),
      seq: ++seq,
      table,
      recordId: uuidv7(),
      op: 'create',
      changes: fields as unknown as Record<string, unknown>,
      baseRev: null,
      at,
    }))
    for (let i = 0; i < mutations.length; i += WIRE_BATCH) {
      const answer = await api.push(token, {
        protocol: PROTOCOL_VERSION,
        deviceId,
        mutations: mutations.slice(i, i + WIRE_BATCH),
      })
      loaded += answer.results.filter((r) => r.status === 'applied').length
    }
  }
  return loaded
}

/** An API client that calls the in-process server, for setting up accounts and data. */
export function apiOf(server: TestServer): ApiClient {
  return new ApiClient(wireOf(server))
}

/** The in-process server as a fetch and an origin. */
export function wireOf(server: TestServer): Wire {
  return { fetch: async (input, init) => server.app.fetch(new Request(input, init)), baseUrl: ORIGIN }
}

/** Makes accounts on the in-process server, signed in, with the bench's password. */
export function accountMaker(server: TestServer, adminToken: string): NewAccount {
  return async (name) => {
    const { token, account } = await addAccount(server, adminToken, name, PASSWORD)
    return { name, id: account.id, token }
  }
}

export async function nodeSyncFigures(options: NodeSyncOptions): Promise<NodeSyncResults> {
  const { server, dispose } = await benchServer()
  try {
    const admin = await setUpAdmin(server)
    const push: PushRun[] = []
    for (let i = 0; i < options.runs; i++) {
      push.push(await pushOnce(server, admin.token, `push${i}`, options))
      options.log(
        `  Node push ${options.pushCount}: run ${i + 1}/${options.runs}, ${(push[i]!.run.pushMs / 1000).toFixed(1)} s`,
      )
    }
    const t0 = performance.now()
    const puller = await addAccount(server, admin.token, 'pull', PASSWORD)
    const loaded = await loadAccount(apiOf(server), puller.token, options.pullPerType, options.seed, options.endDate)
    const setupMs = performance.now() - t0
    options.log(`  loaded ${loaded} records into the pull account in ${(setupMs / 1000).toFixed(1)} s`)
    const t1 = performance.now()
    const units = await loadUnitReader(
      wireOf(server),
      admin.token,
      accountMaker(server, admin.token),
      options.pullPerType,
      options.seed,
      options.endDate,
    )
    options.log(
      `  loaded ${units.records} records readable through a unit (${units.unitRecords} the unit's, ${units.sharedRecords} shared with it) in ${((performance.now() - t1) / 1000).toFixed(1)} s`,
    )
    const pull: PullRun[] = []
    const unitPull: PullRun[] = []
    // In turn, so that whatever else the machine does meanwhile weighs on both alike.
    for (let i = 0; i < options.runs; i++) {
      pull.push(await pullOnce(server, 'pull', loaded))
      options.log(`  Node pull ${loaded}: run ${i + 1}/${options.runs}, ${(pull[i]!.run.totalMs / 1000).toFixed(1)} s`)
      unitPull.push(await pullOnce(server, units.reader.name, units.records))
      options.log(
        `  Node pull ${units.records} through a unit: run ${i + 1}/${options.runs}, ${(unitPull[i]!.run.totalMs / 1000).toFixed(1)} s`,
      )
    }
    return { push, pull, setupMs, unitPull, unitRecords: { unit: units.unitRecords, shared: units.sharedRecords } }
  } finally {
    await dispose()
  }
}

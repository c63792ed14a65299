/**
 * A phone in Node for the sync figures: its own Dexie database on fake-indexeddb, the real repository and the real
 * engine, calling the real Hono app in-process. Like test/app/sync/support.ts's SimDevice, but without faults and
 * with a stopwatch on every request, so a run splits into time inside the server and time on the device.
 * fake-indexeddb must have been installed (`import 'fake-indexeddb/auto'`) before Dexie was first loaded.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RecordRepository } from '../../src/app/db/repository'
import { XsjDatabase, type RecordRow } from '../../src/app/db/schema'
import { ApiClient, type FetchLike } from '../../src/app/sync/api-client'
import { signIn } from '../../src/app/sync/account-session'
import { SyncEngine, type SyncOutcome } from '../../src/app/sync/sync-engine'
import { uuidv7 } from '../../src/shared/ids'
import { RECORD_TABLES, type RecordTable } from '../../src/shared/records'
import type { DatabaseEngine } from '../../src/server/db/open'
import { createTestServer, type TestServer } from '../server/harness'

export const ORIGIN = 'http://sync.bench'

export interface RequestTiming {
  path: string
  /** performance.now() when the engine called fetch. */
  startedAt: number
  /** app.fetch until its body is read: the whole server side of the request. */
  serverMs: number
  /** Response body bytes as sent (no compression: the in-process client sends no Accept-Encoding). */
  bytes: number
}

export interface TimedRun {
  outcome: SyncOutcome
  totalMs: number
  /** run() start → the first pull request: the push loop found nothing more to send. */
  pushMs: number
  /** The first pull request → run() resolved. */
  pullMs: number
  /** Sum of server time over the run's requests. */
  serverMs: number
  requests: RequestTiming[]
}

export class BenchDevice {
  readonly db = new XsjDatabase(`bench-device-${uuidv7()}`)
  readonly repository = new RecordRepository(this.db)
  readonly api: ApiClient
  readonly engine: SyncEngine
  private requests: RequestTiming[] = []

  constructor(private readonly server: TestServer) {
    const fetch: FetchLike = async (input, init) => {
      const startedAt = performance.now()
      const response = await this.server.app.fetch(new Request(input, init))
      // Read the body here (as the client will) so its size is known; hand the client an identical response.
      const body = await response.arrayBuffer()
      const serverMs = performance.now() - startedAt
      this.requests.push({ path: new URL(input).pathname, startedAt, serverMs, bytes: body.byteLength })
      return new Response(body, { status: response.status, headers: response.headers })
    }
    this.api = new ApiClient({ fetch, baseUrl: ORIGIN })
    // As the app wires it (runtime.ts): whatever the run wrote is announced to the repository's listeners.
    this.engine = new SyncEngine({
      db: this.db,
      api: this.api,
      onRecordsChanged: (changes) => this.repository.announce(changes),
    })
  }

  async signIn(name: string, password: string): Promise<void> {
    await signIn(this.db, this.api, { name, password, deviceName: 'bench phone' })
  }

  /** One engine.run(), timed from its call to its end, split at the first pull request. */
  async timedRun(): Promise<TimedRun> {
    this.requests = []
    const t0 = performance.now()
    const outcome = await this.engine.run()
    const end = performance.now()
    if (outcome.kind !== 'synced') throw new Error(`sync did not complete: ${JSON.stringify(outcome)}`)
    const requests = this.requests.filter((r) => r.startedAt >= t0)
    const firstPull = requests.find((r) => r.path === '/api/sync/pull')?.startedAt ?? end
    return {
      outcome,
      totalMs: end - t0,
      pushMs: firstPull - t0,
      pullMs: end - firstPull,
      serverMs: requests.reduce((sum, r) => sum + r.serverMs, 0),
      requests,
    }
  }

  /** Every record row, table by table, as stored. */
  async rows(): Promise<Record<RecordTable, RecordRow[]>> {
    const rows = {} as Record<RecordTable, RecordRow[]>
    for (const table of RECORD_TABLES) rows[table] = await this.db.records(table).toArray()
    return rows
  }

  async close(): Promise<void> {
    this.db.close()
    await this.db.delete()
  }
}

/**
 * The baseline: the same rows written with one plain Dexie bulkPut per table into a fresh database of the same
 * schema (XsjDatabase), nothing else. Returns the ms from the first bulkPut to the last one's commit.
 */
export async function bulkPutMs(rows: Record<RecordTable, readonly RecordRow[]>): Promise<number> {
  const db = new XsjDatabase(`bench-baseline-${uuidv7()}`)
  await db.open()
  try {
    const t0 = performance.now()
    for (const table of RECORD_TABLES) {
      if (rows[table].length > 0) await db.records(table).bulkPut(rows[table] as RecordRow<typeof table>[])
    }
    return performance.now() - t0
  } finally {
    db.close()
    await db.delete()
  }
}

/**
 * The real server over a real SQLite file in a fresh temporary directory, or over a fresh PostgreSQL database
 * created on TEST_DATABASE_URL's server (test/server/test-database.ts); `dispose` also removes the files, or drops
 * the database.
 */
export async function benchServer(
  engine: DatabaseEngine = 'sqlite',
): Promise<{ server: TestServer; dispose: () => Promise<void> }> {
  const staticDir = mkdtempSync(join(tmpdir(), 'xsj-bench-static-'))
  const server = await createTestServer({ staticDir, engine })
  return {
    server,
    dispose: async () => {
      await server.close()
      rmSync(server.dataDir, { recursive: true, force: true })
      rmSync(staticDir, { recursive: true, force: true })
    },
  }
}

/**
 * Simulated phones for sync tests (no vitest imports, so the chaos runner can use them outside the test runner;
 * support.ts adds the per-test hooks): each has its own Dexie database (fake-indexeddb), repository and sync engine,
 * and talks to the real Hono app in-process through its `fetch`. The fetch can be made to fail in the ways a
 * mobile network fails.
 */
import { RecordRepository, type RecordChange } from '../../../src/app/db/repository'
import { XsjDatabase } from '../../../src/app/db/schema'
import { ApiClient, type FetchLike } from '../../../src/app/sync/api-client'
import { signIn } from '../../../src/app/sync/account-session'
import { BlobClient } from '../../../src/app/sync/blob-client'
import { SyncEngine, type SyncOutcome } from '../../../src/app/sync/sync-engine'
import { uuidv7 } from '../../../src/shared/ids'
import type { RecordTable } from '../../../src/shared/records'
import type { TestServer } from '../../server/harness'

export const ORIGIN = 'http://sync.test'

/** How the next request fails, if it does. */
export type Fault = 'none' | 'dropRequest' | 'dropResponse' | 'serverError'

export interface SimDeviceOptions {
  /** Decides the fate of each request; the default lets every request through. */
  fault?: (path: string) => Fault
  pullLimit?: number
  pushBatch?: number
  /** Sees every exchange the server answered (for tracing a failing chaos seed). */
  onExchange?: (path: string, request: unknown, response: unknown, fault: Fault) => void
  /** Photo bytes move too (the blob endpoints), within this many ms per run. @default off: records only */
  photoBudgetMs?: number
  /** While this says so, the server does not answer at all (a process killed and not yet started again). */
  isServerDown?: () => boolean
}

export class SimDevice {
  readonly db = new XsjDatabase(`device-${uuidv7()}`)
  readonly repository = new RecordRepository(this.db)
  readonly api: ApiClient
  readonly blobs: BlobClient
  readonly engine: SyncEngine
  readonly announced: RecordChange[] = []
  isOnline = true
  /** Runs once while the next pull's answer is on its way: a person editing between push and pull. */
  duringNextPull: (() => Promise<void>) | null = null

  constructor(
    readonly server: TestServer,
    options: SimDeviceOptions = {},
  ) {
    const fetch: FetchLike = async (input, init) => {
      if (!this.isOnline || options.isServerDown?.()) throw new TypeError('Failed to fetch')
      const fault = options.fault?.(new URL(input).pathname) ?? 'none'
      if (fault === 'dropRequest') throw new TypeError('Failed to fetch')
      if (fault === 'serverError')
        return new Response(JSON.stringify({ error: 'internal', message: '服务器内部错误' }), { status: 500 })
      const response = await this.server.app.fetch(new Request(input, init))
      if (options.onExchange && !new URL(input).pathname.startsWith('/api/blobs')) {
        const body = await response.clone().text()
        options.onExchange(
          new URL(input).pathname,
          JSON.parse(String(init?.body ?? 'null')),
          body ? JSON.parse(body) : null,
          fault,
        )
      }
      const during = new URL(input).pathname === '/api/sync/pull' ? this.duringNextPull : null
      if (during) {
        this.duringNextPull = null
        await during()
      }
      if (fault === 'dropResponse') {
        await response.arrayBuffer()
        throw new TypeError('network connection was lost')
      }
      return response
    }
    this.api = new ApiClient({ fetch, baseUrl: ORIGIN })
    this.blobs = new BlobClient({ fetch, baseUrl: ORIGIN })
    this.engine = new SyncEngine({
      db: this.db,
      api: this.api,
      onRecordsChanged: (changes) => {
        this.announced.push(...changes)
        this.repository.announce(changes)
      },
      pullLimit: options.pullLimit,
      blobs: options.photoBudgetMs === undefined ? undefined : this.blobs,
      photoBudgetMs: options.photoBudgetMs,
      pushLimits: options.pushBatch ? { maxMutations: options.pushBatch, maxBytes: 1_000_000 } : undefined,
    })
  }

  signIn(name: string, password: string) {
    return signIn(this.db, this.api, { name, password, deviceName: 'test phone' })
  }

  sync(): Promise<SyncOutcome> {
    return this.engine.run()
  }

  async get<T extends RecordTable>(table: T, id: string) {
    return this.repository.get(table, id)
  }

  async close(): Promise<void> {
    this.db.close()
    await this.db.delete()
  }
}

/** Syncs each device in turn until a whole round changes nothing anywhere and no outbox holds anything sendable. */
export async function syncUntilQuiet(devices: readonly SimDevice[], maxRounds = 10): Promise<void> {
  for (let round = 0; round < maxRounds; round++) {
    let isQuiet = true
    for (const device of devices) {
      const before = device.announced.length
      const outcome = await device.sync()
      if (outcome.kind !== 'synced') throw new Error(`sync failed: ${JSON.stringify(outcome)}`)
      if (outcome.pushed > 0 || device.announced.length !== before) isQuiet = false
    }
    if (isQuiet) return
  }
  throw new Error(`devices did not settle in ${maxRounds} rounds`)
}

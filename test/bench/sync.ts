/**
 * The sync bench: Node devices against the in-process server, the server alone (mutations per second on SQLite and
 * PostgreSQL, bytes on the wire, many devices over HTTP), then the app in Chromium. Needs fake-indexeddb installed
 * before Dexie is first loaded (run.ts imports 'fake-indexeddb/auto' first).
 */
import os from 'node:os'
import pg from 'pg'
import { localDate } from '../../src/shared/dates'
import { describeMachine, reportDate } from './report'
import { browserSyncFigures } from './sync-browser'
import { nodeSyncFigures } from './sync-node'
import type { SyncOptions, SyncResults } from './sync-report'
import { serverFigures, type PostgresInfo, type ServerOptions, type ServerResults } from './sync-server'
import { redactedUrl } from '../../src/server/db/postgres'

/** Where the bench looks for PostgreSQL when neither --postgres nor TEST_DATABASE_URL says. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres'

export interface ServerBenchOptions {
  seed: number
  mutations: number
  runs: number
  postgres: PostgresInfo
  load: ServerOptions['load']
  log: (line: string) => void
}

export interface SyncBenchOptions extends SyncOptions {
  distDir: string
  version: string
  log: (line: string) => void
  profileDir?: string
  postgres: PostgresInfo
  load: ServerOptions['load']
}

/**
 * The PostgreSQL server to create the bench's databases on: `requested` (--postgres; 'off' for none), else
 * TEST_DATABASE_URL, else DEFAULT_POSTGRES_URL, if it answers. The databases are created and dropped through
 * test/server/test-database.ts, which reads TEST_DATABASE_URL: it is set to the URL found.
 */
export async function findPostgres(requested: string | undefined): Promise<PostgresInfo> {
  if (requested === 'off') return { skipped: 'PostgreSQL skipped (--postgres off).' }
  const url = requested ?? process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    const { rows } = await client.query<{ server_version: string }>('show server_version')
    process.env.TEST_DATABASE_URL = url
    return { url: redactedUrl(url), version: rows[0]?.server_version ?? '?' }
  } catch (error) {
    const reason = `PostgreSQL skipped: none answered at ${redactedUrl(url)} (${error instanceof Error ? error.message : String(error)}).`
    if (requested !== undefined) throw new Error(reason)
    return { skipped: reason }
  } finally {
    await client.end().catch(() => undefined)
  }
}

export function runServerBench(options: ServerBenchOptions): Promise<ServerResults> {
  const { seed, mutations, runs, postgres, load, log } = options
  log(
    `sync: server, ${mutations} mutations per run, ${runs} runs; ${'url' in postgres ? `PostgreSQL ${postgres.version} at ${postgres.url}` : postgres.skipped}`,
  )
  return serverFigures({ seed, endDate: localDate(), mutations, runs, postgres, load, log })
}

export async function runSyncBench(options: SyncBenchOptions): Promise<SyncResults> {
  const started = performance.now()
  const loadAtStart = os.loadavg()
  const { distDir, version, log, profileDir, postgres, load, ...settings } = options
  const common = { seed: settings.seed, endDate: localDate(), log }
  log(`sync: Node, push ${settings.pushCount} and pull ${3 * settings.pullPerType}, ${settings.runs} runs`)
  const node = await nodeSyncFigures({
    ...common,
    pushCount: settings.pushCount,
    pullPerType: settings.pullPerType,
    runs: settings.runs,
  })
  const server = await runServerBench({
    seed: settings.seed,
    mutations: settings.serverMutations,
    runs: settings.serverRuns,
    postgres,
    load,
    log,
  })
  log('sync: Chromium')
  const browser = await browserSyncFigures({
    ...common,
    distDir,
    version,
    profileDir,
    pushCount: settings.pushCount,
    pullPerType: settings.pullPerType,
    runs: settings.runs,
    throttle: settings.throttle,
    throttledRuns: settings.throttledRuns,
  })
  return {
    date: reportDate(),
    machine: describeMachine(browser.chromium, loadAtStart),
    options: settings,
    node,
    browser,
    server,
    wallMs: performance.now() - started,
  }
}

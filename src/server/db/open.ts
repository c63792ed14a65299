/**
 * Opens the server's database and brings its schema up to date. SQLite (a file under DATA_DIR) is the default:
 * one process, no setup. `DATABASE_URL=postgres://…` chooses PostgreSQL, for several server instances on one
 * database. The same migrations build both schemas; where the engines differ in how concurrent writers are kept
 * apart, the code says so (sync/push.ts).
 */
import { Kysely, Migrator } from 'kysely'
import { resolve } from 'node:path'
import type { ChangeFeed } from './change-feed'
import { migrationProvider } from './migrations'
import { openPostgres } from './postgres'
import type { Database } from './schema'
import { openSqlite } from './sqlite'

export type DatabaseEngine = 'sqlite' | 'postgres'

export interface Storage {
  db: Kysely<Database>
  engine: DatabaseEngine
  /** Where the data lives, for the start-up log (the file, or the server without its password). */
  location: string
  /** Tells every server instance that an account changed (to wake long polls). */
  changes: ChangeFeed
  close: () => Promise<void>
}

export interface StorageOptions {
  /** `postgres://…`, `sqlite:<file>`, or empty for the default SQLite file under dataDir. */
  databaseUrl?: string
  dataDir: string
  /** PostgreSQL connections per instance. @default 10 */
  poolSize?: number
  /** A PostgreSQL connection failed in the background (it is replaced); for the log. */
  onConnectionError?: (error: Error) => void
}

export const DEFAULT_DATABASE_FILE = 'xuesijian.sqlite'

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const url = options.databaseUrl?.trim() ?? ''
  let storage: Storage
  if (/^postgres(ql)?:\/\//.test(url))
    storage = await openPostgres(url, { poolSize: options.poolSize, onConnectionError: options.onConnectionError })
  else if (url === '' || url.startsWith('sqlite:'))
    storage = openSqlite(
      url === '' ? resolve(options.dataDir, DEFAULT_DATABASE_FILE) : resolve(url.slice('sqlite:'.length)),
    )
  else throw new Error(`DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${url}")`)
  try {
    await migrate(storage.db)
  } catch (error) {
    await storage.close()
    throw error
  }
  return storage
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  let outcome = await migrator.migrateToLatest()
  // Two processes opening a new data directory at once (the server and the admin CLI on the first run): the
  // second one's migration collides with the first's. Once the first has finished there is nothing left to do.
  if (outcome.error) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    outcome = await migrator.migrateToLatest()
  }
  const { error, results } = outcome
  const failed = results?.find((r) => r.status === 'Error')
  if (error)
    throw new Error(
      `database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    )
}

/**
 * Opens the server's database and brings its schema up to date. SQLite (a file under DATA_DIR) is the default:
 * one process, no setup. Writes are serialized by SQLite itself and by Kysely's single connection, which is what
 * makes the per-account revision counter safe here.
 */
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { migrationProvider } from './migrations'
import type { Database } from './schema'

export type DatabaseEngine = 'sqlite' | 'postgres'

export interface Storage {
  db: Kysely<Database>
  engine: DatabaseEngine
  /** Where the data lives, for the start-up log (the file, or the server without its password). */
  location: string
  close: () => Promise<void>
}

export interface StorageOptions {
  /** `sqlite:<file>` or empty for the default file under dataDir. */
  databaseUrl?: string
  dataDir: string
}

export const DEFAULT_DATABASE_FILE = 'xuesijian.sqlite'

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const url = options.databaseUrl?.trim() ?? ''
  if (/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL names PostgreSQL, which this version of the server does not support yet; leave it unset to use SQLite')
  if (url !== '' && !url.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with sqlite: (got "${url}")`)
  const file = url === '' ? resolve(options.dataDir, DEFAULT_DATABASE_FILE) : resolve(url.slice('sqlite:'.length))
  mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SQLite(file)
  // WAL: readers never wait for the writer; NORMAL is durable across application crashes (WAL is synced at
  // checkpoints), which is the failure this server must survive; busy_timeout covers the admin CLI writing at once.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  try {
    await migrate(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return { db, engine: 'sqlite', location: file, close: () => db.destroy() }
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
  if (error) throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`)
}

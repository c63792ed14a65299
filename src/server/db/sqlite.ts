/** The embedded default: one SQLite file under DATA_DIR, one process, no setup. */
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { LocalChangeFeed } from './change-feed'
import type { Database } from './schema'
import type { Storage } from './open'

export function openSqlite(file: string): Storage {
  mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SQLite(file)
  // WAL: readers never wait for the writer; NORMAL is durable across application crashes (WAL is synced at
  // checkpoints), which is the failure this server must survive; busy_timeout covers the admin CLI writing at once.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, engine: 'sqlite', location: file, changes: new LocalChangeFeed(), close: () => db.destroy() }
}

/** The embedded default: one SQLite file under DATA_DIR, one process, no setup. */
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely'
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  return { db, engine: 'sqlite', location: file, changes: new LocalChangeFeed(), close: () => db.destroy() }
}

/** Compiled statements kept, by SQL text: the server runs the same few dozen queries (and a few lengths of IN lists). */
const STATEMENT_CACHE_SIZE = 500

/**
 * Kysely prepares every query it runs, and better-sqlite3 compiles the SQL again each time: about a tenth of the
 * server's time under load. Here the same SQL text gets its compiled statement back (the least recently used are
 * dropped beyond STATEMENT_CACHE_SIZE). Kysely runs one query at a time on the one connection and each to its end
 * (all() or run()), so a statement is never in use twice at once; one still busy in an iterate() is not handed out.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>()
  return {
    close: () => sqlite.close(),
    prepare: (sql) => {
      const cached = statements.get(sql)
      if (cached && !cached.busy) {
        // Most recently used last.
        statements.delete(sql)
        statements.set(sql, cached)
        return cached
      }
      const statement = sqlite.prepare(sql)
      if (!cached) {
        statements.set(sql, statement)
        if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!)
      }
      return statement
    },
  }
}

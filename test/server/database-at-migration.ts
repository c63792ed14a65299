/**
 * A database of the test engine brought up to an earlier migration, filled as a server of that time left it, and
 * closed: what an upgrade test then opens with the current server (openStorage runs the rest of the migrations).
 */
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrationProvider } from '../../src/server/db/migrations'
import { DEFAULT_DATABASE_FILE } from '../../src/server/db/open'
import type { Database } from '../../src/server/db/schema'
import { freshTestDatabase, TEST_ENGINE, type TestDatabase } from './test-database'

export interface OldDatabase {
  dataDir: string
  database: TestDatabase
}

/** Migrated up to and including `lastMigration`; `fill` writes the rows. Drop it with `database.drop()`. */
export async function databaseAtMigration(
  lastMigration: string,
  fill: (db: Kysely<Database>) => Promise<void>,
): Promise<OldDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xsj-upgrade-'))
  const database = await freshTestDatabase(dataDir, TEST_ENGINE)
  const dialect =
    TEST_ENGINE === 'postgres'
      ? new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 1 }) })
      : new SqliteDialect({ database: new SQLite(join(dataDir, DEFAULT_DATABASE_FILE)) })
  const db = new Kysely<Database>({ dialect })
  try {
    const outcome = await new Migrator({ db, provider: migrationProvider }).migrateTo(lastMigration)
    if (outcome.error) throw outcome.error
    await fill(db)
  } finally {
    await db.destroy()
  }
  return { dataDir, database }
}

/** The migration that runs just before `name`. */
export async function migrationBefore(name: string): Promise<string> {
  const names = Object.keys(await migrationProvider.getMigrations()).sort()
  return names[names.indexOf(name) - 1]!
}

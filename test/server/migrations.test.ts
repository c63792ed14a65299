import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrationProvider } from '../../src/server/db/migrations'
import { openStorage, type Storage } from '../../src/server/db/open'

/** Every migration the server has, in the order they run: each must have run, once. */
const MIGRATION_NAMES = Object.keys(await migrationProvider.getMigrations()).sort()

const opened: Storage[] = []
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close()
})

async function open(dataDir: string): Promise<Storage> {
  const storage = await openStorage({ dataDir })
  opened.push(storage)
  return storage
}

async function migrationsOf(storage: Storage): Promise<{ name: string; timestamp: string }[]> {
  const { rows } = await sql<{
    name: string
    timestamp: string
  }>`select name, timestamp from kysely_migration order by name`.execute(storage.db)
  return rows
}

async function tablesOf(storage: Storage): Promise<string[]> {
  const { rows } = await sql<{
    name: string
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(storage.db)
  return rows.map((r) => r.name)
}

const account = {
  id: '0190a000-0000-7000-8000-000000000001',
  name: 'admin',
  name_key: 'admin',
  display_name: '管理员',
  password_hash: 'x',
  is_admin: 1,
  disabled_at: null,
  created_at: '2026-11-10T08:00:00.000Z',
  last_rev: 7,
  purged_rev: 0,
}

describe('database migrations', () => {
  it('brings a new data directory to the latest schema and records each migration', async () => {
    const storage = await open(mkdtempSync(join(tmpdir(), 'xsj-data-')))
    expect((await migrationsOf(storage)).map((m) => m.name)).toEqual(MIGRATION_NAMES)
    expect(await tablesOf(storage)).toEqual([
      'account_blobs',
      'accounts',
      'counters',
      'devices',
      'feed',
      'kysely_migration',
      'kysely_migration_lock',
      'login_failures',
      'memberships',
      'mutations',
      'record_photos',
      'record_shares',
      'records',
      'server_meta',
      'timeline_forks',
      'timelines',
      'tokens',
      'unit_reviewers',
      'units',
    ])
    expect((await storage.db.selectFrom('server_meta').selectAll().execute()).map((row) => row.key)).toEqual([
      'timeline',
    ])
  })

  it('runs no migration again when the same data directory is opened again, and keeps the data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xsj-data-'))
    const first = await openStorage({ dataDir })
    const migrated = await migrationsOf(first)
    await first.db.insertInto('accounts').values(account).execute()
    await first.close()

    const second = await open(dataDir)
    expect(await migrationsOf(second)).toEqual(migrated)
    expect(await second.db.selectFrom('accounts').selectAll().execute()).toEqual([account])
    // Opened a second time while still open (the admin command line beside the running server): the same.
    const third = await open(dataDir)
    expect(await migrationsOf(third)).toEqual(migrated)
    expect(await third.db.selectFrom('accounts').select('last_rev').executeTakeFirstOrThrow()).toEqual({ last_rev: 7 })
  })

  it('refuses to open a database migrated by a newer server it does not know, rather than use it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xsj-data-'))
    const newer = await openStorage({ dataDir })
    await sql`insert into kysely_migration (name, timestamp) values ('0002-from-the-future', ${new Date().toISOString()})`.execute(
      newer.db,
    )
    await newer.close()
    await expect(openStorage({ dataDir })).rejects.toThrow(
      /database migration .*failed: corrupted migrations: previously executed migration 0002-from-the-future is missing/,
    )
  })
})

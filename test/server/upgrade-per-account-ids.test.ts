/**
 * Migrations 0004 and 0007 on a populated database, on this engine: records keep their data under their owner (the
 * account, then the scope), an id may then be used by two owners, counters take values past 2^31 (PostgreSQL's
 * integer), and every record is in its owner's view at the position of its revision, so devices' cursors still hold.
 */
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { openStorage, type Storage } from '../../src/server/db/open'
import { databaseAtMigration, type OldDatabase } from './database-at-migration'

const ACCOUNT = (id: string, name: string, lastRev = 1) => ({
  id,
  name,
  name_key: name,
  display_name: name,
  password_hash: 'x',
  is_admin: 0,
  disabled_at: null,
  created_at: '2026-11-10T08:00:00.000Z',
  last_rev: lastRev,
  purged_rev: 0,
})
/** A record as migration 0007 stores it. */
const RECORD = (id: string, scope: string, rev: number) => ({
  scope,
  id,
  author_id: scope,
  unit_id: null,
  tbl: 'studySessions',
  rev,
  data: '{"topic":"学习"}',
  field_revs: '{"topic":[1,1]}',
  conflicts: '[]',
  shared_with: '[]',
  created_at: '2026-11-10T08:00:00.000Z',
  updated_at: '2026-11-10T08:00:00.000Z',
  device_id: '0190a000-0000-7000-8000-0000000000d1',
  deleted_at: null,
  changed_at: '2026-11-10T08:00:00.000Z',
})

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A database at migration 0003, as a server before these changes left it (records keyed by id alone). */
async function databaseAt0003(): Promise<OldDatabase> {
  const old = await databaseAtMigration('0003-account-blobs', async (db) => {
    await db
      .insertInto('accounts')
      .values([ACCOUNT('a1', 'alice', 3), ACCOUNT('b1', 'bob', 7)])
      .execute()
    for (const [id, rev] of [
      ['r1', 1],
      ['r2', 3],
    ] as const) {
      await sql`insert into records (id, account_id, tbl, rev, data, field_revs, conflicts, created_at, updated_at, device_id, deleted_at, changed_at)
        values (${id}, 'a1', 'studySessions', ${rev}, '{"topic":"学习"}', '{"topic":[1,1]}', '[]', '2026-11-10T08:00:00.000Z', '2026-11-10T08:00:00.000Z', 'd', null, '2026-11-10T08:00:00.000Z')`.execute(
        db,
      )
    }
  })
  cleanups.push(() => old.database.drop())
  return old
}

describe('migrations 0004 and 0007 on a populated database', () => {
  it('keeps every record under its owner, in its owner’s view at its revision, lets another owner use the same id, and stores counters beyond 2^31', async () => {
    const { dataDir, database } = await databaseAt0003()
    const storage: Storage = await openStorage({ dataDir, databaseUrl: database.url })
    cleanups.push(() => storage.close())
    const { db } = storage
    expect(
      await db
        .selectFrom('records')
        .select(['id', 'scope', 'author_id', 'rev', 'data', 'shared_with'])
        .orderBy('id')
        .execute(),
    ).toEqual([
      { id: 'r1', scope: 'a1', author_id: 'a1', rev: 1, data: '{"topic":"学习"}', shared_with: '[]' },
      { id: 'r2', scope: 'a1', author_id: 'a1', rev: 3, data: '{"topic":"学习"}', shared_with: '[]' },
    ])
    expect(
      await db.selectFrom('feed').select(['account_id', 'record_id', 'pos', 'is_gone']).orderBy('pos').execute(),
    ).toEqual([
      { account_id: 'a1', record_id: 'r1', pos: 1, is_gone: 0 },
      { account_id: 'a1', record_id: 'r2', pos: 3, is_gone: 0 },
    ])
    // Above every account's counter: a cursor any device holds stays below every new position.
    expect(
      await db.selectFrom('counters').select('value').where('name', '=', 'feed').executeTakeFirstOrThrow(),
    ).toEqual({ value: 7 })

    await db
      .insertInto('records')
      .values(RECORD('r1', 'b1', 1))
      .execute()
    await expect(
      db
        .insertInto('records')
        .values(RECORD('r1', 'a1', 9))
        .execute(),
    ).rejects.toThrow()
    // The index on (owner, rev) is still there and still unique.
    await expect(
      db
        .insertInto('records')
        .values(RECORD('r9', 'a1', 3))
        .execute(),
    ).rejects.toThrow()

    const big = 2 ** 40 + 7
    await db.updateTable('accounts').set({ last_rev: big, purged_rev: big }).where('id', '=', 'a1').execute()
    await db
      .insertInto('devices')
      .values({ account_id: 'a1', device_id: 'd1', device_no: 1, last_seq: big, created_at: 'x', last_seen_at: 'x' })
      .execute()
    await db
      .insertInto('mutations')
      .values({ account_id: 'a1', device_id: 'd1', seq: big, mutation_id: 'm1', result: '{}', applied_at: 'x' })
      .execute()
    await db.updateTable('records').set({ rev: big }).where('id', '=', 'r2').where('scope', '=', 'a1').execute()
    await db.updateTable('feed').set({ pos: big }).where('record_id', '=', 'r2').execute()
    expect(
      await db
        .selectFrom('accounts')
        .select(['last_rev', 'purged_rev'])
        .where('id', '=', 'a1')
        .executeTakeFirstOrThrow(),
    ).toEqual({ last_rev: big, purged_rev: big })
    expect(await db.selectFrom('mutations').select('seq').executeTakeFirstOrThrow()).toEqual({ seq: big })
    expect(await db.selectFrom('devices').select('last_seq').executeTakeFirstOrThrow()).toEqual({ last_seq: big })
    expect(
      await db
        .selectFrom('records')
        .select('rev')
        .where('id', '=', 'r2')
        .where('scope', '=', 'a1')
        .executeTakeFirstOrThrow(),
    ).toEqual({ rev: big })
    expect(await db.selectFrom('feed').select('pos').where('record_id', '=', 'r2').executeTakeFirstOrThrow()).toEqual({
      pos: big,
    })
  })
})

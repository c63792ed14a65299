/**
 * Migration 0006 on a database whose accounts were keyed the old way (trimmed, lower case): every account is still
 * found by the name its owner types, and two names that only looked different no longer share a key in secret.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Accounts } from '../../src/server/auth/accounts'
import { openStorage, type Storage } from '../../src/server/db/open'
import { databaseAtMigration, migrationBefore, type OldDatabase } from './database-at-migration'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** An account as the server before 0006 stored it: its key trimmed and lower-cased, nothing more. */
const OLD_ACCOUNT = (id: string, name: string, createdAt: string) => ({
  id,
  name,
  name_key: name.trim().toLowerCase(),
  display_name: name,
  password_hash: 'x',
  is_admin: 0,
  disabled_at: null,
  created_at: createdAt,
  last_rev: 0,
  purged_rev: 0,
})

async function databaseBefore0006(accounts: ReturnType<typeof OLD_ACCOUNT>[]): Promise<OldDatabase> {
  const old = await databaseAtMigration(await migrationBefore('0006-sign-in-throttle'), async (db) => {
    await db.insertInto('accounts').values(accounts).execute()
    await db
      .insertInto('tokens')
      .values({
        token_hash: 'h-fullwidth',
        account_id: 'a2',
        device_id: null,
        device_name: '',
        created_at: '2026-01-01T00:00:00.000Z',
        last_used_at: '2026-01-01T00:00:00.000Z',
        revoked_at: null,
      })
      .execute()
  })
  cleanups.push(() => old.database.drop())
  return old
}

describe('migration 0006 (PRECIS name keys) on a populated database', () => {
  it('keys every account the new way, and renames the later of two look-alikes visibly', async () => {
    const { dataDir, database } = await databaseBefore0006([
      OLD_ACCOUNT('a1', 'admin', '2026-01-01T00:00:00.000Z'),
      OLD_ACCOUNT('a2', 'ａｄｍｉｎ', '2026-01-02T00:00:00.000Z'),
      OLD_ACCOUNT('a3', 'Ｚｈａｎｇ', '2026-01-03T00:00:00.000Z'),
      // Older than the plain `lisi`, but `lisi` is the one that typing "lisi" reaches today: it keeps the name.
      OLD_ACCOUNT('a4', 'li\u200bsi', '2026-01-04T00:00:00.000Z'),
      OLD_ACCOUNT('a5', 'lisi', '2026-01-05T00:00:00.000Z'),
      OLD_ACCOUNT('a6', 'admin-2', '2026-01-06T00:00:00.000Z'),
    ])
    const storage: Storage = await openStorage({ dataDir, databaseUrl: database.url })
    cleanups.push(() => storage.close())
    const rows = await storage.db.selectFrom('accounts').select(['id', 'name', 'name_key']).orderBy('id').execute()
    expect(rows).toEqual([
      { id: 'a1', name: 'admin', name_key: 'admin' },
      { id: 'a2', name: 'admin-3', name_key: 'admin-3' },
      { id: 'a3', name: 'Ｚｈａｎｇ', name_key: 'zhang' },
      { id: 'a4', name: 'lisi-2', name_key: 'lisi-2' },
      { id: 'a5', name: 'lisi', name_key: 'lisi' },
      { id: 'a6', name: 'admin-2', name_key: 'admin-2' },
    ])
    const accounts = new Accounts(storage.db)
    expect((await accounts.byName('zhang'))?.id).toBe('a3')
    expect((await accounts.byName('ＺＨＡＮＧ'))?.id).toBe('a3')
    expect((await accounts.byName('ａｄｍｉｎ'))?.id).toBe('a1')
    expect((await accounts.byName('admin-3'))?.id).toBe('a2')
    // The renamed account's devices stay signed in.
    expect((await accounts.byToken('h-fullwidth'))?.account.id).toBe('a2')
    // The throttle's new column is there.
    await storage.db
      .insertInto('login_failures')
      .values({
        key: 'pair:x|addr:y',
        count: 1,
        window_start: '2026-01-01T00:00:00.000Z',
        blocked_until: '2026-01-01T00:00:15.000Z',
      })
      .execute()
  })
})

/**
 * The storage contract: what the server needs of its database, checked on whichever engine the test project runs
 * (SQLite in `unit`, PostgreSQL in `postgres`). Where PostgreSQL can serve several instances, the concurrent cases
 * go through two instances on one database; on SQLite, through one instance (it serves one process).
 */
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { AccountInfo } from '../../src/shared/accounts'
import { PROTOCOL_VERSION, type RecordState } from '../../src/shared/sync/protocol'
import { Accounts } from '../../src/server/auth/accounts'
import { migrationProvider } from '../../src/server/db/migrations'
import { openStorage } from '../../src/server/db/open'
import { purgeTombstones } from '../../src/server/sync/purge'
import { readTimeline, renewTimeline } from '../../src/server/sync/timeline'
import {
  ADMIN,
  addAccount,
  call,
  pullAll,
  session,
  setUpAdmin,
  startTestServer,
  WireDevice,
  type TestServer,
} from './support'

/** Every migration the server has, in the order they run: each must have run, once. */
const MIGRATION_NAMES = Object.keys(await migrationProvider.getMigrations()).sort()

async function instances(server: TestServer): Promise<[TestServer, TestServer]> {
  return [server, server.engine === 'postgres' ? await server.secondInstance() : server]
}

describe('storage contract', () => {
  it('builds the schema by the numbered migrations, and opening it again runs none twice', async () => {
    const server = await startTestServer()
    const migrations = async () =>
      (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(server.storage.db)
      ).rows.map((r) => r.name)
    expect(await migrations()).toEqual(MIGRATION_NAMES)
    const tables = (await server.storage.db.introspection.getTables())
      .map((t) => t.name)
      .filter((name) => !name.startsWith('kysely_'))
      .sort()
    expect(tables).toEqual([
      'account_blobs',
      'accounts',
      'counters',
      'devices',
      'feed',
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
    const timeline = await readTimeline(server.storage.db)
    await server.restart()
    expect(await migrations()).toEqual(MIGRATION_NAMES)
    expect(await readTimeline(server.storage.db)).toBe(timeline)
  })

  it('refuses a DATABASE_URL it does not know, saying which it takes', async () => {
    await expect(openStorage({ dataDir: '/tmp', databaseUrl: 'mysql://localhost/xsj' })).rejects.toThrow(
      'DATABASE_URL must start with postgres://, postgresql:// or sqlite:',
    )
  })

  it('hands out every revision once, in commit order, while many devices push at once through two instances', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const [one, two] = await instances(server)
    const pushers = Array.from({ length: 8 }, (_, i) => new WireDevice(i % 2 === 0 ? one : two, admin.token))
    const created: string[] = []
    // A reader pulls all along, as a phone would, and must end with everything: no change may appear below a
    // cursor it has already passed.
    const seen = new Map<string, number>()
    let cursor = 0
    let isDone = false
    const reader = new WireDevice(one, admin.token)
    const reading = (async () => {
      while (!isDone) {
        const page = await reader.pull(cursor, 50)
        for (const change of page.body.changes) seen.set(change.id, change.rev)
        cursor = page.body.cursor
      }
    })()
    await Promise.all(
      pushers.map(async (device) => {
        for (let batch = 0; batch < 5; batch++) {
          const mutations = Array.from({ length: 4 }, (_, i) =>
            device.create('studySessions', session({ topic: `第${batch}批第${i}条` })),
          )
          const answer = await device.push(mutations)
          expect(answer.status).toBe(200)
          created.push(...mutations.map((m) => m.recordId))
        }
      }),
    )
    isDone = true
    await reading
    for (;;) {
      const page = await reader.pull(cursor, 50)
      for (const change of page.body.changes) seen.set(change.id, change.rev)
      cursor = page.body.cursor
      if (!page.body.hasMore) break
    }
    const all = await pullAll(new WireDevice(two, admin.token))
    expect(all.map((r) => r.rev).sort((a, b) => a - b)).toEqual(Array.from({ length: 160 }, (_, i) => i + 1))
    expect(new Set(all.map((r) => r.id))).toEqual(new Set(created))
    expect(seen.size).toBe(160)
  })

  it('counts sign-in failures arriving at once, on every instance, and then refuses', async () => {
    const server = await startTestServer({
      loginLimits: { name: { maxFailures: 6, windowMs: 60_000 }, address: { maxFailures: 100, windowMs: 60_000 } },
    })
    await setUpAdmin(server)
    const [one, two] = await instances(server)
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(i % 2 === 0 ? one : two, 'POST', '/api/auth/login', { name: ADMIN.name, password: `wrong ${i}` }),
      ),
    )
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401])
    const row = await server.storage.db
      .selectFrom('login_failures')
      .selectAll()
      .where('key', '=', `name:${ADMIN.name}`)
      .executeTakeFirstOrThrow()
    expect(row.count).toBe(6)
    expect((await call(two, 'POST', '/api/auth/login', { name: ADMIN.name, password: ADMIN.password })).status).toBe(
      429,
    )
  })

  it('lets only one of two people setting up a new server at once become its administrator', async () => {
    const server = await startTestServer()
    const [one, two] = await instances(server)
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        call(i % 2 === 0 ? one : two, 'POST', '/api/auth/setup', { name: `person${i}`, password: 'a long password' }),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
    expect(await server.storage.db.selectFrom('accounts').select('name').execute()).toHaveLength(1)
  })

  it('makes a first-run setup wait for one still being written, and then not create a second administrator', async () => {
    const server = await startTestServer()
    const [, two] = await instances(server)
    // Another instance's setup has written its administrator but not yet committed.
    const first = await server.storage.db.startTransaction().execute()
    await first.insertInto('server_meta').values({ key: 'first_account', value: 'first' }).execute()
    await first
      .insertInto('accounts')
      .values({
        id: 'first',
        name: 'first',
        name_key: 'first',
        display_name: 'first',
        password_hash: 'x',
        is_admin: 1,
        disabled_at: null,
        created_at: new Date().toISOString(),
        last_rev: 0,
        purged_rev: 0,
      })
      .execute()
    const second = new Accounts(two.storage.db).create(
      { name: 'second', password: 'a long password', isAdmin: true },
      { onlyIfNone: true },
    )
    await new Promise((resolve) => setTimeout(resolve, 300))
    await first.commit().execute()
    expect(await second).toBeUndefined()
    expect((await server.storage.db.selectFrom('accounts').select('name').execute()).map((a) => a.name)).toEqual([
      'first',
    ])
  })

  it('gives a name to only one of two accounts created with it at once', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const [one, two] = await instances(server)
    const answers = await Promise.all(
      [one, two].map((instance) =>
        call(instance, 'POST', '/api/admin/accounts', { name: '张伟', password: 'a long password' }, admin.token),
      ),
    )
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409])
    expect((answers.find((a) => a.status === 409)!.body as { error: string }).error).toBe('name_taken')
  })

  it('wakes a device waiting on one instance when a push lands on the other', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const [one, two] = await instances(server)
    const listening = new WireDevice(one, admin.token)
    const writing = new WireDevice(two, admin.token)
    const waiting = call(
      one,
      'POST',
      '/api/sync/wait',
      { protocol: PROTOCOL_VERSION, deviceId: listening.deviceId, cursor: 0, timeoutSeconds: 10 },
      admin.token,
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = performance.now()
    await writing.push([writing.create('studySessions', session())])
    expect((await waiting).body).toMatchObject({ changed: true, rev: 1 })
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('keeps serving when the database drops its connections (a PostgreSQL restart or failover), and wakes waits again', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const [one, two] = await instances(server)
    if (server.engine === 'postgres') {
      // Every other connection to this database: idle pool clients of both instances and their LISTEN connections.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(
        server.storage.db,
      )
      await new Promise((resolve) => setTimeout(resolve, 1500))
    }
    expect((await call(one, 'GET', '/api/health')).status).toBe(200)
    const listening = new WireDevice(one, admin.token)
    const writing = new WireDevice(two, admin.token)
    const waiting = call(
      one,
      'POST',
      '/api/sync/wait',
      { protocol: PROTOCOL_VERSION, deviceId: listening.deviceId, cursor: 0, timeoutSeconds: 10 },
      admin.token,
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    const started = performance.now()
    expect((await writing.push([writing.create('studySessions', session())])).status).toBe(200)
    expect((await waiting).body).toMatchObject({ changed: true })
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('keeps accounts apart, purges old tombstones, and renews the timeline, on this engine', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const other = await addAccount(server, admin.token, 'other')
    const mine = new WireDevice(server, admin.token)
    const theirs = new WireDevice(server, other.token)
    const kept = mine.create('studySessions', session({ topic: '保留' }))
    const gone = mine.create('studySessions', session({ topic: '删除' }))
    await mine.push([kept, gone])
    await mine.push([
      mine.mutation('studySessions', gone.recordId, 'delete', { deletedAt: new Date().toISOString() }, 2),
    ])
    await theirs.push([theirs.create('studySessions', session({ topic: '别人的' }))])
    expect((await purgeTombstones(server.storage.db, new Date(Date.now() + 1000))).purged).toBe(1)
    const pulled: RecordState[] = await pullAll(mine)
    expect(pulled.map((r) => r.fields.topic)).toEqual(['保留'])
    expect((await mine.pull(1)).status).toBe(410)
    const before = (await mine.pull(0)).body.timeline
    await renewTimeline(server.storage.db)
    expect((await mine.pull(0)).body.timeline).not.toBe(before)
    const me = (await call(server, 'GET', '/api/auth/me', undefined, admin.token)).body as { account: AccountInfo }
    expect(me.account.name).toBe(ADMIN.name)
  })
})

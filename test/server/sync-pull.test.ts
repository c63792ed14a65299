import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { purgeTombstones } from '../../src/server/sync/purge'
import { renewTimeline } from '../../src/server/sync/timeline'
import { PROTOCOL_VERSION, type PullResponse } from '../../src/shared/sync/protocol'
import {
  addAccount,
  call,
  expectError,
  pullAll,
  revisionOf,
  session,
  setUpAdmin,
  startTestServer,
  useSharedServer,
  WireDevice,
  type TestServer,
} from './support'

describe('pull', () => {
  const shared = useSharedServer(async (server) => {
    const admin = await setUpAdmin(server)
    return { user: await addAccount(server, admin.token, 'member') }
  })
  function device(): WireDevice {
    const { server, user } = shared()
    return new WireDevice(server, user.token)
  }
  async function revision(): Promise<number> {
    const { server, user } = shared()
    return revisionOf(server, user.account.id)
  }

  it('pages through changes in revision order with limit, hasMore and the cursor it returns', async () => {
    const phone = device()
    const laptop = device()
    const start = await revision()
    const creates = Array.from({ length: 5 }, (_, i) =>
      phone.create('studySessions', session({ topic: `第${i + 1}次学习` })),
    )
    await phone.push(creates)

    const pages: PullResponse[] = []
    let cursor = start
    do {
      const page = await laptop.pull(cursor, 2)
      expect(page.status).toBe(200)
      pages.push(page.body)
      cursor = page.body.cursor
    } while (pages.at(-1)!.hasMore)

    expect(pages.map((p) => [p.changes.map((c) => c.rev), p.cursor, p.hasMore])).toEqual([
      [[start + 1, start + 2], start + 2, true],
      [[start + 3, start + 4], start + 4, true],
      [[start + 5], start + 5, false],
    ])
    expect(pages.flatMap((p) => p.changes.map((c) => c.fields.topic))).toEqual(creates.map((c) => c.changes.topic))
    // A page that takes exactly what is left has nothing more after it.
    expect((await laptop.pull(start + 1, 4)).body).toMatchObject({ cursor: start + 5, hasMore: false })
    // Nothing after the last cursor: the same cursor comes back.
    expect((await laptop.pull(cursor, 2)).body).toEqual({
      protocol: PROTOCOL_VERSION,
      timeline: expect.any(String),
      changes: [],
      cursor,
      hasMore: false,
    })
  })

  it('sends each record once, in its latest state, with its fields’ revisions but not which device made them', async () => {
    const phone = device()
    const start = await revision()
    const [first, second] = [
      phone.create('studySessions', session({ topic: '一' })),
      phone.create('studySessions', session({ topic: '二' })),
    ]
    await phone.push([first, second])
    await phone.push([phone.mutation('studySessions', first.recordId, 'update', { topic: '一（改）' }, start + 1)])

    const page = await device().pull(start)
    expect(page.body.changes.map((c) => [c.id, c.rev, c.fields.topic])).toEqual([
      [second.recordId, start + 2, '二'],
      [first.recordId, start + 3, '一（改）'],
    ])
    for (const change of page.body.changes)
      expect(Object.keys(change).sort()).toEqual([
        'authorId',
        'conflicts',
        'createdAt',
        'deletedAt',
        'deviceId',
        'fieldRevs',
        'fields',
        'id',
        'rev',
        'sharedWith',
        'table',
        'unitId',
        'updatedAt',
      ])
    expect(page.body.changes[1]!.fieldRevs).toMatchObject({ topic: start + 3, place: start + 1 })
    expect(page.body.changes[0]!.fieldRevs).toMatchObject({ topic: start + 2 })
  })

  it('counts the changes left after a page when asked, for a progress bar', async () => {
    const { server, user } = shared()
    const phone = device()
    const start = await revision()
    await phone.push(Array.from({ length: 3 }, () => phone.create('studySessions', session())))
    const page = await call(
      server,
      'POST',
      '/api/sync/pull',
      { protocol: PROTOCOL_VERSION, deviceId: phone.deviceId, cursor: start, limit: 1, countRemaining: true },
      user.token,
    )
    expect(page.body).toMatchObject({ cursor: start + 1, hasMore: true, remaining: 2 })
    expect((await phone.pull(start, 1)).body).not.toHaveProperty('remaining')
  })

  it('sends a deletion to the other devices as a tombstone', async () => {
    const phone = device()
    const laptop = device()
    const create = phone.create('studySessions', session({ topic: '将被删除' }))
    const rev = (await phone.push([create])).body.results[0]!.rev!
    const seen = await laptop.pull(rev - 1)
    expect(seen.body.changes).toMatchObject([{ id: create.recordId, deletedAt: null }])

    await phone.push([
      phone.mutation('studySessions', create.recordId, 'delete', { deletedAt: '2026-11-12T08:00:00.000Z' }, rev),
    ])
    const after = await laptop.pull(seen.body.cursor)
    expect(after.body.changes).toMatchObject([
      { id: create.recordId, rev: rev + 1, deletedAt: '2026-11-12T08:00:00.000Z', deviceId: phone.deviceId },
    ])
    // A device starting from scratch learns of the deletion too.
    expect((await pullAll(device())).find((r) => r.id === create.recordId)?.deletedAt).toBe('2026-11-12T08:00:00.000Z')
  })

  it('compresses a large answer for a client that accepts gzip', async () => {
    const { server, user } = shared()
    const phone = device()
    await phone.push(
      Array.from({ length: 20 }, () =>
        phone.create('studySessions', session({ summary: '学习贯彻全会精神。'.repeat(200) })),
      ),
    )
    const response = await server.app.request('/api/sync/pull', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ protocol: PROTOCOL_VERSION, deviceId: phone.deviceId, cursor: 0 }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('gzip')
    const compressed = Buffer.from(await response.arrayBuffer())
    const body = JSON.parse(gunzipSync(compressed).toString('utf8')) as PullResponse
    expect(body.changes.length).toBeGreaterThanOrEqual(20)
    expect(compressed.length).toBeLessThan(JSON.stringify(body).length / 5)
  })
})

describe('pull after old tombstones are purged', () => {
  async function serverWithHistory() {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const phone = new WireDevice(server, admin.token)
    const laptop = new WireDevice(server, admin.token)
    const [a, b, c] = [0, 1, 2].map(() => phone.create('studySessions', session()))
    await phone.push([a!, b!, c!])
    const laptopCursor = (await laptop.pull(0)).body.cursor
    expect(laptopCursor).toBe(3)
    await phone.push([
      phone.mutation('studySessions', b!.recordId, 'delete', { deletedAt: new Date().toISOString() }, 2),
    ])
    await phone.push([phone.mutation('studySessions', a!.recordId, 'update', { topic: '删除之后的修改' }, 1)])
    return { server, admin, phone, laptop, laptopCursor, ids: { a: a!.recordId, b: b!.recordId, c: c!.recordId } }
  }

  it('tells a device whose cursor may have missed a purged deletion to start over, and lets it', async () => {
    const { server, laptop, laptopCursor, ids } = await serverWithHistory()
    expect(await purgeTombstones(server.storage.db, new Date(Date.now() + 1000))).toEqual({ purged: 1 })

    const tooOld = expectError(await laptop.pull(laptopCursor), 410, 'cursor_too_old')
    expect(tooOld).toMatchObject({ oldestCursor: 4, message: '需要与服务器重新完整同步一次，本机未同步的修改会保留' })
    // From the beginning: everything alive, the purged tombstone gone.
    const fresh = await laptop.pull(0)
    expect(fresh.status).toBe(200)
    expect(fresh.body.changes.map((r) => r.id).sort()).toEqual([ids.a, ids.c].sort())
    expect(fresh.body.cursor).toBe(5)
    // From the purged tombstone's revision on, nothing was missed.
    expect((await laptop.pull(4)).body.changes.map((r) => [r.id, r.fields.topic])).toEqual([[ids.a, '删除之后的修改']])
  })

  it('keeps tombstones newer than the cutoff, and every cursor keeps working', async () => {
    const { server, laptop, laptopCursor, ids } = await serverWithHistory()
    expect(await purgeTombstones(server.storage.db, new Date(Date.now() - 60_000))).toEqual({ purged: 0 })
    const page = await laptop.pull(laptopCursor)
    expect(page.status).toBe(200)
    expect(page.body.changes.map((r) => [r.id, r.deletedAt !== null])).toEqual([
      [ids.b, true],
      [ids.a, false],
    ])
  })

  it('refuses a cursor beyond the account’s counter (a server restored from an older backup)', async () => {
    const { laptop } = await serverWithHistory()
    expect(expectError(await laptop.pull(6), 410, 'cursor_too_old').oldestCursor).toBe(0)
    expect((await laptop.pull(5)).body).toMatchObject({ changes: [], cursor: 5, hasMore: false })
  })
})

describe('pull after the server was restored from a backup (timelines)', () => {
  const pullOn = (server: TestServer, device: WireDevice, token: string, cursor: number, timeline: string) =>
    call(
      server,
      'POST',
      '/api/sync/pull',
      { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, cursor, timeline },
      token,
    )

  it('tells a device on an earlier timeline the last revision both share, through a chain of restores, per account', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const member = await addAccount(server, admin.token, 'member')
    const phone = new WireDevice(server, admin.token)
    await phone.push([phone.create('studySessions', session()), phone.create('studySessions', session())])
    const first = (await phone.pull(0)).body.timeline
    // First restore: at this moment the administrator's counter is 2 and the member's 0.
    const second = await renewTimeline(server.storage.db)
    await phone.push([phone.create('studySessions', session()), phone.create('studySessions', session())])
    // Second restore, later: the administrator's counter is 4 by then.
    const third = await renewTimeline(server.storage.db)

    const answer = async (timeline: string, token = admin.token) =>
      (await pullOn(server, phone, token, 0, timeline)).body as PullResponse
    expect(await answer(third)).not.toHaveProperty('forkRev')
    expect((await answer(second)).forkRev).toBe(4)
    expect((await answer(first)).forkRev).toBe(2)
    expect((await answer(first, member.token)).forkRev).toBe(0)
    // A timeline the server never knew (made after the backup it was restored from): nothing is shared.
    expect((await answer('01a20a3c-0000-7000-8000-000000000000')).forkRev).toBe(0)
    // The same in a 410: a cursor above the counter, from a device still on the first timeline.
    const behind = expectError(await pullOn(server, phone, admin.token, 99, first), 410, 'cursor_too_old')
    expect(behind).toMatchObject({ resync: 'serverBehind', forkRev: 2 })
    expect(third).not.toBe(second)
  })
})

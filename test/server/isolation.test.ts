import { describe, expect, it } from 'vitest'
import { purgeTombstones } from '../../src/server/sync/purge'
import { uuidv7 } from '../../src/shared/ids'
import { PROTOCOL_VERSION, type PushResponse } from '../../src/shared/sync/protocol'
import {
  addAccount,
  call,
  expectError,
  note,
  pullAll,
  revisionOf,
  session,
  setUpAdmin,
  signIn,
  useSharedServer,
  whoAmI,
  WireDevice,
} from './support'

const PASSWORD = 'a password of enough length'

describe('isolation between accounts', () => {
  let made = 0
  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))
  /** Two fresh accounts, so one test's sign-outs and records cannot leak into another's. */
  async function twoAccounts() {
    const { server, admin } = shared()
    const names = [`alice${++made}`, `bob${made}`] as const
    const [alice, bob] = [
      await addAccount(server, admin.token, names[0], PASSWORD),
      await addAccount(server, admin.token, names[1], PASSWORD),
    ]
    return { server, alice: { name: names[0], ...alice }, bob: { name: names[1], ...bob } }
  }

  it('pulls only the account’s own records, each account with its own revisions', async () => {
    const { server, alice, bob } = await twoAccounts()
    const alicePhone = new WireDevice(server, alice.token)
    const bobPhone = new WireDevice(server, bob.token)
    const aliceNote = alicePhone.create('readingNotes', note({ reflection: '爱丽丝的心得' }))
    expect(
      (await alicePhone.push([aliceNote, alicePhone.create('studySessions', session())])).body.results.map(
        (r) => r.rev,
      ),
    ).toEqual([1, 2])
    const bobSession = bobPhone.create('studySessions', session({ topic: '鲍勃的学习' }))
    expect((await bobPhone.push([bobSession])).body.results.map((r) => r.rev)).toEqual([1])

    expect((await pullAll(bobPhone)).map((r) => r.id)).toEqual([bobSession.recordId])
    expect((await pullAll(alicePhone)).map((r) => r.id)).toEqual([aliceNote.recordId, expect.any(String)])
    // A cursor taken from Alice's pull, sent by Bob, shows Bob nothing of hers: cursors are places in one's own view.
    const aliceCursor = (await alicePhone.pull(0, 1)).body.cursor
    expect((await bobPhone.pull(aliceCursor)).body.changes.every((r) => r.id === bobSession.recordId)).toBe(true)
  })

  it('answers an edit of another account’s record id as of an unknown one, refuses that mutation alone, and lets the rest through', async () => {
    const { server, alice, bob } = await twoAccounts()
    const alicePhone = new WireDevice(server, alice.token)
    const aliceCreate = alicePhone.create('studySessions', session({ topic: '爱丽丝的记录' }))
    await alicePhone.push([aliceCreate])
    const aliceBefore = await pullAll(alicePhone)

    const bobPhone = new WireDevice(server, bob.token)
    const unknownId = uuidv7()
    const edits = (id: string) => [
      bobPhone.mutation('studySessions', id, 'update', { topic: '被鲍勃改了' }, 1),
      bobPhone.mutation('studySessions', id, 'delete', { deletedAt: new Date().toISOString() }, 1),
      bobPhone.mutation('studySessions', id, 'restore', { deletedAt: null }, 1),
      bobPhone.mutation('studySessions', id, 'resolve', {}, 1, { resolves: [uuidv7()] }),
    ]
    const own = bobPhone.create('studySessions', session({ topic: '鲍勃自己的' }))
    const foreign = edits(aliceCreate.recordId)
    const unknown = edits(unknownId)
    const ownNote = bobPhone.create('readingNotes', note())
    const pushed = await bobPhone.push([own, ...foreign, ...unknown, ownNote])
    expect(pushed.status).toBe(200)
    const results = pushed.body.results
    expect(results[0]).toMatchObject({ status: 'applied', rev: 1 })
    expect(results.at(-1)).toMatchObject({ status: 'applied', rev: 2 })
    // Alike: nothing tells Bob whether an id is Alice's or nobody's.
    const refusals = results.slice(1, -1).map((r) => ({ status: r.status, rev: r.rev, refusal: r.refusal }))
    expect(refusals.slice(0, 4)).toEqual(refusals.slice(4))
    for (const refusal of refusals)
      expect(refusal).toMatchObject({ status: 'refused', rev: null, refusal: { code: 'not_found' } })

    expect((await pullAll(bobPhone)).map((r) => r.id)).toEqual([own.recordId, ownNote.recordId])
    expect(await pullAll(alicePhone)).toEqual(aliceBefore)
    expect(await revisionOf(server, alice.account.id)).toBe(1)
  })

  it('lets an account create a record under an id another account took first, and each keeps its own', async () => {
    const { server, alice, bob } = await twoAccounts()
    const alicePhone = new WireDevice(server, alice.token)
    const bobPhone = new WireDevice(server, bob.token)
    // Bob (having seen the id somewhere) takes the id of a record Alice made offline and has not pushed yet.
    const aliceCreate = alicePhone.create('studySessions', session({ topic: '爱丽丝离线记的' }))
    const squat = bobPhone.mutation(
      'studySessions',
      aliceCreate.recordId,
      'create',
      session({ topic: '鲍勃抢先的' }),
      null,
    )
    expect((await bobPhone.push([squat])).body.results[0]).toMatchObject({ status: 'applied', rev: 1 })

    const later = alicePhone.create('readingNotes', note())
    const pushed = await alicePhone.push([aliceCreate, later])
    expect(pushed.body.results.map((r) => [r.status, r.rev])).toEqual([
      ['applied', 1],
      ['applied', 2],
    ])
    const edit = alicePhone.mutation('studySessions', aliceCreate.recordId, 'update', { place: '会议室' }, 1)
    expect((await alicePhone.push([edit])).body.results[0]).toMatchObject({ status: 'applied', rev: 3 })

    expect((await pullAll(alicePhone)).find((r) => r.id === aliceCreate.recordId)?.fields).toMatchObject({
      topic: '爱丽丝离线记的',
      place: '会议室',
    })
    expect((await pullAll(bobPhone)).map((r) => [r.id, r.fields.topic])).toEqual([[aliceCreate.recordId, '鲍勃抢先的']])
  })

  it('keeps the sequence numbers of one device id apart per account', async () => {
    const { server, alice, bob } = await twoAccounts()
    const deviceId = uuidv7()
    const push = (token: string, topic: string) => {
      const mutation = { ...new WireDevice(server, token).create('studySessions', session({ topic })), seq: 1 }
      return call(
        server,
        'POST',
        '/api/sync/push',
        { protocol: PROTOCOL_VERSION, deviceId, mutations: [mutation] },
        token,
      )
    }
    const fromAlice = await push(alice.token, '爱丽丝的')
    const fromBob = await push(bob.token, '鲍勃的')
    // Were Bob's seq 1 taken as a replay of Alice's, he would get her result back and his record would be lost.
    expect((fromBob.body as PushResponse).results[0]).toMatchObject({ status: 'applied', rev: 1 })
    expect((fromBob.body as PushResponse).results[0]!.id).not.toBe((fromAlice.body as PushResponse).results[0]!.id)
    expect((await pullAll(new WireDevice(server, bob.token))).map((r) => r.fields.topic)).toEqual(['鲍勃的'])
  })

  it('shows each token its own account, and keeps one account’s sign-outs and password changes from the other', async () => {
    const { server, alice, bob } = await twoAccounts()
    expect(await whoAmI(server, alice.token)).toEqual(alice.account)
    expect(await whoAmI(server, bob.token)).toEqual(bob.account)
    const bobPhone = await signIn(server, bob.name, PASSWORD)

    expect(
      (
        await call(
          server,
          'POST',
          '/api/auth/password',
          { currentPassword: PASSWORD, newPassword: 'bob’s new password' },
          bob.token,
        )
      ).status,
    ).toBe(204)
    expect(await whoAmI(server, bobPhone)).toBe(401)
    expect((await call(server, 'POST', '/api/auth/logout', undefined, bob.token)).status).toBe(204)
    expect(
      (
        await call(
          server,
          'POST',
          '/api/auth/logout-all',
          undefined,
          await signIn(server, bob.name, 'bob’s new password'),
        )
      ).status,
    ).toBe(204)

    expect(await whoAmI(server, alice.token)).toEqual(alice.account)
    await signIn(server, alice.name, PASSWORD)
    expectError(await call(server, 'GET', '/api/admin/accounts', undefined, alice.token), 403, 'forbidden')
  })

  it('purges one account’s tombstones without making another account’s cursors too old', async () => {
    const { server, alice, bob } = await twoAccounts()
    const alicePhone = new WireDevice(server, alice.token)
    const bobPhone = new WireDevice(server, bob.token)
    const aliceCreate = alicePhone.create('studySessions', session())
    await alicePhone.push([aliceCreate, alicePhone.create('studySessions', session())])
    await alicePhone.push([
      alicePhone.mutation('studySessions', aliceCreate.recordId, 'delete', { deletedAt: new Date().toISOString() }, 1),
    ])
    await bobPhone.push([bobPhone.create('studySessions', session()), bobPhone.create('studySessions', session())])

    // Each phone's cursor after its first record, as it would hold it.
    const aliceCursor = (await alicePhone.pull(0, 1)).body.cursor
    const bobCursor = (await bobPhone.pull(0, 1)).body.cursor
    await purgeTombstones(server.storage.db, new Date(Date.now() + 1000))
    expectError(await alicePhone.pull(aliceCursor), 410, 'cursor_too_old')
    expect((await bobPhone.pull(bobCursor)).body.changes.map((r) => r.rev)).toEqual([2])
  })
})

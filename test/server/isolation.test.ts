import { describe, expect, it } from 'vitest'
import { purgeTombstones } from '../../src/server/sync/purge'
import { uuidv7 } from '../../src/shared/ids'
import { PROTOCOL_VERSION, type PushResponse } from '../../src/shared/sync/protocol'
import { addAccount, call, expectError, note, pullAll, revisionOf, session, setUpAdmin, signIn, useSharedServer, whoAmI, WireDevice } from './support'

const PASSWORD = 'a password of enough length'

describe('isolation between accounts', () => {
  let made = 0
  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))
  /** Two fresh accounts, so one test's sign-outs and records cannot leak into another's. */
  async function twoAccounts() {
    const { server, admin } = shared()
    const names = [`alice${++made}`, `bob${made}`] as const
    const [alice, bob] = [await addAccount(server, admin.token, names[0], PASSWORD), await addAccount(server, admin.token, names[1], PASSWORD)]
    return { server, alice: { name: names[0], ...alice }, bob: { name: names[1], ...bob } }
  }

  it('pulls only the account’s own records, each account with its own revisions', async () => {
    const { server, alice, bob } = await twoAccounts()
    const alicePhone = new WireDevice(server, alice.token)
    const bobPhone = new WireDevice(server, bob.token)
    const aliceNote = alicePhone.create('readingNotes', note({ reflection: '爱丽丝的心得' }))
    expect((await alicePhone.push([aliceNote, alicePhone.create('studySessions', session())])).body.results.map((r) => r.rev)).toEqual([1, 2])
    const bobSession = bobPhone.create('studySessions', session({ topic: '鲍勃的学习' }))
    expect((await bobPhone.push([bobSession])).body.results.map((r) => r.rev)).toEqual([1])

    expect((await pullAll(bobPhone)).map((r) => r.id)).toEqual([bobSession.recordId])
    expect((await pullAll(alicePhone)).map((r) => r.id)).toEqual([aliceNote.recordId, expect.any(String)])
    // Bob's counter is at 1: a cursor only Alice's counter reaches is not his.
    expectError(await bobPhone.pull(2), 410, 'cursor_too_old')
  })

  it('refuses a push touching another account’s record, whatever the operation, and applies none of that push', async () => {
    const { server, alice, bob } = await twoAccounts()
    const alicePhone = new WireDevice(server, alice.token)
    const aliceCreate = alicePhone.create('studySessions', session({ topic: '爱丽丝的记录' }))
    await alicePhone.push([aliceCreate])
    const aliceBefore = await pullAll(alicePhone)

    const bobPhone = new WireDevice(server, bob.token)
    const attacks = [
      (own: ReturnType<WireDevice['create']>) => [own, bobPhone.mutation('studySessions', aliceCreate.recordId, 'update', { topic: '被鲍勃改了' }, 1)],
      (own: ReturnType<WireDevice['create']>) => [own, bobPhone.mutation('studySessions', aliceCreate.recordId, 'delete', { deletedAt: new Date().toISOString() }, 1)],
      (own: ReturnType<WireDevice['create']>) => [own, bobPhone.mutation('studySessions', aliceCreate.recordId, 'restore', { deletedAt: null }, 1)],
      (own: ReturnType<WireDevice['create']>) => [own, bobPhone.mutation('studySessions', aliceCreate.recordId, 'resolve', {}, 1, { resolves: [uuidv7()] })],
      // Creating a record under an id another account already uses is not a way in either.
      (own: ReturnType<WireDevice['create']>) => [own, bobPhone.mutation('studySessions', aliceCreate.recordId, 'create', session({ topic: '鲍勃的' }), null)],
    ]
    for (const attack of attacks) {
      const own = bobPhone.create('studySessions', session({ topic: '鲍勃自己的' }))
      const batch = [...attack(own), bobPhone.create('readingNotes', note())]
      const refused = expectError(await bobPhone.push(batch), 403, 'foreign_record')
      expect(refused.message).toBe('这次同步涉及不属于当前账号的记录，已全部拒绝。请确认登录的是正确的账号。')
      expect(refused).not.toHaveProperty('results')
    }
    // Nothing half-applied: Bob has no records, his counter did not move, Alice's record is as it was.
    expect(await pullAll(bobPhone)).toEqual([])
    expect(await revisionOf(server, bob.account.id)).toBe(0)
    expect(await pullAll(alicePhone)).toEqual(aliceBefore)
    expect(await revisionOf(server, alice.account.id)).toBe(1)

    // Nor was the device's sequence moved: Bob's own mutations, sent again alone, are applied, not taken as replays.
    const again = bobPhone.create('studySessions', session({ topic: '鲍勃自己的' }))
    const pushed = await bobPhone.push([{ ...again, seq: 1 }])
    expect(pushed.body.results).toEqual([{ id: again.id, seq: 1, status: 'applied', rev: 1 }])
  })

  it('keeps the sequence numbers of one device id apart per account', async () => {
    const { server, alice, bob } = await twoAccounts()
    const deviceId = uuidv7()
    const push = (token: string, topic: string) => {
      const mutation = { ...new WireDevice(server, token).create('studySessions', session({ topic })), seq: 1 }
      return call(server, 'POST', '/api/sync/push', { protocol: PROTOCOL_VERSION, deviceId, mutations: [mutation] }, token)
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

    expect((await call(server, 'POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'bob’s new password' }, bob.token)).status).toBe(204)
    expect(await whoAmI(server, bobPhone)).toBe(401)
    expect((await call(server, 'POST', '/api/auth/logout', undefined, bob.token)).status).toBe(204)
    expect((await call(server, 'POST', '/api/auth/logout-all', undefined, await signIn(server, bob.name, 'bob’s new password'))).status).toBe(204)

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
    await alicePhone.push([alicePhone.mutation('studySessions', aliceCreate.recordId, 'delete', { deletedAt: new Date().toISOString() }, 1)])
    await bobPhone.push([bobPhone.create('studySessions', session()), bobPhone.create('studySessions', session())])

    await purgeTombstones(server.storage.db, new Date(Date.now() + 1000))
    expectError(await alicePhone.pull(1), 410, 'cursor_too_old')
    expect((await bobPhone.pull(1)).body.changes.map((r) => r.rev)).toEqual([2])
  })
})

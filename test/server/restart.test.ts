import { describe, expect, it } from 'vitest'
import {
  ADMIN,
  addAccount,
  call,
  expectError,
  note,
  pullAll,
  revisionOf,
  session,
  setUpAdmin,
  signIn,
  startTestServer,
  whoAmI,
  WireDevice,
} from './support'

const PASSWORD = 'a password of enough length'

describe('a server restart on the same data file', () => {
  it('keeps accounts, tokens, records and replay protection', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const user = await addAccount(server, admin.token, 'member', PASSWORD)
    const phone = new WireDevice(server, user.token)
    const create = phone.create('studySessions', session({ topic: '重启之前' }))
    const batch = [
      create,
      phone.mutation('studySessions', create.recordId, 'update', { place: '会议室' }, null),
      phone.create('readingNotes', note()),
    ]
    const pushed = await phone.push(batch)
    const records = await pullAll(phone)
    const revoked = await signIn(server, 'member', PASSWORD)
    await call(server, 'POST', '/api/auth/logout', undefined, revoked)

    await server.restart()

    expect((await call(server, 'GET', '/api/auth/status')).body).toEqual({ needsSetup: false })
    expect(await whoAmI(server, admin.token)).toEqual(admin.account)
    expect(await whoAmI(server, user.token)).toEqual(user.account)
    expect(await whoAmI(server, revoked)).toBe(401)
    await signIn(server, ADMIN.name, ADMIN.password)
    expect(await pullAll(phone)).toEqual(records)

    // The answer to the last push was lost across the restart: the retry is a replay, and changes nothing.
    const replayed = await phone.push(batch)
    expect(replayed.body).toEqual(pushed.body)
    expect(await revisionOf(server, user.account.id)).toBe(3)
    // New changes carry on from where the counter was.
    const next = await phone.push([
      phone.mutation('studySessions', create.recordId, 'update', { topic: '重启之后' }, 2),
    ])
    expect(next.body.results[0]).toMatchObject({ status: 'applied', rev: 4 })
  })

  it('keeps counting failed sign-ins', async () => {
    const server = await startTestServer({
      loginLimits: { name: { maxFailures: 2, windowMs: 60_000 }, address: { maxFailures: 100, windowMs: 60_000 } },
    })
    await setUpAdmin(server)
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: ADMIN.name, password: 'guess one' }),
      401,
      'bad_credentials',
    )
    await server.restart()
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: ADMIN.name, password: 'guess two' }),
      401,
      'bad_credentials',
    )
    expectError(await call(server, 'POST', '/api/auth/login', ADMIN), 429, 'rate_limited')
  })
})

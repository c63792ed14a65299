import { describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION, type WaitResponse } from '../../src/shared/sync/protocol'
import { addAccount, call, expectError, revisionOf, session, setUpAdmin, useSharedServer, WireDevice } from './support'

describe('wait (the long poll that tells a device to pull)', () => {
  const shared = useSharedServer(async (server) => {
    const admin = await setUpAdmin(server)
    return {
      user: await addAccount(server, admin.token, 'waiter'),
      other: await addAccount(server, admin.token, 'someone-else'),
    }
  })
  const wait = (phone: WireDevice, token: string, cursor: number, timeoutSeconds = 2) =>
    call(
      shared().server,
      'POST',
      '/api/sync/wait',
      { protocol: PROTOCOL_VERSION, deviceId: phone.deviceId, cursor, timeoutSeconds },
      token,
    )

  it('answers at once when the account has changes after the cursor', async () => {
    const { server, user } = shared()
    const phone = new WireDevice(server, user.token)
    await phone.push([phone.create('studySessions', session())])
    const started = performance.now()
    const answer = await wait(phone, user.token, 0)
    expect(answer.status).toBe(200)
    expect(answer.body).toEqual({
      protocol: 1,
      changed: true,
      rev: await revisionOf(server, user.account.id),
    } satisfies WaitResponse)
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('is woken by another device’s push, not by its own, and times out with "no change"', async () => {
    const { server, user } = shared()
    const listening = new WireDevice(server, user.token)
    const cursor = await revisionOf(server, user.account.id)
    // Its own push does not wake it: it pulls after pushing anyway.
    const own = wait(listening, user.token, cursor, 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await listening.push([listening.create('studySessions', session({ topic: '自己的修改' }))])
    expect((await own).body).toMatchObject({ changed: false })

    const after = await revisionOf(server, user.account.id)
    const other = new WireDevice(server, user.token)
    const woken = wait(listening, user.token, after, 5)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = performance.now()
    await other.push([other.create('studySessions', session({ topic: '另一台手机的修改' }))])
    expect((await woken).body).toEqual({ protocol: 1, changed: true, rev: after + 1 })
    expect(performance.now() - started).toBeLessThan(1000)
  })

  it('is not woken by another account’s changes, and needs a valid token and body', async () => {
    const { server, user, other } = shared()
    const phone = new WireDevice(server, user.token)
    const stranger = new WireDevice(server, other.token)
    const cursor = await revisionOf(server, user.account.id)
    const waiting = wait(phone, user.token, cursor, 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await stranger.push([stranger.create('studySessions', session({ topic: '别的账号' }))])
    expect((await waiting).body).toMatchObject({ changed: false, rev: cursor })
    expectError(await wait(phone, 'xsj_not-a-token', 0), 401, 'unauthorized')
    expectError(
      await call(
        server,
        'POST',
        '/api/sync/wait',
        { protocol: PROTOCOL_VERSION, deviceId: phone.deviceId, cursor: -1 },
        user.token,
      ),
      400,
      'invalid_request',
    )
    expectError(
      await call(
        server,
        'POST',
        '/api/sync/wait',
        { protocol: PROTOCOL_VERSION, deviceId: phone.deviceId, cursor: 0, timeoutSeconds: 600 },
        user.token,
      ),
      400,
      'invalid_request',
    )
  })
})

describe('wait with a cursor above the account’s counter (the server was restored from an older backup)', () => {
  const shared = useSharedServer(async (server) => {
    const admin = await setUpAdmin(server)
    return { user: await addAccount(server, admin.token, 'restored') }
  })

  it('answers at once that there is something to do, with the counter below the cursor, as the document says', async () => {
    const { server, user } = shared()
    const phone = new WireDevice(server, user.token)
    await phone.push([phone.create('studySessions', session())])
    const counter = await revisionOf(server, user.account.id)
    const started = performance.now()
    const answer = await call(
      server,
      'POST',
      '/api/sync/wait',
      { protocol: PROTOCOL_VERSION, deviceId: phone.deviceId, cursor: counter + 5, timeoutSeconds: 5 },
      user.token,
    )
    expect(answer.body).toEqual({ protocol: 1, changed: true, rev: counter } satisfies WaitResponse)
    expect(performance.now() - started).toBeLessThan(1000)
    // The pull it leads to tells the phone to resync.
    expectError(await phone.pull(counter + 5), 410, 'cursor_too_old')
  })
})

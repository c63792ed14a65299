import { describe, expect, it } from 'vitest'
import type { AccountDevice, AccountInfo, SignInResponse } from '../../src/shared/accounts'
import {
  ADMIN,
  addAccount,
  call,
  expectError,
  setUpAdmin,
  signIn,
  startTestServer,
  useSharedServer,
  whoAmI,
} from './support'

describe('first-run setup', () => {
  it('says a fresh server needs setup, and makes the first account its administrator', async () => {
    const server = await startTestServer()
    expect((await call(server, 'GET', '/api/auth/status')).body).toEqual({ needsSetup: true })

    const setup = await call(server, 'POST', '/api/auth/setup', { ...ADMIN, name: '  Admin  ' })
    expect(setup.status).toBe(201)
    const { token, account } = setup.body as SignInResponse
    expect(token).toMatch(/^xsj_/)
    expect(account).toMatchObject({ name: 'Admin', displayName: '管理员', isAdmin: true, isDisabled: false })
    expect((await call(server, 'GET', '/api/auth/status')).body).toEqual({ needsSetup: false })
    expect(await whoAmI(server, token)).toEqual(account)
    // The administrator can do what only an administrator can.
    expect((await call(server, 'GET', '/api/admin/accounts', undefined, token)).status).toBe(200)
  })

  it('refuses a second setup with setup_done and creates nothing', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const second = await call(server, 'POST', '/api/auth/setup', {
      name: 'intruder',
      password: 'another long password',
    })
    expectError(second, 409, 'setup_done')
    expect(second.body).not.toHaveProperty('token')

    const list = await call(server, 'GET', '/api/admin/accounts', undefined, admin.token)
    expect((list.body as { accounts: AccountInfo[] }).accounts.map((a) => a.name)).toEqual(['admin'])
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: 'intruder', password: 'another long password' }),
      401,
      'bad_credentials',
    )
  })

  it('uses the name as the display name when none is given', async () => {
    const server = await startTestServer()
    const setup = await call(server, 'POST', '/api/auth/setup', { name: '张书记', password: 'a long enough password' })
    expect((setup.body as SignInResponse).account).toMatchObject({
      name: '张书记',
      displayName: '张书记',
      isAdmin: true,
    })
  })
})

describe('signing in and out', () => {
  let made = 0
  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))
  /** A fresh account per test, so one test's sign-outs cannot affect another's. */
  async function freshAccount(password = 'a password of enough length') {
    const { server, admin } = shared()
    const name = `user${++made}`
    const signedIn = await addAccount(server, admin.token, name, password)
    return { name, password, ...signedIn }
  }

  it('signs in whatever the case and surrounding spaces of the name, and /me shows the account', async () => {
    const { server } = shared()
    const user = await freshAccount()
    const result = await call(server, 'POST', '/api/auth/login', {
      name: `  ${user.name.toUpperCase()} `,
      password: user.password,
      deviceName: '我的手机',
    })
    expect(result.status).toBe(200)
    const body = result.body as SignInResponse
    expect(body.token).not.toBe(user.token)
    expect(body.account).toEqual(user.account)
    expect(body.account).toMatchObject({ name: user.name, isAdmin: false, isDisabled: false })
    const me = await call(server, 'GET', '/api/auth/me', undefined, body.token)
    expect(me.body).toEqual({ account: user.account })
    expect(JSON.stringify(me.body)).not.toMatch(/argon2|password/i)
  })

  it('lists the account’s devices by id with the name each gave at its latest sign-in, signed out or not, and no other account’s', async () => {
    const { server } = shared()
    const user = await freshAccount()
    const other = await freshAccount()
    const phone = '01938a2b-0000-7000-8000-000000000001'
    const laptop = '01938a2b-0000-7000-8000-000000000002'
    const login = (name: string, password: string, deviceId: string, deviceName: string) =>
      call(server, 'POST', '/api/auth/login', { name, password, deviceId, deviceName })
    await login(user.name, user.password, phone, 'Android · Chrome')
    const laptopToken = ((await login(user.name, user.password, laptop, 'Windows · Edge')).body as SignInResponse).token
    await new Promise((resolve) => setTimeout(resolve, 5))
    const renamed = ((await login(user.name, user.password, phone, 'HarmonyOS · 华为浏览器')).body as SignInResponse)
      .token
    await login(other.name, other.password, '01938a2b-0000-7000-8000-000000000003', 'iOS · Safari')
    // A device that signed out still wrote what it wrote.
    expect((await call(server, 'POST', '/api/auth/logout', undefined, laptopToken)).status).toBe(204)

    const listed = await call(server, 'GET', '/api/auth/devices', undefined, renamed)
    expect(listed.status).toBe(200)
    const { devices } = listed.body as { devices: AccountDevice[] }
    expect(devices.map((d) => [d.deviceId, d.name])).toEqual([
      [phone, 'HarmonyOS · 华为浏览器'],
      [laptop, 'Windows · Edge'],
    ])
    expect(Date.parse(devices[0]!.signedInAt)).toBeGreaterThan(Date.parse(devices[1]!.signedInAt))
    expectError(await call(server, 'GET', '/api/auth/devices'), 401, 'unauthorized')
  })

  it('answers a wrong password and an unknown name alike, and issues no token', async () => {
    const { server } = shared()
    const user = await freshAccount()
    const wrong = expectError(
      await call(server, 'POST', '/api/auth/login', { name: user.name, password: 'not the password' }),
      401,
      'bad_credentials',
    )
    const unknown = expectError(
      await call(server, 'POST', '/api/auth/login', { name: 'nobody-here', password: 'not the password' }),
      401,
      'bad_credentials',
    )
    expect(unknown).toEqual(wrong)
    expect(wrong).not.toHaveProperty('token')
  })

  it('signs out one device: its token stops working, the others of the account keep working', async () => {
    const { server } = shared()
    const user = await freshAccount()
    const phone = await signIn(server, user.name, user.password)
    const logout = await call(server, 'POST', '/api/auth/logout', undefined, user.token)
    expect(logout.status).toBe(204)
    expectError(await call(server, 'GET', '/api/auth/me', undefined, user.token), 401, 'unauthorized')
    expectError(await call(server, 'POST', '/api/auth/logout', undefined, user.token), 401, 'unauthorized')
    expect(await whoAmI(server, phone)).toMatchObject({ name: user.name })
  })

  it('signs out everywhere: every token of the account stops working, other accounts are not touched', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    const other = await freshAccount()
    const phone = await signIn(server, user.name, user.password)
    const tablet = await signIn(server, user.name, user.password)

    expect((await call(server, 'POST', '/api/auth/logout-all', undefined, phone)).status).toBe(204)
    for (const token of [user.token, phone, tablet]) expect(await whoAmI(server, token)).toBe(401)
    expect(await whoAmI(server, other.token)).toMatchObject({ name: other.name })
    expect(await whoAmI(server, admin.token)).toMatchObject({ name: ADMIN.name })
    // The password still works: signing in again gives a working token.
    expect(await whoAmI(server, await signIn(server, user.name, user.password))).toMatchObject({ name: user.name })
  })

  it('refuses a password change with the wrong current password and changes nothing', async () => {
    const { server } = shared()
    const user = await freshAccount()
    const phone = await signIn(server, user.name, user.password)
    const refused = expectError(
      await call(
        server,
        'POST',
        '/api/auth/password',
        { currentPassword: 'wrong password', newPassword: 'a brand new password' },
        user.token,
      ),
      400,
      'bad_credentials',
    )
    expect(refused.fields).toEqual([{ path: 'currentPassword', message: '当前密码不正确' }])
    expect(await whoAmI(server, phone)).toMatchObject({ name: user.name })
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: user.name, password: 'a brand new password' }),
      401,
      'bad_credentials',
    )
    await signIn(server, user.name, user.password)
  })

  it('refuses a new password that is too short, naming the field', async () => {
    const { server } = shared()
    const user = await freshAccount()
    const refused = expectError(
      await call(
        server,
        'POST',
        '/api/auth/password',
        { currentPassword: user.password, newPassword: 'short' },
        user.token,
      ),
      400,
      'invalid_request',
    )
    expect(refused.fields).toEqual([{ path: 'newPassword', message: '密码至少 8 位' }])
    await signIn(server, user.name, user.password)
  })

  it('changes the password: this device stays signed in, the others are signed out, only the new password works', async () => {
    const { server } = shared()
    const user = await freshAccount()
    const phone = await signIn(server, user.name, user.password)
    const changed = await call(
      server,
      'POST',
      '/api/auth/password',
      { currentPassword: user.password, newPassword: 'a brand new password' },
      user.token,
    )
    expect(changed.status).toBe(204)
    expect(await whoAmI(server, user.token)).toMatchObject({ name: user.name })
    expect(await whoAmI(server, phone)).toBe(401)
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: user.name, password: user.password }),
      401,
      'bad_credentials',
    )
    await signIn(server, user.name, 'a brand new password')
  })
})

describe('sign-in rate limiting', () => {
  const loginLimits = { name: { maxFailures: 3, windowMs: 60_000 }, address: { maxFailures: 5, windowMs: 60_000 } }
  const login = (
    server: Awaited<ReturnType<typeof startTestServer>>,
    name: string,
    password: string,
    address = '203.0.113.7',
  ) =>
    server.app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ name, password }),
    })

  it('stops guessing at one name, even with the right password, and says how long to wait', async () => {
    const server = await startTestServer({ loginLimits, trustProxy: true })
    const admin = await setUpAdmin(server)
    await call(server, 'POST', '/api/admin/accounts', { name: 'alice', password: 'alice password' }, admin.token)
    // Guesses from different addresses still count against the name.
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3'])
      expect((await login(server, 'alice', 'guess', address)).status).toBe(401)

    const limited = await login(server, 'ALICE', 'alice password', '198.51.100.4')
    expect(limited.status).toBe(429)
    const body = (await limited.json()) as { error: string; message: string; retryAfter: number }
    expect(body).toMatchObject({ error: 'rate_limited' })
    // Under a minute left: in seconds, or "1 分钟" while the wait rounds up to 60 s.
    expect(body.message).toMatch(/^登录失败次数过多，请 (1 分钟|[1-5]?[0-9] 秒)后再试$/)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(body.retryAfter).toBe(retryAfter)
    expect(body).not.toHaveProperty('token')
    // Another name is not locked out.
    expect((await login(server, ADMIN.name, ADMIN.password, '198.51.100.4')).status).toBe(200)
  })

  it('limits guessing the current password with a stolen token, as at sign-in', async () => {
    const server = await startTestServer({ loginLimits, trustProxy: true })
    const admin = await setUpAdmin(server)
    for (let i = 0; i < 3; i++)
      expectError(
        await call(
          server,
          'POST',
          '/api/auth/password',
          { currentPassword: `guess ${i}`, newPassword: 'a new long password' },
          admin.token,
        ),
        400,
        'bad_credentials',
      )
    const limited = await call(
      server,
      'POST',
      '/api/auth/password',
      { currentPassword: ADMIN.password, newPassword: 'a new long password' },
      admin.token,
    )
    expect(expectError(limited, 429, 'rate_limited').message).toContain('密码错误次数过多')
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: ADMIN.name, password: 'a new long password' }),
      429,
      'rate_limited',
    )
  })

  it('stops one address guessing at many names, and lets other addresses through', async () => {
    const server = await startTestServer({ loginLimits, trustProxy: true })
    await setUpAdmin(server)
    for (let i = 0; i < 5; i++) expect((await login(server, `guess${i}`, 'guess', '192.0.2.66')).status).toBe(401)
    const limited = await login(server, ADMIN.name, ADMIN.password, '192.0.2.66')
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await login(server, ADMIN.name, ADMIN.password, '192.0.2.67')).status).toBe(200)
  })

  it('clears the count of a name when its owner signs in', async () => {
    const server = await startTestServer({ loginLimits, trustProxy: true })
    await setUpAdmin(server)
    // 2 failures, a success, 2 more failures: without the reset that would be 4, over the limit of 3.
    for (const address of ['198.51.100.1', '198.51.100.2'])
      expect((await login(server, ADMIN.name, 'guess', address)).status).toBe(401)
    expect((await login(server, ADMIN.name, ADMIN.password, '198.51.100.3')).status).toBe(200)
    for (const address of ['198.51.100.4', '198.51.100.5'])
      expect((await login(server, ADMIN.name, 'guess', address)).status).toBe(401)
    expect((await login(server, ADMIN.name, ADMIN.password, '198.51.100.6')).status).toBe(200)
  })

  it('counts in-process requests without an address under one key, and ignores X-Forwarded-For unless told to trust it', async () => {
    const server = await startTestServer({ loginLimits })
    await setUpAdmin(server)
    for (let i = 0; i < 5; i++) expect((await login(server, `guess${i}`, 'guess', `192.0.2.${i}`)).status).toBe(401)
    expect((await login(server, ADMIN.name, ADMIN.password, '192.0.2.99')).status).toBe(429)
  })

  it('behind a proxy, counts the address the proxy appended, not one the client put first', async () => {
    const server = await startTestServer({ loginLimits, trustProxy: true })
    await setUpAdmin(server)
    // The client invents a new address each time; the proxy appends the real one, which is what counts.
    for (let i = 0; i < 5; i++)
      expect((await login(server, `guess${i}`, 'guess', `10.9.9.${i}, 203.0.113.50`)).status).toBe(401)
    expect((await login(server, ADMIN.name, ADMIN.password, '10.9.9.99, 203.0.113.50')).status).toBe(429)
    expect((await login(server, ADMIN.name, ADMIN.password, '203.0.113.51')).status).toBe(200)
  })
})

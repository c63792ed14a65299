import { describe, expect, it } from 'vitest'
import type { AccountInfo, SignInResponse } from '../../src/shared/accounts'
import {
  ADMIN,
  addAccount,
  call,
  expectError,
  setUpAdmin,
  signIn,
  useSharedServer,
  whoAmI,
  type TestServer,
} from './support'

const PASSWORD = 'a password of enough length'

async function listAccounts(server: TestServer, token: string): Promise<AccountInfo[]> {
  const result = await call(server, 'GET', '/api/admin/accounts', undefined, token)
  expect(result.status).toBe(200)
  return (result.body as { accounts: AccountInfo[] }).accounts
}

describe('the administrator’s account screens', () => {
  let made = 0
  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))
  async function freshAccount() {
    const { server, admin } = shared()
    const name = `member${++made}`
    return { name, ...(await addAccount(server, admin.token, name, PASSWORD)) }
  }

  it('lists every account, oldest first, without any secret', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    const accounts = await listAccounts(server, admin.token)
    expect(accounts[0]).toEqual(admin.account)
    expect(accounts).toContainEqual(user.account)
    for (const account of accounts)
      expect(Object.keys(account).sort()).toEqual(['createdAt', 'displayName', 'id', 'isAdmin', 'isDisabled', 'name'])
    expect(JSON.stringify(accounts)).not.toMatch(/argon2|password|token/i)
  })

  it('adds an ordinary account that can sign in, and an administrator who can use these screens', async () => {
    const { server, admin } = shared()
    const created = await call(
      server,
      'POST',
      '/api/admin/accounts',
      { name: 'liming', password: PASSWORD, displayName: '李明' },
      admin.token,
    )
    expect(created.status).toBe(201)
    const account = (created.body as { account: AccountInfo }).account
    expect(account).toMatchObject({ name: 'liming', displayName: '李明', isAdmin: false, isDisabled: false })
    const token = await signIn(server, 'liming', PASSWORD)
    expect(await whoAmI(server, token)).toEqual(account)
    expectError(await call(server, 'GET', '/api/admin/accounts', undefined, token), 403, 'forbidden')

    const second = await call(
      server,
      'POST',
      '/api/admin/accounts',
      { name: 'deputy', password: PASSWORD, isAdmin: true },
      admin.token,
    )
    expect((second.body as { account: AccountInfo }).account).toMatchObject({
      name: 'deputy',
      displayName: 'deputy',
      isAdmin: true,
    })
    expect(await listAccounts(server, await signIn(server, 'deputy', PASSWORD))).toContainEqual(account)
  })

  it('refuses a name already taken, whatever its case, and adds nothing', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    const before = await listAccounts(server, admin.token)
    const taken = expectError(
      await call(
        server,
        'POST',
        '/api/admin/accounts',
        { name: ` ${user.name.toUpperCase()}`, password: 'some other password' },
        admin.token,
      ),
      409,
      'name_taken',
    )
    expect(taken.fields).toEqual([{ path: 'name', message: '这个用户名已被使用，请换一个' }])
    expect(await listAccounts(server, admin.token)).toEqual(before)
    // The owner's password is still the one that works.
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: user.name, password: 'some other password' }),
      401,
      'bad_credentials',
    )
  })

  it('refuses a new account whose fields break the rules, naming each field, and adds nothing', async () => {
    const { server, admin } = shared()
    const before = await listAccounts(server, admin.token)
    const refused = expectError(
      await call(
        server,
        'POST',
        '/api/admin/accounts',
        { name: 'has space', password: 'short', displayName: '长'.repeat(51) },
        admin.token,
      ),
      400,
      'invalid_request',
    )
    expect(refused.fields).toEqual([
      { path: 'name', message: '用户名不能包含空格' },
      { path: 'displayName', message: '姓名不能超过 50 个字' },
      { path: 'password', message: '密码至少 8 位' },
    ])
    expect(await listAccounts(server, admin.token)).toEqual(before)
  })

  it('resets a password: the account is signed out everywhere, only the new password works, the administrator stays in', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    const phone = await signIn(server, user.name, PASSWORD)
    const reset = await call(
      server,
      'POST',
      `/api/admin/accounts/${user.account.id}/password`,
      { password: 'the reset password' },
      admin.token,
    )
    expect(reset.status).toBe(204)
    expect(await whoAmI(server, user.token)).toBe(401)
    expect(await whoAmI(server, phone)).toBe(401)
    expect(await whoAmI(server, admin.token)).toMatchObject({ name: ADMIN.name })
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: user.name, password: PASSWORD }),
      401,
      'bad_credentials',
    )
    await signIn(server, user.name, 'the reset password')
  })

  it('lets an administrator reset their own password here and stay signed in on this device only', async () => {
    const { server } = shared()
    const second = await freshAccount()
    const { admin: madeAdmin } = shared()
    const adminName = `boss${++made}`
    await call(
      server,
      'POST',
      '/api/admin/accounts',
      { name: adminName, password: PASSWORD, isAdmin: true },
      madeAdmin.token,
    )
    const here = await signIn(server, adminName, PASSWORD)
    const elsewhere = await signIn(server, adminName, PASSWORD)
    const me = (await whoAmI(server, here)) as AccountInfo
    expect(
      (await call(server, 'POST', `/api/admin/accounts/${me.id}/password`, { password: 'my own new password' }, here))
        .status,
    ).toBe(204)
    expect(await whoAmI(server, here)).toMatchObject({ name: adminName })
    expect(await whoAmI(server, elsewhere)).toBe(401)
    expect(await whoAmI(server, second.token)).toMatchObject({ name: second.name })
  })

  it('refuses a reset password that is too short and leaves the account as it was', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    const refused = expectError(
      await call(server, 'POST', `/api/admin/accounts/${user.account.id}/password`, { password: 'short' }, admin.token),
      400,
      'invalid_request',
    )
    expect(refused.fields).toEqual([{ path: 'password', message: '密码至少 8 位' }])
    expect(await whoAmI(server, user.token)).toMatchObject({ name: user.name })
    await signIn(server, user.name, PASSWORD)
  })

  it('disables an account: its tokens stop working and sign-in is refused with account_disabled', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    const disabled = await call(
      server,
      'POST',
      `/api/admin/accounts/${user.account.id}/disable`,
      undefined,
      admin.token,
    )
    expect(disabled.status).toBe(200)
    expect((disabled.body as { account: AccountInfo }).account).toEqual({ ...user.account, isDisabled: true })
    expect(await whoAmI(server, user.token)).toBe(401)
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: user.name, password: PASSWORD }),
      403,
      'account_disabled',
    )
    // A wrong password is still just a wrong password: the answer does not tell a guesser the account exists.
    expectError(
      await call(server, 'POST', '/api/auth/login', { name: user.name, password: 'a wrong password' }),
      401,
      'bad_credentials',
    )
    expect((await listAccounts(server, admin.token)).find((a) => a.id === user.account.id)).toMatchObject({
      isDisabled: true,
    })
  })

  it('enables an account again: sign-in works, the tokens revoked when it was disabled stay revoked', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    await call(server, 'POST', `/api/admin/accounts/${user.account.id}/disable`, undefined, admin.token)
    const enabled = await call(server, 'POST', `/api/admin/accounts/${user.account.id}/enable`, undefined, admin.token)
    expect(enabled.status).toBe(200)
    expect((enabled.body as { account: AccountInfo }).account).toEqual(user.account)
    expect(await whoAmI(server, user.token)).toBe(401)
    expect(await whoAmI(server, await signIn(server, user.name, PASSWORD))).toEqual(user.account)
  })

  it('does not let an administrator disable themself', async () => {
    const { server, admin } = shared()
    const refused = expectError(
      await call(server, 'POST', `/api/admin/accounts/${admin.account.id}/disable`, undefined, admin.token),
      400,
      'invalid_request',
    )
    expect(refused.message).toBe('不能停用自己的账号')
    expect(await whoAmI(server, admin.token)).toEqual(admin.account)
    await signIn(server, ADMIN.name, ADMIN.password)
  })

  it('answers not_found for an account that does not exist', async () => {
    const { server, admin } = shared()
    const missing = '0190a000-0000-7000-8000-000000000000'
    expectError(
      await call(
        server,
        'POST',
        `/api/admin/accounts/${missing}/password`,
        { password: 'the reset password' },
        admin.token,
      ),
      404,
      'not_found',
    )
    expectError(
      await call(server, 'POST', `/api/admin/accounts/${missing}/disable`, undefined, admin.token),
      404,
      'not_found',
    )
    expectError(
      await call(server, 'POST', `/api/admin/accounts/${missing}/enable`, undefined, admin.token),
      404,
      'not_found',
    )
    // Not an id at all, a NUL among it (PostgreSQL refused to compare it: a 500), or another kind of text: the same.
    for (const id of ['%00', `${missing.slice(0, -1)}%00`, 'not-an-id', '%E2%80%AE']) {
      for (const action of ['disable', 'enable'])
        expectError(
          await call(server, 'POST', `/api/admin/accounts/${id}/${action}`, undefined, admin.token),
          404,
          'not_found',
        )
      expectError(
        await call(
          server,
          'POST',
          `/api/admin/accounts/${id}/password`,
          { password: 'the reset password' },
          admin.token,
        ),
        404,
        'not_found',
      )
    }
  })

  it('refuses every administrator endpoint to an ordinary account, and applies nothing', async () => {
    const { server, admin } = shared()
    const user = await freshAccount()
    const before = await listAccounts(server, admin.token)
    const attempts: [string, string, unknown][] = [
      ['GET', '/api/admin/accounts', undefined],
      ['POST', '/api/admin/accounts', { name: 'sneaky', password: PASSWORD, isAdmin: true }],
      ['POST', `/api/admin/accounts/${admin.account.id}/password`, { password: 'taken over password' }],
      ['POST', `/api/admin/accounts/${admin.account.id}/disable`, undefined],
      ['POST', `/api/admin/accounts/${user.account.id}/enable`, undefined],
    ]
    for (const [method, path, body] of attempts)
      expectError(await call(server, method, path, body, user.token), 403, 'forbidden')
    expect(await listAccounts(server, admin.token)).toEqual(before)
    expect(await whoAmI(server, admin.token)).toEqual(admin.account)
    expect(((await call(server, 'POST', '/api/auth/login', ADMIN)).body as SignInResponse).account).toEqual(
      admin.account,
    )
  })
})

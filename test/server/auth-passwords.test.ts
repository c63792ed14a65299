/**
 * Common passwords, and passwords made of the account's own name, are refused wherever a password is set: first-run
 * setup, an administrator adding an account or resetting a password, and one's own change. The refusal names the
 * field, in Chinese, so the forms show it there.
 */
import { describe, expect, it } from 'vitest'
import type { AccountInfo } from '../../src/shared/accounts'
import { ADMIN, addAccount, call, expectError, setUpAdmin, signIn, startTestServer, useSharedServer } from './support'

const TOO_COMMON = '这个密码太常见，很容易被猜到，请换一个'
const OWN_NAME = '密码不能是用户名或姓名，也不能只在它们前后加几个数字或符号'

/** From the registry's list, whatever the case or width; and runs the list lacks but people in China use. */
const COMMON = [
  '12345678',
  'password',
  'qwertyuiop',
  'iloveyou',
  'Password1',
  'P@ssw0rd',
  '１２３４５６７８',
  ' 1qaz2wsx ',
  'woaini1314',
  '88888888',
  '87654321',
  'asdasdasd',
]

describe('common passwords', () => {
  it('are refused at first-run setup, on the password field, and no account is made', async () => {
    const server = await startTestServer()
    for (const password of COMMON) {
      const refused = expectError(
        await call(server, 'POST', '/api/auth/setup', { name: 'admin', password }),
        400,
        'invalid_request',
      )
      expect(refused.fields, password).toEqual([{ path: 'password', message: TOO_COMMON }])
    }
    expect((await call(server, 'GET', '/api/auth/status')).body).toEqual({ needsSetup: true })
  })

  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))

  it('are refused when an administrator adds an account or resets a password', async () => {
    const { server, admin } = shared()
    for (const password of ['12345678', 'qwertyuiop', 'Password']) {
      expect(
        expectError(
          await call(server, 'POST', '/api/admin/accounts', { name: 'wangwu', password }, admin.token),
          400,
          'invalid_request',
        ).fields,
      ).toEqual([{ path: 'password', message: TOO_COMMON }])
    }
    const user = await addAccount(server, admin.token, 'zhaoliu')
    for (const password of ['password', 'letmein1']) {
      expect(
        expectError(
          await call(server, 'POST', `/api/admin/accounts/${user.account.id}/password`, { password }, admin.token),
          400,
          'invalid_request',
        ).fields,
      ).toEqual([{ path: 'password', message: TOO_COMMON }])
    }
    await signIn(server, 'zhaoliu', 'a password of enough length')
    const list = (await call(server, 'GET', '/api/admin/accounts', undefined, admin.token)).body as {
      accounts: AccountInfo[]
    }
    expect(list.accounts.map((a) => a.name)).not.toContain('wangwu')
  })

  it('are refused as one’s own new password, on the newPassword field, and the old one still works', async () => {
    const { server, admin } = shared()
    const user = await addAccount(server, admin.token, 'sunqi')
    const refused = expectError(
      await call(
        server,
        'POST',
        '/api/auth/password',
        { currentPassword: 'a password of enough length', newPassword: 'qwertyuiop' },
        user.token,
      ),
      400,
      'invalid_request',
    )
    expect(refused).toMatchObject({ message: TOO_COMMON, fields: [{ path: 'newPassword', message: TOO_COMMON }] })
    await signIn(server, 'sunqi', 'a password of enough length')
  })
})

describe('passwords made of the account’s name', () => {
  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))

  it('are refused: the name, the display name, either with only digits or symbols around it, whatever the case', async () => {
    const { server, admin } = shared()
    const cases = [
      { name: 'zhouba', password: 'zhouba1234' },
      { name: 'zhouba', password: 'ZHOUBA!@#$' },
      { name: 'zhouba', password: '2026zhouba' },
      { name: 'zhoubazhouba', password: 'zhoubazhouba' },
      { name: 'zhouba', displayName: '周八同志', password: '周八同志2026' },
    ]
    for (const body of cases) {
      expect(
        expectError(await call(server, 'POST', '/api/admin/accounts', body, admin.token), 400, 'invalid_request')
          .fields,
        body.password,
      ).toEqual([{ path: 'password', message: OWN_NAME }])
    }
    // The name inside a longer passphrase is fine.
    expect(
      (
        await call(
          server,
          'POST',
          '/api/admin/accounts',
          { name: 'zhouba', password: 'zhouba rides the night train' },
          admin.token,
        )
      ).status,
    ).toBe(201)
  })

  it('are refused at setup, at a reset (the target’s name) and at one’s own change', async () => {
    const { server, admin } = shared()
    const fresh = await startTestServer()
    expect(
      expectError(
        await call(fresh, 'POST', '/api/auth/setup', { name: 'admin', password: 'admin1234' }),
        400,
        'invalid_request',
      ).fields,
    ).toEqual([{ path: 'password', message: OWN_NAME }])
    const user = await addAccount(server, admin.token, 'qianjiu')
    expect(
      expectError(
        await call(
          server,
          'POST',
          `/api/admin/accounts/${user.account.id}/password`,
          { password: 'Qianjiu2026' },
          admin.token,
        ),
        400,
        'invalid_request',
      ).fields,
    ).toEqual([{ path: 'password', message: OWN_NAME }])
    expect(
      expectError(
        await call(
          server,
          'POST',
          '/api/auth/password',
          { currentPassword: ADMIN.password, newPassword: 'admin@2026' },
          admin.token,
        ),
        400,
        'invalid_request',
      ).fields,
    ).toEqual([{ path: 'newPassword', message: OWN_NAME }])
    expect(
      expectError(
        await call(
          server,
          'POST',
          '/api/auth/password',
          { currentPassword: ADMIN.password, newPassword: '管理员 123456' },
          admin.token,
        ),
        400,
        'invalid_request',
      ).fields,
    ).toEqual([{ path: 'newPassword', message: OWN_NAME }])
  })
})

/**
 * Account names a reader could take for another (PRECIS, RFC 8265): full-width forms are the name they look like
 * and so collide with it; invisible characters, bidi controls and Cyrillic or Greek look-alikes are refused.
 */
import { describe, expect, it } from 'vitest'
import type { AccountInfo, SignInResponse } from '../../src/shared/accounts'
import { ADMIN, call, expectError, setUpAdmin, signIn, startTestServer, useSharedServer } from './support'

const PASSWORD = 'a password of enough length'

describe('look-alike account names', () => {
  const shared = useSharedServer(async (server) => ({ admin: await setUpAdmin(server) }))

  it('maps full-width letters to the name they show, so `ａｄｍｉｎ` is the taken name `admin`', async () => {
    const { server, admin } = shared()
    for (const name of ['ａｄｍｉｎ', 'ＡＤＭＩＮ', ' admin\u3000']) {
      expect(
        expectError(
          await call(server, 'POST', '/api/admin/accounts', { name, password: PASSWORD }, admin.token),
          409,
          'name_taken',
        ).fields,
      ).toEqual([{ path: 'name', message: '这个用户名已被使用，请换一个' }])
    }
    // Typed in full width at sign-in, it is the administrator's name.
    expect(
      (await call(server, 'POST', '/api/auth/login', { name: 'ａｄｍｉｎ', password: ADMIN.password })).status,
    ).toBe(200)
  })

  it('stores and shows the mapped name', async () => {
    const { server, admin } = shared()
    const created = await call(
      server,
      'POST',
      '/api/admin/accounts',
      { name: 'ｗｕｓｈｉ２０２６', password: PASSWORD },
      admin.token,
    )
    expect((created.body as { account: AccountInfo }).account.name).toBe('wushi2026')
    expect(await signIn(server, 'wushi2026', PASSWORD)).toMatch(/^xsj_/)
  })

  it('refuses invisible characters, bidi controls, look-alike letters and symbols, naming the field', async () => {
    const { server, admin } = shared()
    const invisible = '用户名不能包含看不见的字符或控制字符'
    const confusable = '用户名不能混用拉丁、西里尔、希腊字母，也不能用形似拉丁字母的西里尔或希腊字母'
    const cases: [string, string][] = [
      ['admin\u200b', invisible], // zero-width space
      ['ad\u00admin', invisible], // soft hyphen
      ['\u202eadmin', invisible], // right-to-left override
      ['admin\u2066x\u2069', invisible], // left-to-right isolate
      ['\u0430dmin', confusable], // Cyrillic а
      ['\u0430\u0440\u0441', confusable], // all Cyrillic, reads "apc"
      ['p\u03b1ssport', confusable], // Greek α
      ['admin\ue000', '用户名包含无法识别的字符'], // private use
      ['admin\u{50000}', '用户名包含无法识别的字符'], // unassigned
      ['admin🙂', '用户名只能包含文字、字母、数字和英文标点'],
      ['admin\u00a0x', '用户名不能包含空格'], // no-break space
    ]
    for (const [name, message] of cases) {
      const refused = expectError(
        await call(server, 'POST', '/api/admin/accounts', { name, password: PASSWORD }, admin.token),
        400,
        'invalid_request',
      )
      expect(refused.fields, JSON.stringify(name)).toEqual([{ path: 'name', message }])
    }
    const list = (await call(server, 'GET', '/api/admin/accounts', undefined, admin.token)).body as {
      accounts: AccountInfo[]
    }
    expect(list.accounts.filter((a) => a.name.includes('dmin'))).toEqual([expect.objectContaining({ name: 'admin' })])
  })

  it('takes names in Chinese, in Cyrillic that does not pass for Latin, and Chinese beside Latin', async () => {
    const { server, admin } = shared()
    for (const name of ['王小明', 'Иван', 'li明', 'zhang.san_01']) {
      expect(
        (await call(server, 'POST', '/api/admin/accounts', { name, password: PASSWORD }, admin.token)).status,
        name,
      ).toBe(201)
    }
  })

  it('refuses a look-alike name at first-run setup too', async () => {
    const server = await startTestServer()
    expect(
      expectError(
        await call(server, 'POST', '/api/auth/setup', { name: 'admin\u200b', password: PASSWORD }),
        400,
        'invalid_request',
      ).fields,
    ).toEqual([{ path: 'name', message: '用户名不能包含看不见的字符或控制字符' }])
    const setup = await call(server, 'POST', '/api/auth/setup', { name: 'ａｄｍｉｎ', password: PASSWORD })
    expect((setup.body as SignInResponse).account.name).toBe('admin')
  })
})

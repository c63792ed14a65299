import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import { MAX_PUSH_MUTATIONS, PROTOCOL_VERSION, type PushResponse } from '../../src/shared/sync/protocol'
import {
  ADMIN,
  addAccount,
  call,
  expectError,
  pullAll,
  revisionOf,
  send,
  session,
  setUpAdmin,
  signIn,
  startTestServer,
  useSharedServer,
  whoAmI,
  WireDevice,
} from './support'

const PASSWORD = 'a password of enough length'
const JSON_HEADERS = { 'content-type': 'application/json' }

describe('bad input', () => {
  const shared = useSharedServer(async (server) => {
    const admin = await setUpAdmin(server)
    const user = await addAccount(server, admin.token, 'member', PASSWORD)
    const revoked = await signIn(server, 'member', PASSWORD)
    await call(server, 'POST', '/api/auth/logout', undefined, revoked)
    return { admin, user, revoked }
  })

  /**
   * Every endpoint that reads a JSON body, with a body it would accept and the most it reads. (Setup, on a server
   * that has its administrator, answers 409 before reading anything: its body is checked on a fresh server below.)
   */
  function bodyEndpoints(): { path: string; token?: string; valid: unknown; limit: number }[] {
    const { server, admin, user } = shared()
    const deviceId = uuidv7()
    return [
      { path: '/api/auth/login', valid: { name: 'member', password: PASSWORD }, limit: 64 * 1024 },
      {
        path: '/api/auth/password',
        token: user.token,
        valid: { currentPassword: PASSWORD, newPassword: 'another long password' },
        limit: 64 * 1024,
      },
      {
        path: '/api/admin/accounts',
        token: admin.token,
        valid: { name: 'newcomer', password: PASSWORD },
        limit: 64 * 1024,
      },
      {
        path: `/api/admin/accounts/${user.account.id}/password`,
        token: admin.token,
        valid: { password: 'another long password' },
        limit: 64 * 1024,
      },
      {
        path: '/api/sync/pull',
        token: user.token,
        valid: { protocol: PROTOCOL_VERSION, deviceId, cursor: 0 },
        limit: 64 * 1024,
      },
      {
        path: '/api/sync/push',
        token: user.token,
        valid: {
          protocol: PROTOCOL_VERSION,
          deviceId,
          mutations: [new WireDevice(server, user.token).create('studySessions', session())],
        },
        limit: 8 * 1024 * 1024,
      },
    ]
  }

  /** What any request of these tests could change: the accounts, the member's sign-in, records and revision. */
  async function snapshot() {
    const { server, admin, user } = shared()
    return {
      accounts: (await call(server, 'GET', '/api/admin/accounts', undefined, admin.token)).body,
      me: await whoAmI(server, user.token),
      signIn: (await call(server, 'POST', '/api/auth/login', { name: 'member', password: PASSWORD })).status,
      revision: await revisionOf(server, user.account.id),
      records: await pullAll(new WireDevice(server, user.token)),
    }
  }

  /** Runs the requests and checks that none of them applied anything. */
  async function expectNothingApplied(requests: () => Promise<void>): Promise<void> {
    const before = await snapshot()
    expect(before).toMatchObject({ me: shared().user.account, signIn: 200 })
    await requests()
    expect(await snapshot()).toEqual(before)
  }

  it('refuses a body that is not JSON, or not UTF-8, or empty, with invalid_json', async () => {
    const { server } = shared()
    await expectNothingApplied(async () => {
      for (const { path, token } of bodyEndpoints()) {
        for (const body of [
          '{"name": "member",',
          'name=member',
          '',
          new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
        ]) {
          const result = await send(server, 'POST', path, { body, token, headers: JSON_HEADERS })
          expect(expectError(result, 400, 'invalid_json').message, path).toBe('请求内容不是有效的 JSON')
        }
      }
    })
  })

  it('refuses a body over its size limit with too_large: 8 MB for a push, 64 KB for the rest', async () => {
    const { server } = shared()
    await expectNothingApplied(async () => {
      for (const { path, token, valid, limit } of bodyEndpoints()) {
        const json = JSON.stringify(valid)
        // Valid JSON of the right shape, padded with spaces to one byte past the limit.
        const oversized = json.slice(0, -1) + ' '.repeat(limit + 1 - Buffer.byteLength(json)) + '}'
        expect(Buffer.byteLength(oversized)).toBe(limit + 1)
        const body = expectError(
          await send(server, 'POST', path, { body: oversized, token, headers: JSON_HEADERS }),
          413,
          'too_large',
        )
        expect(body.message, path).toBe(`请求内容过大（上限 ${limit === 64 * 1024 ? '64 KB' : '8 MB'}）`)
        // A declared length over the limit is refused before the body is read.
        expectError(
          await send(server, 'POST', path, {
            body: json,
            token,
            headers: { ...JSON_HEADERS, 'content-length': String(limit + 1) },
          }),
          413,
          'too_large',
        )
      }
    })
  })

  it('stops reading a body without a declared length once it passes the limit', async () => {
    const { server, user } = shared()
    for (const { path, token, limit } of bodyEndpoints().filter((e) =>
      ['/api/auth/login', '/api/sync/push'].includes(e.path),
    )) {
      // Twice the limit, in chunks, with no Content-Length: what a client streaming a huge body sends.
      const chunk = new Uint8Array(16 * 1024).fill(0x20)
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 2 * limit) return controller.close()
          sent += chunk.byteLength
          controller.enqueue(chunk)
        },
      })
      const init = {
        method: 'POST',
        body,
        duplex: 'half',
        headers: { ...JSON_HEADERS, authorization: `Bearer ${token ?? user.token}` },
      }
      const response = await server.app.request(path, init as RequestInit)
      expect(response.status).toBe(413)
      expect(await response.json()).toMatchObject({ error: 'too_large' })
      expect(sent).toBeLessThan(limit + 4 * chunk.byteLength)
    }
  })

  it('reads a body of exactly its size limit: 64 KB for a pull, 8 MB for a push', async () => {
    const { server, user } = shared()
    const device = new WireDevice(server, user.token)
    const exactly = (value: unknown, limit: number) => {
      const json = JSON.stringify(value)
      const body = json.slice(0, -1) + ' '.repeat(limit - Buffer.byteLength(json)) + '}'
      expect(Buffer.byteLength(body)).toBe(limit)
      return body
    }
    const pull = await send(server, 'POST', '/api/sync/pull', {
      body: exactly({ protocol: PROTOCOL_VERSION, deviceId: device.deviceId, cursor: 0 }, 64 * 1024),
      token: user.token,
      headers: JSON_HEADERS,
    })
    expect(pull.status).toBe(200)
    const mutation = device.create('studySessions', session({ summary: '学习记录'.repeat(5000) }))
    const push = await send(server, 'POST', '/api/sync/push', {
      body: exactly({ protocol: PROTOCOL_VERSION, deviceId: device.deviceId, mutations: [mutation] }, 8 * 1024 * 1024),
      token: user.token,
      headers: JSON_HEADERS,
    })
    expect(push.status).toBe(200)
    expect((push.body as PushResponse).results).toMatchObject([{ status: 'applied' }])
  })

  it('refuses a body of the wrong shape with invalid_request, naming each wrong field', async () => {
    const { server, admin, user } = shared()
    const device = new WireDevice(server, user.token)
    const cases: { path: string; token?: string; body: unknown; fields: { path: string; message: string }[] }[] = [
      {
        path: '/api/auth/login',
        body: { name: 12345678, password: PASSWORD },
        fields: [{ path: 'name', message: '类型不正确（应为 string）' }],
      },
      { path: '/api/auth/login', body: { name: 'member' }, fields: [{ path: 'password', message: '缺失' }] },
      {
        path: '/api/admin/accounts',
        token: admin.token,
        body: { name: 'second', password: ['a', 'b'] },
        fields: [{ path: 'password', message: '类型不正确（应为 string）' }],
      },
      {
        path: '/api/auth/password',
        token: user.token,
        body: { currentPassword: null, newPassword: 'x'.repeat(1001) },
        fields: [
          { path: 'currentPassword', message: '类型不正确（应为 string）' },
          { path: 'newPassword', message: '过大或过长（至多 1000）' },
        ],
      },
      {
        path: '/api/admin/accounts',
        token: admin.token,
        body: { name: 'newcomer', password: PASSWORD, isAdmin: 'yes' },
        fields: [{ path: 'isAdmin', message: '类型不正确（应为 boolean）' }],
      },
      {
        path: `/api/admin/accounts/${user.account.id}/password`,
        token: admin.token,
        body: { password: 12345678 },
        fields: [{ path: 'password', message: '类型不正确（应为 string）' }],
      },
      {
        path: '/api/sync/pull',
        token: user.token,
        body: [],
        fields: [{ path: '', message: '类型不正确（应为 object）' }],
      },
      {
        path: '/api/sync/pull',
        token: user.token,
        body: { protocol: PROTOCOL_VERSION, deviceId: 'not-a-uuid', cursor: -1, limit: 5000 },
        fields: [
          { path: 'deviceId', message: '格式不正确' },
          { path: 'cursor', message: '过小或过短（至少 0）' },
          { path: 'limit', message: '过大或过长（至多 2000）' },
        ],
      },
      {
        path: '/api/sync/pull',
        token: user.token,
        body: { deviceId: uuidv7(), cursor: 0 },
        fields: [{ path: 'protocol', message: '缺失' }],
      },
      {
        path: '/api/sync/pull',
        token: user.token,
        body: { protocol: '1', deviceId: uuidv7(), cursor: 0 },
        fields: [{ path: 'protocol', message: '类型不正确（应为 number）' }],
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: {
          protocol: PROTOCOL_VERSION,
          deviceId: uuidv7(),
          mutations: [{ ...device.create('studySessions', session()), seq: '1' }],
        },
        fields: [{ path: 'mutations.0.seq', message: '类型不正确（应为 number）' }],
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: {
          protocol: PROTOCOL_VERSION,
          deviceId: uuidv7(),
          mutations: [{ ...device.create('studySessions', session()), op: 'upsert', at: 'yesterday at noon' }],
        },
        fields: [
          { path: 'mutations.0.op', message: '取值无效（可选：create、update、delete、restore、resolve、share）' },
          { path: 'mutations.0.at', message: '格式不正确' },
        ],
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: { protocol: PROTOCOL_VERSION, deviceId: uuidv7(), mutations: [] },
        fields: [{ path: 'mutations', message: '过小或过短（至少 1）' }],
      },
    ]
    await expectNothingApplied(async () => {
      for (const { path, token, body, fields } of cases) {
        const refused = expectError(await call(server, 'POST', path, body, token), 400, 'invalid_request')
        expect(refused.fields, `${path} ${JSON.stringify(body).slice(0, 80)}`).toEqual(fields)
        expect(refused.message).toContain(fields[0]!.message)
      }
    })
  })

  it('refuses, naming the place, a NUL, a lone surrogate, nesting past 32 levels or a __proto__ key, in any string of any body', async () => {
    const { server, admin, user } = shared()
    const device = new WireDevice(server, user.token)
    const push = (mutation: object) => ({
      protocol: PROTOCOL_VERSION,
      deviceId: device.deviceId,
      mutations: [mutation],
    })
    // Built as text: JSON.stringify itself would overflow the stack on 10,000 levels.
    const DEEP = '"__deep__"'
    const deep = `${'['.repeat(10_000)}"底"${']'.repeat(10_000)}`
    const changesWithProto = JSON.parse('{"topic":"学习","__proto__":{"x":1}}') as Record<string, unknown>
    const cases: { path: string; token?: string; body: unknown; field: string }[] = [
      {
        path: '/api/admin/accounts',
        token: admin.token,
        body: { name: 'second', password: PASSWORD, displayName: '张\u0000三' },
        field: 'displayName',
      },
      {
        path: '/api/auth/login',
        body: { name: 'member', password: PASSWORD, deviceName: 'Android\u0000' },
        field: 'deviceName',
      },
      { path: '/api/auth/login', body: { name: 'nobody\u0000', password: PASSWORD }, field: 'name' },
      { path: '/api/auth/login', body: { name: 'member\ud800', password: PASSWORD }, field: 'name' },
      { path: '/api/auth/login', body: { name: 'member', password: `${PASSWORD}\udc00` }, field: 'password' },
      {
        path: '/api/admin/accounts',
        token: admin.token,
        body: { name: 'newcomer', password: PASSWORD, displayName: '\ud83d' },
        field: 'displayName',
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: push({ ...device.create('studySessions', session()), at: '2026-11-10T08:00:00\u0000' }),
        field: 'mutations.0.at',
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: push(device.create('studySessions', session({ summary: '心得\u0000' }))),
        field: 'mutations.0.changes.summary',
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: push(
          device.create('studySessions', session({ attendance: { expected: 3, present: ['李\udfff'], absent: [] } })),
        ),
        field: 'mutations.0.changes.attendance.present.0',
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: push({ ...device.create('studySessions', session()), changes: { topic: '__deep__' } }),
        field: `mutations.0.changes.topic${'.0'.repeat(28)}`,
      },
      {
        path: '/api/sync/push',
        token: user.token,
        body: push(device.mutation('studySessions', uuidv7(), 'update', changesWithProto, 1)),
        field: 'mutations.0.changes.__proto__',
      },
      {
        path: '/api/sync/pull',
        token: user.token,
        body: { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, cursor: 0, timeline: 'x\u0000' },
        field: 'timeline',
      },
    ]
    await expectNothingApplied(async () => {
      for (const { path, token, body, field } of cases) {
        // Sent as JSON text, so a lone surrogate travels as an escape (`\ud800`), as a hostile client would send it.
        const text = JSON.stringify(body).replace(DEEP, deep)
        const refused = expectError(
          await send(server, 'POST', path, { body: text, token, headers: JSON_HEADERS }),
          400,
          'invalid_request',
        )
        expect(refused.fields, `${path} ${field}`).toEqual([{ path: field, message: expect.any(String) }])
        expect(refused.message).toContain(field)
      }
    })
    // The same sign-in with a lone surrogate again is the same 400, not a 500 (it once left a row it could not match).
    for (let i = 0; i < 3; i++)
      expectError(
        await send(server, 'POST', '/api/auth/login', {
          body: JSON.stringify({ name: 'member\ud800', password: 'wrong password here' }),
          headers: JSON_HEADERS,
        }),
        400,
        'invalid_request',
      )
  })

  it('takes sequence numbers, base revisions and cursors up to 2^53 − 1 on every engine, and refuses beyond', async () => {
    const { server, user } = shared()
    const device = new WireDevice(server, user.token)
    const big = 2 ** 31 + 5
    const create = { ...device.create('studySessions', session({ topic: '序号很大' })), seq: big }
    const pushed = await device.push([create])
    expect(pushed.status).toBe(200)
    expect(pushed.body.results[0]).toMatchObject({ seq: big, status: 'applied' })
    const edit = {
      ...device.mutation('studySessions', create.recordId, 'update', { place: '会议室' }, 2 ** 40),
      seq: Number.MAX_SAFE_INTEGER,
    }
    expect((await device.push([edit])).body.results[0]).toMatchObject({
      seq: Number.MAX_SAFE_INTEGER,
      status: 'applied',
    })
    // Replayed: the stored result, found by its 64-bit seq.
    expect((await device.push([edit])).body.results[0]).toMatchObject({
      seq: Number.MAX_SAFE_INTEGER,
      status: 'applied',
    })
    expectError(await device.pull(2 ** 40), 410, 'cursor_too_old')
    const beyond = { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, mutations: [{ ...edit, seq: 2 ** 53 }] }
    expect(
      expectError(await call(server, 'POST', '/api/sync/push', beyond, user.token), 400, 'invalid_request').fields?.[0]
        ?.path,
    ).toBe('mutations.0.seq')
  })

  it('refuses a push naming an unknown table and applies none of its mutations', async () => {
    const { server, user } = shared()
    const device = new WireDevice(server, user.token)
    const good = device.create('studySessions', session())
    const unknown = { ...device.create('studySessions', session()), table: 'meetings' }
    await expectNothingApplied(async () => {
      const refused = expectError(
        await call(
          server,
          'POST',
          '/api/sync/push',
          { protocol: PROTOCOL_VERSION, deviceId: device.deviceId, mutations: [good, unknown] },
          user.token,
        ),
        400,
        'invalid_request',
      )
      expect(refused.fields).toEqual([
        { path: 'mutations.1.table', message: '取值无效（可选：studySessions、readingNotes、visits、reviewEvents）' },
      ])
    })
  })

  it('refuses more mutations in one push than the protocol allows', async () => {
    const { server, user } = shared()
    const device = new WireDevice(server, user.token)
    const mutations = Array.from({ length: MAX_PUSH_MUTATIONS + 1 }, () => device.create('studySessions', session()))
    await expectNothingApplied(async () => {
      const refused = expectError(await device.push(mutations), 400, 'invalid_request')
      expect(refused.fields).toEqual([{ path: 'mutations', message: `过大或过长（至多 ${MAX_PUSH_MUTATIONS}）` }])
    })
  })

  it('refuses an unknown protocol version, older or newer, telling who must update, before looking at the rest', async () => {
    const { server, user } = shared()
    const device = new WireDevice(server, user.token)
    const mutations = [device.create('studySessions', session())]
    await expectNothingApplied(async () => {
      for (const path of ['/api/sync/push', '/api/sync/pull']) {
        const older = expectError(
          await call(
            server,
            'POST',
            path,
            { protocol: 0, deviceId: device.deviceId, cursor: 0, mutations },
            user.token,
          ),
          400,
          'unsupported_protocol',
        )
        expect(older.message).toContain('应用版本过旧')
        const newer = expectError(
          await call(
            server,
            'POST',
            path,
            { protocol: PROTOCOL_VERSION + 1, deviceId: device.deviceId, cursor: 0, mutations },
            user.token,
          ),
          400,
          'unsupported_protocol',
        )
        expect(newer.message).toContain('服务器版本较旧')
        // A later version may have another shape: the version is what gets answered, not the shape.
        expectError(
          await call(server, 'POST', path, { protocol: PROTOCOL_VERSION + 1, changes: 'whatever' }, user.token),
          400,
          'unsupported_protocol',
        )
      }
    })
  })

  it('refuses mutations out of sequence order, or a sequence number twice, and applies none of them', async () => {
    const { server, user } = shared()
    const device = new WireDevice(server, user.token)
    const first = device.create('studySessions', session({ topic: '第一条' }))
    const second = device.create('studySessions', session({ topic: '第二条' }))
    const third = device.create('studySessions', session({ topic: '第三条' }))
    await expectNothingApplied(async () => {
      expectError(await device.push([first, third, second]), 400, 'invalid_request')
      expectError(await device.push([first, second, { ...third, seq: second.seq }]), 400, 'invalid_request')
    })

    // The device's sequence did not move: the same mutations in order are new, not replays.
    const pushed = await device.push([first, second, third])
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
    const ids = new Set([first.recordId, second.recordId, third.recordId])
    expect((await pullAll(device)).filter((r) => ids.has(r.id)).map((r) => r.fields.topic)).toEqual([
      '第一条',
      '第二条',
      '第三条',
    ])
  })

  it('answers 401 unauthorized to a missing, malformed, unknown or revoked token on every endpoint that needs one, and applies nothing', async () => {
    const { server, admin, user, revoked } = shared()
    const deviceId = uuidv7()
    const device = new WireDevice(server, user.token)
    const endpoints: [string, string, unknown][] = [
      ['GET', '/api/auth/me', undefined],
      ['POST', '/api/auth/logout', undefined],
      ['POST', '/api/auth/logout-all', undefined],
      ['POST', '/api/auth/password', { currentPassword: PASSWORD, newPassword: 'another long password' }],
      ['GET', '/api/admin/accounts', undefined],
      ['POST', '/api/admin/accounts', { name: 'newcomer', password: PASSWORD }],
      ['POST', `/api/admin/accounts/${user.account.id}/password`, { password: 'another long password' }],
      ['POST', `/api/admin/accounts/${user.account.id}/disable`, undefined],
      ['POST', `/api/admin/accounts/${user.account.id}/enable`, undefined],
      [
        'POST',
        '/api/sync/push',
        { protocol: PROTOCOL_VERSION, deviceId, mutations: [device.create('studySessions', session())] },
      ],
      ['POST', '/api/sync/pull', { protocol: PROTOCOL_VERSION, deviceId, cursor: 0 }],
    ]
    const authorizations: (string | undefined)[] = [
      undefined,
      '',
      'Bearer',
      `Basic ${Buffer.from(`member:${PASSWORD}`).toString('base64')}`,
      `Bearer ${user.token}x`,
      `Bearer ${admin.token.slice(0, -1)}`,
      'Bearer xsj_garbage',
      `Bearer ${revoked}`,
    ]
    await expectNothingApplied(async () => {
      for (const [method, path, body] of endpoints) {
        for (const authorization of authorizations) {
          const headers = authorization === undefined ? JSON_HEADERS : { ...JSON_HEADERS, authorization }
          const result = await send(server, method, path, {
            body: body === undefined ? undefined : JSON.stringify(body),
            headers,
          })
          expect(expectError(result, 401, 'unauthorized').message, `${method} ${path} ${String(authorization)}`).toBe(
            '登录已失效，请重新输入密码',
          )
        }
      }
    })
  })
})

describe('account fields on the first-run screen', () => {
  it('refuses setup whose fields break the rules, naming each field, and sets nothing up', async () => {
    const server = await startTestServer()
    const refused = expectError(
      await call(server, 'POST', '/api/auth/setup', { name: 'x', password: 'short' }),
      400,
      'invalid_request',
    )
    expect(refused.fields).toEqual([
      { path: 'name', message: '用户名须为 2–32 个字符' },
      { path: 'password', message: '密码至少 8 位' },
    ])
    expect(refused.message).toBe('用户名须为 2–32 个字符；密码至少 8 位')
    expect((await call(server, 'GET', '/api/auth/status')).body).toEqual({ needsSetup: true })
    // The first real setup still makes its author the administrator.
    expect((await setUpAdmin(server)).account).toMatchObject({ name: ADMIN.name, isAdmin: true })
  })
})

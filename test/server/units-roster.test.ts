/**
 * A secretary's 成员 screen at the server (docs/sync-protocol.md §11): the roster with who has signed in
 * (GET /api/units/:id/members), adding a member by user name (POST /api/units/:id/members), and that nobody else
 * reads or changes it. On this engine (npm run test:postgres runs it again on PostgreSQL).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { MyUnits, RosterMember, UnitInfo, UnitRoster } from '../../src/shared/units'
import {
  call,
  expectError,
  pullAll,
  session,
  setUpAdmin,
  signIn,
  startTestServer,
  WireDevice,
  type TestServer,
} from './support'

const PASSWORD = 'a password of enough length'

/** 局党委 (P) → 中心组 (C), 第二支部 (B2). 张 secretary of C; 李 and 王 members of C (王 never signed in); 赵 member of B2; 陈 and 刘新 in no unit. */
async function organization() {
  const server = await startTestServer()
  const admin = await setUpAdmin(server)
  const ids: Record<string, string> = {}
  for (const [name, displayName] of [
    ['zhangwei', '张伟'],
    ['lina', '李娜'],
    ['wangfang', '王芳'],
    ['zhaolei', '赵磊'],
    ['chenjing', '陈静'],
    ['LiuXin', '刘新'],
  ] as const) {
    const created = await call(
      server,
      'POST',
      '/api/admin/accounts',
      { name, displayName, password: PASSWORD },
      admin.token,
    )
    expect(created.status).toBe(201)
    ids[name] = (created.body as { account: { id: string } }).account.id
  }
  const tokens = {
    zhang: await signIn(server, 'zhangwei', PASSWORD),
    li: await signIn(server, 'lina', PASSWORD),
    zhao: await signIn(server, 'zhaolei', PASSWORD),
    chen: await signIn(server, 'chenjing', PASSWORD),
  }
  const unit = async (name: string, kind: string, parentId?: string) =>
    ((await call(server, 'POST', '/api/admin/units', { name, kind, parentId }, admin.token)).body as { unit: UnitInfo })
      .unit.id
  const P = await unit('局党委', 'partyCommittee')
  const C = await unit('局党委理论学习中心组', 'centerGroup', P)
  const B2 = await unit('机关第二党支部', 'branch', P)
  const put = async (unitId: string, accountId: string, role: string) =>
    expect(
      (await call(server, 'PUT', `/api/admin/units/${unitId}/members/${accountId}`, { role }, admin.token)).status,
    ).toBe(200)
  await put(C, ids.zhangwei!, 'secretary')
  await put(C, ids.lina!, 'member')
  await put(C, ids.wangfang!, 'member')
  await put(B2, ids.zhaolei!, 'member')
  return { server, admin, ids, tokens, units: { P, C, B2 } }
}

async function rosterOf(server: TestServer, unitId: string, token: string): Promise<UnitRoster> {
  const answer = await call(server, 'GET', `/api/units/${unitId}/members`, undefined, token)
  expect(answer.status).toBe(200)
  return answer.body as UnitRoster
}

const byName = (roster: UnitRoster, displayName: string): RosterMember | undefined =>
  roster.members.find((m) => m.displayName === displayName)

describe('a secretary’s roster: who has signed in', () => {
  it('lists the unit’s members with role, recording, signed in now and last seen (to the hour), and nothing more', async () => {
    const { server, admin, ids, tokens, units } = await organization()
    const before = Date.now()
    const roster = await rosterOf(server, units.C, tokens.zhang)
    expect(roster.unit).toEqual({ id: units.C, kind: 'centerGroup', name: '局党委理论学习中心组', parentId: units.P })
    expect(roster.members.map((m) => [m.displayName, m.role, m.canRecord, m.signedIn])).toEqual([
      ['张伟', 'secretary', false, true],
      ['李娜', 'member', false, true],
      ['王芳', 'member', false, false],
    ])
    // Whether the person uses the app, not how: no user name, no devices, no minute.
    for (const member of roster.members)
      expect(Object.keys(member).sort()).toEqual([
        'accountId',
        'canRecord',
        'displayName',
        'lastSeenAt',
        'role',
        'signedIn',
      ])
    const li = byName(roster, '李娜')!
    expect(li.accountId).toBe(ids.lina)
    expect(li.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/)
    expect(Date.parse(li.lastSeenAt!)).toBeGreaterThan(before - 3_600_000)
    expect(Date.parse(li.lastSeenAt!)).toBeLessThanOrEqual(Date.now())
    expect(byName(roster, '王芳')!.lastSeenAt).toBeNull()

    // Signed out everywhere: no longer signed in, still seen once. Disabled: the same.
    expect((await call(server, 'POST', '/api/auth/logout-all', undefined, tokens.li)).status).toBe(204)
    const afterSignOut = byName(await rosterOf(server, units.C, tokens.zhang), '李娜')!
    expect([afterSignOut.signedIn, afterSignOut.lastSeenAt]).toEqual([false, li.lastSeenAt])
    await signIn(server, 'wangfang', PASSWORD)
    expect(byName(await rosterOf(server, units.C, tokens.zhang), '王芳')!.signedIn).toBe(true)
    await call(server, 'POST', `/api/admin/accounts/${ids.wangfang}/disable`, undefined, admin.token)
    expect(byName(await rosterOf(server, units.C, tokens.zhang), '王芳')!.signedIn).toBe(false)
    // The administrator reads any unit's roster the same way.
    expect((await rosterOf(server, units.B2, admin.token)).members.map((m) => m.displayName)).toEqual(['赵磊'])
  })

  it('is refused to a member, to another unit’s member or secretary, to an account in no unit, and without a sign-in', async () => {
    const { server, tokens, units } = await organization()
    for (const [who, token, unitId] of [
      ['member', tokens.li, units.C],
      ['other unit', tokens.zhao, units.C],
      ['no unit', tokens.chen, units.C],
      ['secretary elsewhere', tokens.zhang, units.B2],
      ['parent unit', tokens.zhang, units.P],
    ] as const) {
      const answer = expectError(
        await call(server, 'GET', `/api/units/${unitId}/members`, undefined, token),
        403,
        'forbidden',
      )
      expect(answer.message, who).toContain('书记')
      expect(JSON.stringify(answer), who).not.toContain('王芳')
    }
    expectError(
      await call(server, 'GET', '/api/units/01a20a58-0b4e-7f21-a3d9-6c2e8f1a4b77/members', undefined, tokens.zhang),
      404,
      'not_found',
    )
    expectError(await call(server, 'GET', '/api/units/not-a-unit/members', undefined, tokens.zhang), 404, 'not_found')
    expectError(await call(server, 'GET', `/api/units/${units.C}/members`), 401, 'unauthorized')
  })
})

describe('a secretary adds a member by user name', () => {
  it('finds the account as sign-in does, adds it as a plain member, and the newcomer reads the unit’s old records at the next pull', async () => {
    const { server, ids, tokens, units } = await organization()
    const zhang = new WireDevice(server, tokens.zhang)
    const create = {
      ...zhang.create('studySessions', session({ kind: 'centerGroup', topic: '学习党的二十大精神（中心组）' })),
      unitId: units.C,
    }
    expect((await zhang.push([create])).body.results[0]).toMatchObject({ status: 'applied' })

    const added = await call(server, 'POST', `/api/units/${units.C}/members`, { name: '  ｌｉｕｘｉｎ ' }, tokens.zhang)
    expect(added.status).toBe(201)
    expect(added.body).toEqual({
      member: {
        accountId: ids.LiuXin,
        displayName: '刘新',
        role: 'member',
        canRecord: false,
        signedIn: false,
        lastSeenAt: null,
      },
    })
    expect(byName(await rosterOf(server, units.C, tokens.zhang), '刘新')).toMatchObject({
      role: 'member',
      canRecord: false,
    })

    const liuxin = await signIn(server, 'liuxin', PASSWORD)
    const mine = (await call(server, 'GET', '/api/units', undefined, liuxin)).body as MyUnits
    expect(mine.memberships).toEqual([{ unitId: units.C, role: 'member', canRecord: false }])
    expect((await pullAll(new WireDevice(server, liuxin))).map((r) => r.id)).toEqual([create.recordId])

    // Again: already a member, nothing changes (a secretary stays a secretary).
    const again = await call(server, 'POST', `/api/units/${units.C}/members`, { name: 'LiuXin' }, tokens.zhang)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ member: { displayName: '刘新', role: 'member', signedIn: true } })
    const self = await call(server, 'POST', `/api/units/${units.C}/members`, { name: 'zhangwei' }, tokens.zhang)
    expect([self.status, (self.body as { member: RosterMember }).member.role]).toEqual([200, 'secretary'])
  })

  it('refuses, in Chinese and on the name, a name that is no account or a disabled one; a malformed body; anyone but the secretary; and writes nothing then', async () => {
    const { server, admin, ids, tokens, units } = await organization()
    const before = await rosterOf(server, units.C, tokens.zhang)
    const unknown = expectError(
      await call(server, 'POST', `/api/units/${units.C}/members`, { name: 'wangxiaoming' }, tokens.zhang),
      404,
      'not_found',
    )
    expect(unknown.message).toBe('没有用户名为“wangxiaoming”的账号，请核对后再试（用户名是登录时填写的名字，不是姓名）')
    expect(unknown.fields).toEqual([{ path: 'name', message: unknown.message }])

    await call(server, 'POST', `/api/admin/accounts/${ids.chenjing}/disable`, undefined, admin.token)
    const disabled = expectError(
      await call(server, 'POST', `/api/units/${units.C}/members`, { name: 'chenjing' }, tokens.zhang),
      400,
      'invalid_request',
    )
    expect(disabled.message).toBe('账号“chenjing”已停用，不能加入。请联系管理员')
    expect(disabled.fields?.[0]?.path).toBe('name')

    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 42 }, { name: 'x'.repeat(101) }, []]) {
      expect(
        expectError(
          await call(server, 'POST', `/api/units/${units.C}/members`, body, tokens.zhang),
          400,
          'invalid_request',
        ).message,
        JSON.stringify(body),
      ).toMatch(/^请求内容不符合要求/)
    }
    expectError(
      await call(server, 'POST', `/api/units/${units.C}/members`, '{"name": ', tokens.zhang),
      400,
      'invalid_json',
    )

    const outsider = await signIn(server, 'LiuXin', PASSWORD)
    for (const [who, token, unitId] of [
      ['member', tokens.li, units.C],
      ['other unit', tokens.zhao, units.C],
      ['no unit', outsider, units.C],
      ['secretary elsewhere', tokens.zhang, units.B2],
    ] as const) {
      expect(
        expectError(
          await call(server, 'POST', `/api/units/${unitId}/members`, { name: 'zhaolei' }, token),
          403,
          'forbidden',
        ).message,
        who,
      ).toContain('书记')
    }
    // 陈 was disabled above: refused at the sign-in already.
    expectError(
      await call(server, 'POST', `/api/units/${units.C}/members`, { name: 'LiuXin' }, tokens.chen),
      401,
      'unauthorized',
    )
    expectError(
      await call(
        server,
        'POST',
        '/api/units/01a20a58-0b4e-7f21-a3d9-6c2e8f1a4b77/members',
        { name: 'LiuXin' },
        tokens.zhang,
      ),
      404,
      'not_found',
    )
    expect(await rosterOf(server, units.C, tokens.zhang)).toEqual(before)
    expect(((await call(server, 'GET', '/api/units', undefined, outsider)).body as MyUnits).memberships).toEqual([])
    expect(((await call(server, 'GET', '/api/units', undefined, tokens.zhao)).body as MyUnits).memberships).toEqual([
      { unitId: units.B2, role: 'member', canRecord: false },
    ])
  })

  it('lets the secretary allow and withdraw recording and remove the member again, and the roster says so', async () => {
    const { server, ids, tokens, units } = await organization()
    await call(server, 'POST', `/api/units/${units.C}/members`, { name: 'LiuXin' }, tokens.zhang)
    expect(
      (await call(server, 'PUT', `/api/units/${units.C}/members/${ids.LiuXin}`, { canRecord: true }, tokens.zhang))
        .status,
    ).toBe(200)
    expect(byName(await rosterOf(server, units.C, tokens.zhang), '刘新')!.canRecord).toBe(true)
    expect(
      (await call(server, 'PUT', `/api/units/${units.C}/members/${ids.LiuXin}`, { canRecord: false }, tokens.zhang))
        .status,
    ).toBe(200)
    expect(byName(await rosterOf(server, units.C, tokens.zhang), '刘新')!.canRecord).toBe(false)
    expect(
      (await call(server, 'DELETE', `/api/units/${units.C}/members/${ids.LiuXin}`, undefined, tokens.zhang)).status,
    ).toBe(204)
    expect(byName(await rosterOf(server, units.C, tokens.zhang), '刘新')).toBeUndefined()
  })

  it('answers as docs/sync-protocol.md §11 shows it', async () => {
    const { server, tokens, units } = await organization()
    const doc = readFileSync(new URL('../../docs/sync-protocol.md', import.meta.url), 'utf8')
    const example = (marker: string): Record<string, unknown> => {
      const at = doc.indexOf(`<!-- answer: ${marker} -->\n\`\`\`json\n`)
      expect(at, marker).toBeGreaterThan(0)
      const start = doc.indexOf('{', at)
      return JSON.parse(doc.slice(start, doc.indexOf('\n```', start))) as Record<string, unknown>
    }
    const shape = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.slice(0, 1).map(shape)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .map(([k, v]) => [k, shape(v)])
                .sort(),
            )
          : typeof value
    const roster = await rosterOf(server, units.C, tokens.zhang)
    const documented = example('roster')
    // lastSeenAt is a string or null: the example shows one member of each.
    expect(shape({ ...documented, members: [(documented.members as unknown[])[0]] })).toEqual(
      shape({ ...roster, members: [roster.members[0]] }),
    )
    expect((documented.members as RosterMember[]).map((m) => m.lastSeenAt === null)).toContain(true)
    const added = await call(server, 'POST', `/api/units/${units.C}/members`, { name: 'LiuXin' }, tokens.zhang)
    expect(shape(example('member added'))).toEqual(shape(added.body))
  })
})

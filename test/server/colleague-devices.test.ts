/**
 * Who wrote a version of a conflict on a unit's record, by name (design invariant 15; sync-protocol.md §4, colleagues'
 * devices): GET /api/auth/devices?others= names a device of another account only when that account is a member of a
 * unit the caller reads. The organization of the worked example: 局党委 P → 中心组 C, 第二支部 B2; 张 and 李 in C, 赵
 * in B2, 刘 reviews P, 陈 in no unit.
 */
import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import type { UnitInfo } from '../../src/shared/units'
import { call, expectError, setUpAdmin, startTestServer } from './support'

interface Colleague {
  deviceId: string
  name: string
  accountId: string
  displayName: string
}

async function organization() {
  const server = await startTestServer()
  const admin = await setUpAdmin(server)
  const people: Record<string, { id: string; token: string; phone: string }> = {}
  for (const [name, displayName] of [
    ['zhang', '张伟'],
    ['li', '李娜'],
    ['zhao', '赵磊'],
    ['liu', '刘洋'],
    ['chen', '陈晨'],
  ] as const) {
    const created = await call(
      server,
      'POST',
      '/api/admin/accounts',
      { name: `${name}cd`, password: 'a password of enough length', displayName },
      admin.token,
    )
    const phone = uuidv7()
    const signedIn = await call(server, 'POST', '/api/auth/login', {
      name: `${name}cd`,
      password: 'a password of enough length',
      deviceId: phone,
      deviceName: `${displayName}的手机`,
    })
    people[name] = {
      id: (created.body as { account: { id: string } }).account.id,
      token: (signedIn.body as { token: string }).token,
      phone,
    }
  }
  const unit = async (name: string, kind: string, parentId?: string) =>
    ((await call(server, 'POST', '/api/admin/units', { name, kind, parentId }, admin.token)).body as { unit: UnitInfo })
      .unit.id
  const P = await unit('局党委', 'partyCommittee')
  const C = await unit('中心组', 'centerGroup', P)
  const B2 = await unit('第二支部', 'branch', P)
  await call(server, 'PUT', `/api/admin/units/${C}/members/${people.zhang!.id}`, { role: 'secretary' }, admin.token)
  await call(
    server,
    'PUT',
    `/api/admin/units/${C}/members/${people.li!.id}`,
    { role: 'member', canRecord: true },
    admin.token,
  )
  await call(server, 'PUT', `/api/admin/units/${B2}/members/${people.zhao!.id}`, { role: 'member' }, admin.token)
  await call(server, 'PUT', `/api/admin/units/${P}/reviewers/${people.liu!.id}`, undefined, admin.token)
  return { server, people }
}

describe('colleagues’ devices', () => {
  it('names another member’s device to those who read the unit, and to no one else', async () => {
    const { server, people } = await organization()
    const ask = async (who: string, ids: string[]) => {
      const answer = await call(
        server,
        'GET',
        `/api/auth/devices?others=${ids.join(',')}`,
        undefined,
        people[who]!.token,
      )
      expect(answer.status).toBe(200)
      return (answer.body as { colleagues: Colleague[] }).colleagues
    }
    const zhangs = people.zhang!.phone
    expect(await ask('li', [zhangs])).toEqual([
      { deviceId: zhangs, name: '张伟的手机', accountId: people.zhang!.id, displayName: '张伟' },
    ])
    expect((await ask('liu', [zhangs])).map((c) => c.displayName)).toEqual(['张伟'])
    // Outside C, unknown, or one's own: left out alike.
    expect(await ask('zhao', [zhangs])).toEqual([])
    expect(await ask('chen', [zhangs])).toEqual([])
    expect(await ask('li', [uuidv7(), people.li!.phone])).toEqual([])
    // Without others, the answer is as before: no colleagues key is needed by old clients.
    const plain = await call(server, 'GET', '/api/auth/devices', undefined, people.li!.token)
    expect((plain.body as { devices: { deviceId: string }[] }).devices.map((d) => d.deviceId)).toEqual([
      people.li!.phone,
    ])
  })

  it('refuses a list that is not of UUIDs, or too long', async () => {
    const { server, people } = await organization()
    expectError(
      await call(server, 'GET', '/api/auth/devices?others=not-a-uuid', undefined, people.li!.token),
      400,
      'invalid_request',
    )
    const many = Array.from({ length: 51 }, () => uuidv7()).join(',')
    expectError(
      await call(server, 'GET', `/api/auth/devices?others=${many}`, undefined, people.li!.token),
      400,
      'invalid_request',
    )
  })
})

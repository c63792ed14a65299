/**
 * Units and visibility at the server (docs/units.md), role by role and endpoint by endpoint, on this engine. The
 * organization of the worked examples: 局党委 (P) → 中心组 (C), 第一支部 (B1), 第二支部 (B2). 张 is the secretary of C;
 * 李 and 王 members of C; 赵 a member of B2; 刘 reviews P (reads C, B1, B2); 陈 is in no unit.
 */
import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import type { MyUnits, UnitInfo } from '../../src/shared/units'
import type { PullResponse, RecordState } from '../../src/shared/sync/protocol'
import { photoBytes, sha256, uploadFrom } from './blob-client'
import { addAccount, call, expectError, note, send, session, setUpAdmin, startTestServer, WireDevice } from './support'

interface Person {
  name: string
  id: string
  token: string
  phone: WireDevice
}

async function organization() {
  const server = await startTestServer()
  const admin = await setUpAdmin(server)
  const people: Record<'zhang' | 'li' | 'wang' | 'zhao' | 'liu' | 'chen', Person> = {} as never
  for (const name of ['zhang', 'li', 'wang', 'zhao', 'liu', 'chen'] as const) {
    const account = await addAccount(server, admin.token, `${name}ce`)
    people[name] = { name, id: account.account.id, token: account.token, phone: new WireDevice(server, account.token) }
  }
  const unit = async (name: string, kind: string, parentId?: string) =>
    ((await call(server, 'POST', '/api/admin/units', { name, kind, parentId }, admin.token)).body as { unit: UnitInfo })
      .unit.id
  const P = await unit('局党委', 'partyCommittee')
  const C = await unit('局党委理论学习中心组', 'centerGroup', P)
  const B1 = await unit('机关第一党支部', 'branch', P)
  const B2 = await unit('机关第二党支部', 'branch', P)
  const member = (unitId: string, who: Person, role = 'member') =>
    call(server, 'PUT', `/api/admin/units/${unitId}/members/${who.id}`, { role }, admin.token)
  expect((await member(C, people.zhang, 'secretary')).status).toBe(200)
  await member(C, people.li)
  await member(C, people.wang)
  await member(B2, people.zhao)
  expect(
    (await call(server, 'PUT', `/api/admin/units/${P}/reviewers/${people.liu.id}`, undefined, admin.token)).status,
  ).toBe(204)
  return { server, admin, people, units: { P, C, B1, B2 } }
}

/** Everything the account's device gets from a pull from 0: what it reads, and what it was told to remove. */
async function viewOf(person: Person): Promise<{ ids: string[]; removed: string[]; records: RecordState[] }> {
  const records: RecordState[] = []
  const removed: string[] = []
  for (let cursor = 0; ;) {
    const page = await person.phone.pull(cursor)
    expect(page.status).toBe(200)
    records.push(...page.body.changes)
    removed.push(...(page.body.removed ?? []).map((r) => r.id))
    cursor = page.body.cursor
    if (!page.body.hasMore) break
  }
  return { ids: records.map((r) => r.id), removed, records }
}

/** A pull after a cursor, as a phone that already synced makes it. */
async function pullAfter(person: Person, cursor: number): Promise<PullResponse> {
  const page = await person.phone.pull(cursor)
  expect(page.status).toBe(200)
  return page.body
}

const collective = () => session({ kind: 'centerGroup', topic: '学习党的二十大精神（中心组）' })

describe('units: who reads and who writes what', () => {
  it('shows a unit’s session to its members and the reviewer above, and to nobody else, by pull, by id or by photo', async () => {
    const { server, people, units } = await organization()
    const photo = photoBytes(90_000)
    const thumb = photoBytes(8_000)
    expect((await uploadFrom(server, people.zhang.token, photo)).body).toMatchObject({ complete: true })
    expect((await uploadFrom(server, people.zhang.token, thumb)).body).toMatchObject({ complete: true })
    const photos = [
      {
        hash: sha256(photo),
        thumbHash: sha256(thumb),
        type: 'image/jpeg',
        bytes: photo.byteLength,
        width: 1920,
        height: 1440,
        caption: '',
      },
    ]
    const create = {
      ...people.zhang.phone.create('studySessions', { ...collective(), photos } as ReturnType<typeof collective>),
      unitId: units.C,
    }
    const pushed = await people.zhang.phone.push([create])
    expect(pushed.body.results[0]).toMatchObject({ status: 'applied', rev: 1 })

    for (const reader of [people.zhang, people.li, people.wang, people.liu]) {
      const view = await viewOf(reader)
      expect(view.ids, reader.name).toContain(create.recordId)
      expect(view.records.find((r) => r.id === create.recordId)).toMatchObject({
        unitId: units.C,
        authorId: people.zhang.id,
        sharedWith: [],
      })
      expect(
        (
          await server.app.request(`/api/blobs/${sha256(photo)}`, {
            headers: { authorization: `Bearer ${reader.token}` },
          })
        ).status,
        reader.name,
      ).toBe(200)
    }
    for (const stranger of [people.zhao, people.chen]) {
      expect((await viewOf(stranger)).ids, stranger.name).not.toContain(create.recordId)
      expectError(await send(server, 'GET', `/api/blobs/${sha256(photo)}`, { token: stranger.token }), 404, 'not_found')
      expectError(
        await send(server, 'GET', `/api/blobs/${sha256(thumb)}/status`, { token: stranger.token }),
        404,
        'not_found',
      )
      // By id: the same answer as for an id nobody uses.
      const edit = await stranger.phone.push([
        stranger.phone.mutation('studySessions', create.recordId, 'update', { topic: '改了' }, 1),
      ])
      expect(edit.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'not_found' } })
    }
    // A member reads it but may not record; the secretary may.
    const byMember = await people.li.phone.push([
      people.li.phone.mutation('studySessions', create.recordId, 'update', { place: '二楼会议室' }, 1),
    ])
    expect(byMember.body.results[0]).toMatchObject({
      status: 'refused',
      refusal: { code: 'forbidden', message: expect.stringContaining('书记') },
    })
    const bySecretary = await people.zhang.phone.push([
      people.zhang.phone.mutation('studySessions', create.recordId, 'update', { place: '二楼会议室' }, 1),
    ])
    expect(bySecretary.body.results[0]).toMatchObject({ status: 'applied', rev: 2 })
  })

  it('lets only those who may record create a unit’s session, and only a collective one', async () => {
    const { people, units } = await organization()
    const attempt = async (who: Person, unitId: string, fields = collective()) =>
      (await who.phone.push([{ ...who.phone.create('studySessions', fields), unitId }])).body.results[0]!
    expect(await attempt(people.li, units.C)).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    expect(await attempt(people.zhao, units.C)).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    expect(await attempt(people.liu, units.C)).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    expect(await attempt(people.zhang, uuidv7())).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    expect(await attempt(people.zhang, units.C, session({ kind: 'selfStudy' }))).toMatchObject({
      status: 'refused',
      refusal: { code: 'invalid' },
    })
    expect(await attempt(people.zhang, units.C)).toMatchObject({ status: 'applied' })
  })

  it('lets a secretary allow a member to record, and two accounts editing one session merge like two devices', async () => {
    const { server, people, units } = await organization()
    const create = { ...people.zhang.phone.create('studySessions', collective()), unitId: units.C }
    await people.zhang.phone.push([create])
    expect(
      (
        await call(
          server,
          'PUT',
          `/api/units/${units.C}/members/${people.li.id}`,
          { canRecord: true },
          people.zhang.token,
        )
      ).body,
    ).toMatchObject({ member: { canRecord: true, role: 'member' } })
    // Both from revision 1: different fields merge, the same field keeps both values as a conflict.
    const li = await people.li.phone.push([
      people.li.phone.mutation('studySessions', create.recordId, 'update', { host: '李', summary: '李的记录' }, 1),
    ])
    expect(li.body.results[0]!.status).toBe('applied')
    const zhang = await people.zhang.phone.push([
      people.zhang.phone.mutation(
        'studySessions',
        create.recordId,
        'update',
        { place: '会议室', summary: '张的记录' },
        1,
      ),
    ])
    expect(zhang.body.results[0]).toMatchObject({ status: 'conflict', conflictFields: ['summary'] })
    for (const who of [people.zhang, people.li, people.wang]) {
      const record = (await viewOf(who)).records.find((r) => r.id === create.recordId)!
      expect(record.fields).toMatchObject({ host: '李', place: '会议室', summary: '李的记录' })
      expect(record.conflicts.map((c) => c.value)).toEqual(['张的记录'])
    }
    // A secretary names no secretaries; a member manages no members.
    expectError(
      await call(
        server,
        'PUT',
        `/api/units/${units.C}/members/${people.chen.id}`,
        { role: 'secretary' },
        people.zhang.token,
      ),
      403,
      'forbidden',
    )
    expectError(
      await call(server, 'PUT', `/api/units/${units.C}/members/${people.chen.id}`, {}, people.li.token),
      403,
      'forbidden',
    )
    expectError(
      await call(server, 'PUT', `/api/units/${units.B2}/members/${people.chen.id}`, {}, people.zhang.token),
      403,
      'forbidden',
    )
    expectError(
      await call(server, 'POST', '/api/admin/units', { name: '新支部', kind: 'branch' }, people.zhang.token),
      403,
      'forbidden',
    )
  })

  it('takes a unit’s records away from one who leaves, brings old ones to one who joins, and refuses an edit made under a withdrawn role', async () => {
    const { server, admin, people, units } = await organization()
    const create = { ...people.zhang.phone.create('studySessions', collective()), unitId: units.C }
    await people.zhang.phone.push([create])
    const wangCursor = (await viewOf(people.wang)).ids.length > 0 ? (await pullAfter(people.wang, 0)).cursor : 0
    expect(
      (await call(server, 'DELETE', `/api/units/${units.C}/members/${people.wang.id}`, undefined, people.zhang.token))
        .status,
    ).toBe(204)
    const after = await pullAfter(people.wang, wangCursor)
    expect(after.changes).toEqual([])
    expect(after.removed).toEqual([{ table: 'studySessions', id: create.recordId }])

    const zhaoCursor = (await pullAfter(people.zhao, 0)).cursor
    expect(
      (await call(server, 'PUT', `/api/admin/units/${units.C}/members/${people.zhao.id}`, {}, admin.token)).status,
    ).toBe(200)
    expect((await pullAfter(people.zhao, zhaoCursor)).changes.map((r) => r.id)).toEqual([create.recordId])

    // 张 is no longer secretary: an edit he made before hearing of it is refused, alone, with a reason.
    await call(server, 'PUT', `/api/admin/units/${units.C}/members/${people.zhang.id}`, { role: 'member' }, admin.token)
    const lateEdit = people.zhang.phone.mutation('studySessions', create.recordId, 'update', { topic: '迟到的修改' }, 1)
    const late = await people.zhang.phone.push([lateEdit, people.zhang.phone.create('readingNotes', note())])
    expect(late.body.results.map((r) => r.status)).toEqual(['refused', 'applied'])
    expect(late.body.results[0]!.refusal).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('已不是'),
    })
    // Disabling an account ends its access at once.
    await call(server, 'POST', `/api/admin/accounts/${people.li.id}/disable`, undefined, admin.token)
    expectError(await people.li.phone.pull(0), 401, 'unauthorized')
  })

  it('shares a personal note with a unit its author belongs to, read-only, and takes it back when unshared', async () => {
    const { server, admin, people, units } = await organization()
    await call(server, 'PUT', `/api/admin/units/${units.B1}/members/${people.chen.id}`, {}, admin.token)
    const create = people.chen.phone.create('readingNotes', note())
    await people.chen.phone.push([create])
    // Not a unit 陈 belongs to: refused.
    const elsewhere = await people.chen.phone.push([
      people.chen.phone.mutation('readingNotes', create.recordId, 'share', { sharedWith: [units.C] }, 1),
    ])
    expect(elsewhere.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    const liuCursor = (await pullAfter(people.liu, 0)).cursor
    const shared = await people.chen.phone.push([
      people.chen.phone.mutation('readingNotes', create.recordId, 'share', { sharedWith: [units.B1] }, 1),
    ])
    expect(shared.body.results[0]!.status).toBe('applied')
    const seen = await pullAfter(people.liu, liuCursor)
    expect(seen.changes.map((r) => [r.id, r.sharedWith])).toEqual([[create.recordId, [units.B1]]])
    expect((await viewOf(people.zhao)).ids).not.toContain(create.recordId)
    // Read-only for the reviewer.
    const edit = await people.liu.phone.push([
      people.liu.phone.mutation('readingNotes', create.recordId, 'update', { reflection: '改' }, 2),
    ])
    expect(edit.body.results[0]).toMatchObject({
      status: 'refused',
      refusal: { code: 'forbidden', message: expect.stringContaining('只能查看') },
    })
    const unshared = await people.chen.phone.push([
      people.chen.phone.mutation('readingNotes', create.recordId, 'share', { sharedWith: [] }, 2),
    ])
    expect(unshared.body.results[0]!.status).toBe('applied')
    expect((await pullAfter(people.liu, seen.cursor)).removed).toEqual([{ table: 'readingNotes', id: create.recordId }])
    expect((await viewOf(people.chen)).ids).toContain(create.recordId)
  })

  it('tells each account what it belongs to, with the rosters of its units, and moves reviews with the tree', async () => {
    const { server, admin, people, units } = await organization()
    const mine = (await call(server, 'GET', '/api/units', undefined, people.li.token)).body as MyUnits
    expect(mine.memberships).toEqual([{ unitId: units.C, role: 'member', canRecord: false }])
    expect(mine.units.map((u) => u.id).sort()).toEqual([units.P, units.C].sort())
    expect(mine.rosters[units.C]!.map((m) => [m.displayName, m.role])).toEqual([
      ['zhangce', 'secretary'],
      ['lice', 'member'],
      ['wangce', 'member'],
    ])
    const chen = (await call(server, 'GET', '/api/units', undefined, people.chen.token)).body as MyUnits
    expect(chen).toEqual({ units: [], memberships: [], reviews: [], rosters: {} })

    // B2 moves under C: a reviewer of C now reads it; a unit cannot move under itself or below it.
    const create = { ...people.zhao.phone.create('studySessions', collective()), unitId: units.B2 }
    await call(
      server,
      'PUT',
      `/api/admin/units/${units.B2}/members/${people.zhao.id}`,
      { role: 'secretary' },
      admin.token,
    )
    await people.zhao.phone.push([create])
    await call(server, 'PUT', `/api/admin/units/${units.C}/reviewers/${people.chen.id}`, undefined, admin.token)
    expect((await viewOf(people.chen)).ids).not.toContain(create.recordId)
    expect(
      (await call(server, 'PATCH', `/api/admin/units/${units.B2}`, { parentId: units.C }, admin.token)).status,
    ).toBe(200)
    expect((await viewOf(people.chen)).ids).toContain(create.recordId)
    expectError(
      await call(server, 'PATCH', `/api/admin/units/${units.P}`, { parentId: units.B2 }, admin.token),
      400,
      'invalid_request',
    )
    expectError(
      await call(server, 'DELETE', `/api/admin/units/${units.B2}`, undefined, admin.token),
      400,
      'invalid_request',
    )
    expectError(
      await call(server, 'PUT', `/api/admin/units/%00/members/${people.chen.id}`, {}, admin.token),
      404,
      'not_found',
    )
  })
})

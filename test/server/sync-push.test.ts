import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import type { RecordState } from '../../src/shared/sync/protocol'
import { addAccount, note, pullAll, revisionOf, session, setUpAdmin, useSharedServer, WireDevice } from './support'

describe('push', () => {
  const shared = useSharedServer(async (server) => {
    const admin = await setUpAdmin(server)
    return { user: await addAccount(server, admin.token, 'member') }
  })
  function device(): WireDevice {
    const { server, user } = shared()
    return new WireDevice(server, user.token)
  }
  async function revision(): Promise<number> {
    const { server, user } = shared()
    return revisionOf(server, user.account.id)
  }
  async function recordOf(id: string): Promise<RecordState | undefined> {
    return (await pullAll(device())).find((r) => r.id === id)
  }
  /** A study session on the server, made by `by`; returns its id and revision. */
  async function created(
    by: WireDevice,
    overrides: Parameters<typeof session>[0] = {},
  ): Promise<{ id: string; rev: number }> {
    const create = by.create('studySessions', session(overrides))
    const pushed = await by.push([create])
    expect(pushed.body.results[0]).toMatchObject({ status: 'applied' })
    return { id: create.recordId, rev: pushed.body.results[0]!.rev! }
  }

  it('applies a create, gives it the next revision of the account, and sends it to every device', async () => {
    const phone = device()
    const before = await revision()
    const mutation = phone.create('readingNotes', note())
    const pushed = await phone.push([mutation])
    expect(pushed.status).toBe(200)
    expect(pushed.body).toEqual({
      protocol: 1,
      results: [{ id: mutation.id, seq: mutation.seq, status: 'applied', rev: before + 1 }],
      timeline: (await phone.pull(0)).body.timeline,
    })
    expect(await revision()).toBe(before + 1)
    expect(await recordOf(mutation.recordId)).toEqual({
      table: 'readingNotes',
      id: mutation.recordId,
      rev: before + 1,
      fields: note(),
      createdAt: mutation.at,
      updatedAt: mutation.at,
      deviceId: phone.deviceId,
      deletedAt: null,
      conflicts: [],
      unitId: null,
      authorId: shared().user.account.id,
      sharedWith: [],
      fieldRevs: Object.fromEntries(Object.keys(note()).map((key) => [key, before + 1])),
    })
  })

  it('acknowledges a replayed batch with the same results and changes nothing', async () => {
    const phone = device()
    const first = phone.create('studySessions', session({ topic: '初稿' }))
    const batch = [
      first,
      phone.mutation('studySessions', first.recordId, 'update', { topic: '定稿' }, null),
      phone.create('readingNotes', note()),
    ]
    const pushed = await phone.push(batch)
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied'])
    const revisionAfter = await revision()
    const recordsAfter = await pullAll(phone)

    const replayed = await phone.push(batch)
    expect(replayed.status).toBe(200)
    expect(replayed.body).toEqual(pushed.body)
    expect(await revision()).toBe(revisionAfter)
    expect(await pullAll(phone)).toEqual(recordsAfter)
    expect(recordsAfter.find((r) => r.id === first.recordId)?.fields.topic).toBe('定稿')
  })

  it('answers a retried batch whose answer was lost: the replayed part as before, the new part applied', async () => {
    const phone = device()
    const laptop = device()
    const create = phone.create('studySessions', session({ topic: '初稿' }))
    const edit = phone.mutation('studySessions', create.recordId, 'update', { topic: '手机上的题目' }, null)
    const lost = await phone.push([create, edit])
    const editRev = lost.body.results[1]!.rev!

    // Meanwhile another device changes the same field, based on what the phone sent.
    expect(
      (
        await laptop.push([
          laptop.mutation('studySessions', create.recordId, 'update', { topic: '电脑上的题目' }, editRev),
        ])
      ).body.results[0],
    ).toMatchObject({ status: 'applied' })

    // The phone never saw its answer: it sends the same two again, with a new change after them.
    const place = phone.mutation('studySessions', create.recordId, 'update', { place: '三楼会议室' }, editRev)
    const retried = await phone.push([create, edit, place])
    expect(retried.body.results.slice(0, 2)).toEqual(lost.body.results)
    expect(retried.body.results[2]).toEqual({ id: place.id, seq: place.seq, status: 'merged', rev: editRev + 2 })
    // Had the edit been applied again it would have been a conflict with the laptop's topic.
    const record = await recordOf(create.recordId)
    expect(record).toMatchObject({
      rev: editRev + 2,
      fields: { topic: '电脑上的题目', place: '三楼会议室' },
      conflicts: [],
    })
  })

  it('refuses a change that reuses a sequence number, or arrives below the last one without having been applied', async () => {
    const phone = device()
    const first = phone.create('studySessions', session({ topic: '第一条' }))
    const skipped = phone.create('studySessions', session({ topic: '被跳过的一条' }))
    const third = phone.create('studySessions', session({ topic: '第三条' }))
    expect((await phone.push([first, third])).body.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    const before = await revision()
    const reused = { ...phone.create('studySessions', session({ topic: '重复序号' })), seq: first.seq }
    const answer = await phone.push([reused, skipped])
    expect(answer.body.results).toMatchObject([
      { id: reused.id, status: 'refused', refusal: { code: 'bad_op' } },
      { id: skipped.id, status: 'refused', refusal: { code: 'bad_op' } },
    ])
    expect(answer.body.results[0]!.refusal!.message).toContain('序号')
    expect(await revision()).toBe(before)
    expect(await recordOf(reused.recordId)).toBeUndefined()
  })

  it('refuses a bad mutation for good without blocking the others in its batch', async () => {
    const phone = device()
    const before = await revision()
    const create = phone.create('studySessions', session({ topic: '原来的主题' }))
    const tooLong = phone.mutation('studySessions', create.recordId, 'update', { topic: '长'.repeat(201) }, null)
    const place = phone.mutation('studySessions', create.recordId, 'update', { place: '党员活动室' }, null)
    const unknownField = phone.mutation('studySessions', uuidv7(), 'create', { ...session(), mood: 'happy' }, null)
    const missing = phone.mutation('studySessions', uuidv7(), 'update', { topic: '没有这条记录' }, 3)
    const afterThem = phone.create('readingNotes', note())
    const batch = [create, tooLong, place, unknownField, missing, afterThem]
    const pushed = await phone.push(batch)

    expect(pushed.body.results.map((r) => [r.status, r.rev, r.refusal?.code])).toEqual([
      ['applied', before + 1, undefined],
      ['refused', null, 'invalid'],
      ['applied', before + 2, undefined],
      ['refused', null, 'unknown_field'],
      ['refused', null, 'not_found'],
      ['applied', before + 3, undefined],
    ])
    expect(pushed.body.results[1]!.refusal).toEqual({
      code: 'invalid',
      message: '服务器未接受这次修改：学习主题不能超过 200 字',
      messageEn: 'The server did not accept this change: topic',
      fields: [{ path: 'topic', message: '学习主题不能超过 200 字' }],
    })
    expect(pushed.body.results[3]!.refusal).toMatchObject({
      message: '记录中有无法识别的字段：mood。请更新应用后再同步。',
      fields: [{ path: 'mood', message: '无法识别的字段：mood' }],
    })
    expect(pushed.body.results[4]!.refusal?.message).toMatch(/服务器上没有这条记录/)

    const records = await pullAll(phone)
    expect(records.find((r) => r.id === create.recordId)?.fields).toMatchObject({
      topic: '原来的主题',
      place: '党员活动室',
    })
    expect(records.find((r) => r.id === unknownField.recordId)).toBeUndefined()
    expect(records.find((r) => r.id === missing.recordId)).toBeUndefined()
    expect(records.find((r) => r.id === afterThem.recordId)).toBeDefined()
    expect(await revision()).toBe(before + 3)
    // The refusals are final: a replay gets them again and nothing more happens.
    expect((await phone.push(batch)).body).toEqual(pushed.body)
    expect(await revision()).toBe(before + 3)
  })

  it('refuses changes to a record the server does not have, or under another table, with not_found', async () => {
    const phone = device()
    const { id, rev } = await created(phone)
    const nowhere = uuidv7()
    const pushed = await phone.push([
      phone.mutation('studySessions', nowhere, 'update', { topic: '无' }, 1),
      phone.mutation('studySessions', nowhere, 'delete', { deletedAt: new Date().toISOString() }, 1),
      phone.mutation('studySessions', nowhere, 'restore', { deletedAt: null }, 1),
      phone.mutation('studySessions', nowhere, 'resolve', {}, 1, { resolves: [uuidv7()] }),
      phone.mutation('visits', id, 'update', { place: '社区' }, rev),
    ])
    expect(pushed.body.results.map((r) => [r.status, r.refusal?.code])).toEqual(
      Array.from({ length: 5 }, () => ['refused', 'not_found']),
    )
    expect(await recordOf(nowhere)).toBeUndefined()
    expect((await recordOf(id))?.rev).toBe(rev)
  })

  it('refuses a malformed delete or restore, and deletedAt slipped into an edit, with bad_op', async () => {
    const phone = device()
    const { id, rev } = await created(phone)
    const pushed = await phone.push([
      phone.mutation('studySessions', id, 'delete', {}, rev),
      phone.mutation('studySessions', id, 'delete', { deletedAt: new Date().toISOString(), topic: '顺便改' }, rev),
      phone.mutation('studySessions', id, 'restore', { deletedAt: new Date().toISOString() }, rev),
      phone.mutation('studySessions', id, 'update', { deletedAt: new Date().toISOString() }, rev),
    ])
    expect(pushed.body.results.map((r) => [r.status, r.refusal?.code])).toEqual(
      Array.from({ length: 4 }, () => ['refused', 'bad_op']),
    )
    expect(await recordOf(id)).toMatchObject({ rev, deletedAt: null, fields: { topic: session().topic } })
  })
})

describe('merging changes from two devices', () => {
  const shared = useSharedServer(async (server) => {
    const admin = await setUpAdmin(server)
    return { user: await addAccount(server, admin.token, 'member') }
  })
  function devices(): [WireDevice, WireDevice] {
    const { server, user } = shared()
    return [new WireDevice(server, user.token), new WireDevice(server, user.token)]
  }
  async function recordOf(id: string): Promise<RecordState> {
    const { server, user } = shared()
    return (await pullAll(new WireDevice(server, user.token))).find((r) => r.id === id)!
  }
  /** A record both devices have pulled at revision `rev`. */
  async function sharedRecord(
    phone: WireDevice,
    overrides: Parameters<typeof session>[0] = {},
  ): Promise<{ id: string; rev: number }> {
    const create = phone.create('studySessions', session(overrides))
    const pushed = await phone.push([create])
    return { id: create.recordId, rev: pushed.body.results[0]!.rev! }
  }

  it('keeps both when two devices change different fields, and says the second was merged', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    const topic = await phone.push([
      phone.mutation('studySessions', id, 'update', { topic: '学习新修订的《条例》' }, rev),
    ])
    expect(topic.body.results[0]).toMatchObject({ status: 'applied', rev: rev + 1 })
    const place = await laptop.push([
      laptop.mutation('studySessions', id, 'update', { place: '二楼会议室', durationHours: 3 }, rev),
    ])
    expect(place.body.results[0]).toMatchObject({ status: 'merged', rev: rev + 2 })
    const record = await recordOf(id)
    expect(record).toMatchObject({
      rev: rev + 2,
      deviceId: laptop.deviceId,
      conflicts: [],
      fields: { topic: '学习新修订的《条例》', place: '二楼会议室', durationHours: 3 },
    })
  })

  it('keeps the first value of a field changed on both sides, and the other as a visible conflict, long text whole', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    const phoneSummary = '手机上的记录。'.repeat(2000)
    const laptopSummary = '电脑上的记录，更完整。'.repeat(1500)
    await phone.push([phone.mutation('studySessions', id, 'update', { summary: phoneSummary, host: '王书记' }, rev)])
    const edit = laptop.mutation('studySessions', id, 'update', { summary: laptopSummary, place: '会议室' }, rev)
    const pushed = await laptop.push([edit])
    expect(pushed.body.results[0]).toEqual({
      id: edit.id,
      seq: edit.seq,
      status: 'conflict',
      rev: rev + 2,
      conflictFields: ['summary'],
    })

    const record = await recordOf(id)
    expect(record.fields).toMatchObject({ summary: phoneSummary, host: '王书记', place: '会议室' })
    expect(record.conflicts).toEqual([
      {
        id: expect.any(String) as string,
        kind: 'field',
        field: 'summary',
        value: laptopSummary,
        deviceId: laptop.deviceId,
        at: edit.at,
        rev: rev + 2,
      },
    ])
  })

  it('sees no conflict when both sides set the same value, or one device changes a field twice', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'update', { topic: '同一个主题' }, rev)])
    expect(
      (await laptop.push([laptop.mutation('studySessions', id, 'update', { topic: '同一个主题' }, rev)])).body
        .results[0],
    ).toMatchObject({ status: 'applied', rev: rev + 1 })
    // The phone has not pulled since: its second change on the old base is still not a conflict with itself.
    expect(
      (await phone.push([phone.mutation('studySessions', id, 'update', { topic: '改了两次' }, rev)])).body.results[0],
    ).toMatchObject({ status: 'applied', rev: rev + 2 })
    expect(await recordOf(id)).toMatchObject({ fields: { topic: '改了两次' }, conflicts: [] })
  })

  it('keeps a record edited on one device and deleted on another, edit first: alive, with a delete conflict', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'update', { topic: '刚改过' }, rev)])
    const deletion = laptop.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T08:00:00.000Z' }, rev)
    const pushed = await laptop.push([deletion])
    expect(pushed.body.results[0]).toMatchObject({ status: 'conflict', rev: rev + 2, conflictFields: ['deletedAt'] })
    const record = await recordOf(id)
    expect(record).toMatchObject({ deletedAt: null, fields: { topic: '刚改过' } })
    expect(record.conflicts).toEqual([
      {
        id: expect.any(String) as string,
        kind: 'delete',
        field: 'deletedAt',
        value: '2026-11-12T08:00:00.000Z',
        deviceId: laptop.deviceId,
        at: deletion.at,
        rev: rev + 2,
      },
    ])
  })

  it('keeps a record edited on one device and deleted on another, delete first: brought back, with a delete conflict', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    expect(
      (
        await phone.push([
          phone.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T08:00:00.000Z' }, rev),
        ])
      ).body.results[0],
    ).toMatchObject({ status: 'applied' })
    expect((await recordOf(id)).deletedAt).toBe('2026-11-12T08:00:00.000Z')

    const pushed = await laptop.push([laptop.mutation('studySessions', id, 'update', { topic: '删之前改的' }, rev)])
    expect(pushed.body.results[0]).toMatchObject({ status: 'conflict', rev: rev + 2, conflictFields: ['deletedAt'] })
    const record = await recordOf(id)
    expect(record).toMatchObject({ deletedAt: null, fields: { topic: '删之前改的' } })
    expect(record.conflicts).toMatchObject([{ kind: 'delete', field: 'deletedAt', value: '2026-11-12T08:00:00.000Z' }])
  })

  it('lets an edit made after seeing a delete leave the record deleted', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T08:00:00.000Z' }, rev)])
    const pushed = await laptop.push([laptop.mutation('studySessions', id, 'update', { topic: '知道已删除' }, rev + 1)])
    expect(pushed.body.results[0]).toMatchObject({ status: 'applied' })
    expect(await recordOf(id)).toMatchObject({ deletedAt: '2026-11-12T08:00:00.000Z', conflicts: [] })
  })

  it('settles conflicts by id with a resolve, leaving the ones it does not name', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'update', { topic: '手机的主题', place: '手机的地点' }, rev)])
    await laptop.push([
      laptop.mutation('studySessions', id, 'update', { topic: '电脑的主题', place: '电脑的地点' }, rev),
    ])
    const conflicted = await recordOf(id)
    expect(conflicted.conflicts.map((c) => [c.field, c.value])).toEqual([
      ['topic', '电脑的主题'],
      ['place', '电脑的地点'],
    ])
    const [topicConflict, placeConflict] = conflicted.conflicts

    // The person picks the laptop's topic: the resolve carries the chosen value and names the conflict it settles.
    const pick = await phone.push([
      phone.mutation('studySessions', id, 'resolve', { topic: '电脑的主题' }, conflicted.rev, {
        resolves: [topicConflict!.id, uuidv7()],
      }),
    ])
    expect(pick.body.results[0]).toMatchObject({ status: 'applied', rev: conflicted.rev + 1 })
    expect(await recordOf(id)).toMatchObject({
      fields: { topic: '电脑的主题', place: '手机的地点' },
      conflicts: [placeConflict],
    })

    // Keeping the server's value: a resolve that changes no field still settles the conflict.
    const keep = await laptop.push([
      laptop.mutation('studySessions', id, 'resolve', {}, conflicted.rev + 1, { resolves: [placeConflict!.id] }),
    ])
    expect(keep.body.results[0]).toMatchObject({ status: 'applied', rev: conflicted.rev + 2 })
    expect(await recordOf(id)).toMatchObject({
      rev: conflicted.rev + 2,
      fields: { place: '手机的地点' },
      conflicts: [],
    })
  })

  it('settles a delete conflict by deleting again', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'update', { topic: '刚改过' }, rev)])
    await laptop.push([laptop.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T08:00:00.000Z' }, rev)])
    const kept = await recordOf(id)
    const again = await laptop.push([
      laptop.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T09:00:00.000Z' }, kept.rev, {
        resolves: [kept.conflicts[0]!.id],
      }),
    ])
    expect(again.body.results[0]).toMatchObject({ status: 'applied', rev: kept.rev + 1 })
    expect(await recordOf(id)).toMatchObject({ deletedAt: '2026-11-12T09:00:00.000Z', conflicts: [] })
  })

  it('restores a deleted record', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T08:00:00.000Z' }, rev)])
    const restored = await laptop.push([laptop.mutation('studySessions', id, 'restore', { deletedAt: null }, rev + 1)])
    expect(restored.body.results[0]).toMatchObject({ status: 'applied', rev: rev + 2 })
    expect(await recordOf(id)).toMatchObject({ deletedAt: null, conflicts: [], fields: session() })
  })

  it('keeps another device’s deletion visible when an undo of one’s own delete brings the record back', async () => {
    const [phoneL, phoneP] = devices()
    const { id, rev } = await sharedRecord(phoneL)
    const deletedAt = '2026-11-12T08:00:00.000Z'
    await phoneL.push([phoneL.mutation('studySessions', id, 'delete', { deletedAt }, rev)])
    // P, offline, deleted the note too and tapped 撤销: its queue holds both, made on the revision it had.
    const pushed = await phoneP.push([
      phoneP.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T09:00:00.000Z' }, rev),
      phoneP.mutation('studySessions', id, 'restore', { deletedAt: null }, rev),
    ])
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'conflict'])
    expect(pushed.body.results[1]!.conflictFields).toEqual(['deletedAt'])
    const record = await recordOf(id)
    expect(record.deletedAt).toBeNull()
    expect(record.conflicts).toEqual([
      expect.objectContaining({ kind: 'delete', field: 'deletedAt', value: deletedAt, deviceId: phoneP.deviceId }),
    ])

    // Undoing one's own deletion is no conflict.
    const own = await sharedRecord(phoneL)
    await phoneL.push([phoneL.mutation('studySessions', own.id, 'delete', { deletedAt }, own.rev)])
    expect(
      (await phoneL.push([phoneL.mutation('studySessions', own.id, 'restore', { deletedAt: null }, own.rev)])).body
        .results[0]!.status,
    ).toBe('applied')
    expect((await recordOf(own.id)).conflicts).toEqual([])
  })

  it('checks a value kept only as a conflict by its field’s rules, and stores it normalized', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'update', { topic: '先到的主题' }, rev)])
    const before = await recordOf(id)
    const wrong = [
      { topic: 'x'.repeat(5 * 1024 * 1024) },
      { topic: { nested: '对象' } },
      { topic: '' },
      { attendance: { expected: 'many', present: [], absent: [] } },
    ]
    for (const changes of wrong) {
      const refused = await laptop.push([laptop.mutation('studySessions', id, 'update', changes, rev)])
      expect(refused.body.results[0], JSON.stringify(changes).slice(0, 60)).toMatchObject({
        status: 'refused',
        refusal: {
          code: 'invalid',
          fields: [expect.objectContaining({ path: expect.stringMatching(/^(topic|attendance)/) })],
        },
      })
    }
    expect(await recordOf(id)).toEqual(before)
    const kept = await laptop.push([laptop.mutation('studySessions', id, 'update', { topic: '  后到的主题  ' }, rev)])
    expect(kept.body.results[0]).toMatchObject({ status: 'conflict' })
    expect((await recordOf(id)).conflicts.map((c) => c.value)).toEqual(['后到的主题'])
  })

  it('holds at most 20 conflicts on a record: the next is refused and stays with its device, settling still works', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    await phone.push([phone.mutation('studySessions', id, 'update', { summary: '服务器上的' }, rev)])
    for (let i = 0; i < 20; i++)
      expect(
        (await laptop.push([laptop.mutation('studySessions', id, 'update', { summary: `第${i}版` }, rev)])).body
          .results[0]!.status,
      ).toBe('conflict')
    const full = await recordOf(id)
    expect(full.conflicts).toHaveLength(20)
    const refused = await laptop.push([laptop.mutation('studySessions', id, 'update', { summary: '第二十一版' }, rev)])
    expect(refused.body.results[0]).toMatchObject({
      status: 'refused',
      refusal: { code: 'invalid', message: expect.stringContaining('未处理的冲突') },
    })
    expect(await recordOf(id)).toEqual(full)
    const settled = await phone.push([
      phone.mutation('studySessions', id, 'resolve', {}, full.rev, { resolves: full.conflicts.map((c) => c.id) }),
    ])
    expect(settled.body.results[0]!.status).toBe('applied')
    expect((await recordOf(id)).conflicts).toEqual([])
  })

  it('adds the conflicts a device sends back after a restore, once each, checked like values', async () => {
    const [phone, laptop] = devices()
    const { id, rev } = await sharedRecord(phone)
    const lost = {
      id: uuidv7(),
      kind: 'field' as const,
      field: 'summary',
      value: '恢复前的另一版本',
      deviceId: laptop.deviceId,
      at: '2026-11-11T08:00:00.000Z',
      rev: 99,
    }
    const lostDelete = {
      id: uuidv7(),
      kind: 'delete' as const,
      field: 'deletedAt',
      value: '2026-11-11T09:00:00.000Z',
      deviceId: laptop.deviceId,
      at: '2026-11-11T09:00:00.000Z',
    }
    const sent = await phone.push([
      phone.mutation('studySessions', id, 'update', {}, rev, { keepConflicts: [lost, lostDelete] }),
    ])
    expect(sent.body.results[0]).toMatchObject({ status: 'applied', rev: rev + 1 })
    const record = await recordOf(id)
    expect(record.conflicts).toEqual([
      { ...lost, rev: rev + 1 },
      { ...lostDelete, rev: rev + 1 },
    ])
    // Sent again (by another phone that held them too): nothing changes.
    expect(
      (await laptop.push([laptop.mutation('studySessions', id, 'update', {}, rev, { keepConflicts: [lost] })])).body
        .results[0],
    ).toMatchObject({ status: 'applied', rev: rev + 1 })
    const wrong = await laptop.push([
      laptop.mutation('studySessions', id, 'update', {}, rev, {
        keepConflicts: [{ ...lost, id: uuidv7(), field: 'topic', value: 'x'.repeat(201) }],
      }),
    ])
    expect(wrong.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'invalid' } })
    const onDelete = await laptop.push([
      laptop.mutation('studySessions', id, 'delete', { deletedAt: '2026-11-12T08:00:00.000Z' }, rev, {
        keepConflicts: [{ ...lost, id: uuidv7() }],
      }),
    ])
    expect(onDelete.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'bad_op' } })
    expect(await recordOf(id)).toEqual(record)
  })

  it('refuses a change that would make the merged record invalid, keeping the record as it was', async () => {
    const [phone, laptop] = devices()
    const create = phone.create('readingNotes', note({ excerpt: '摘抄', reflection: '心得' }))
    const rev = (await phone.push([create])).body.results[0]!.rev!
    expect(
      (await phone.push([phone.mutation('readingNotes', create.recordId, 'update', { reflection: '' }, rev)])).body
        .results[0],
    ).toMatchObject({ status: 'applied' })
    // Each change alone is fine; together with what the server has, the note would have neither excerpt nor reflection.
    const pushed = await laptop.push([laptop.mutation('readingNotes', create.recordId, 'update', { excerpt: '' }, rev)])
    expect(pushed.body.results[0]).toMatchObject({
      status: 'refused',
      rev: null,
      refusal: { code: 'invalid', fields: [{ path: 'excerpt', message: '原文摘抄和心得体会至少填写一项' }] },
    })
    expect(await recordOf(create.recordId)).toMatchObject({ rev: rev + 1, fields: { excerpt: '摘抄', reflection: '' } })
  })
})

/**
 * 一学一报 packet steps at the server (docs/review.md, "How events travel"), on this engine: who may add which step,
 * that steps are only ever created, that the server's time of arrival is the server's, and that steps arriving in
 * any order give one history on every phone. The organization: 局党委 (P) → 中心组 (C), 第二支部 (B2). 张 is the
 * secretary of C, 李 a member of C, 王 reviews C itself (the units below C, not C), 刘 reviews P (so C is below), 赵 a
 * member of B2.
 */
import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import type { FieldsOf } from '../../src/shared/records'
import { packetReviewOf, type ReviewEvent } from '../../src/shared/reporting/review'
import type { Mutation, RecordState } from '../../src/shared/sync/protocol'
import type { UnitInfo } from '../../src/shared/units'
import { addAccount, call, pullAll, session, setUpAdmin, startTestServer, WireDevice } from './support'

const NAMES = ['zhang', 'li', 'wang', 'liu', 'zhao'] as const
type Name = (typeof NAMES)[number]

async function organization() {
  const server = await startTestServer()
  const admin = await setUpAdmin(server)
  const people = {} as Record<Name, { id: string; phone: WireDevice }>
  for (const name of NAMES) {
    const account = await addAccount(server, admin.token, `${name}pk`)
    people[name] = { id: account.account.id, phone: new WireDevice(server, account.token) }
  }
  const unit = async (name: string, kind: string, parentId?: string) =>
    ((await call(server, 'POST', '/api/admin/units', { name, kind, parentId }, admin.token)).body as { unit: UnitInfo })
      .unit.id
  const P = await unit('局党委', 'partyCommittee')
  const C = await unit('局党委理论学习中心组', 'centerGroup', P)
  const B2 = await unit('机关第二党支部', 'branch', P)
  const put = (path: string, body?: unknown) => call(server, 'PUT', path, body, admin.token)
  expect((await put(`/api/admin/units/${C}/members/${people.zhang.id}`, { role: 'secretary' })).status).toBe(200)
  expect((await put(`/api/admin/units/${C}/members/${people.li.id}`, { role: 'member' })).status).toBe(200)
  expect((await put(`/api/admin/units/${B2}/members/${people.zhao.id}`, { role: 'member' })).status).toBe(200)
  expect((await put(`/api/admin/units/${C}/reviewers/${people.wang.id}`)).status).toBe(204)
  expect((await put(`/api/admin/units/${P}/reviewers/${people.liu.id}`)).status).toBe(204)

  // C's collective session, recorded by its secretary.
  const held = { ...people.zhang.phone.create('studySessions', session({ kind: 'centerGroup' })), unitId: C }
  expect((await people.zhang.phone.push([held])).body.results[0]).toMatchObject({ status: 'applied' })
  return { server, people, units: { P, C, B2 }, sessionId: held.recordId }
}

/** A collective session of the unit, pushed by its secretary. */
async function organizationSession(phone: WireDevice, unitId: string): Promise<{ sessionId: string }> {
  const made = { ...phone.create('studySessions', session({ kind: 'seminar' })), unitId }
  expect((await phone.push([made])).body.results[0]).toMatchObject({ status: 'applied' })
  return { sessionId: made.recordId }
}

function step(
  phone: WireDevice,
  unitId: string,
  fields: Partial<FieldsOf['reviewEvents']> & Pick<FieldsOf['reviewEvents'], 'kind' | 'sessionId'>,
): Mutation {
  const event: FieldsOf['reviewEvents'] = {
    answers: '',
    comment: '',
    authorName: '张三',
    deviceAt: '2026-12-01T12:00:00.000Z',
    receivedAt: '',
    snapshot: fields.kind === 'submitted' && fields.sessionId !== '' ? session({ kind: 'centerGroup' }) : null,
    plan: null,
    ...fields,
  }
  return { ...phone.create('reviewEvents', event), unitId }
}

function eventsOf(records: readonly RecordState[]): ReviewEvent[] {
  return records
    .filter((r) => r.table === 'reviewEvents')
    .map((r) => {
      const f = r.fields as FieldsOf['reviewEvents']
      return {
        id: r.id,
        sessionId: f.sessionId,
        kind: f.kind,
        answers: f.answers,
        receivedAt: f.receivedAt,
        deviceAt: f.deviceAt,
        authorId: r.authorId ?? '',
        authorName: f.authorName,
        comment: f.comment,
      }
    })
}

describe('一学一报 packet steps', () => {
  it('stamps the time of arrival itself and shows the step to the unit and the reviewers above only', async () => {
    const { people, units, sessionId } = await organization()
    const before = new Date().toISOString()
    // The phone claims an arrival time of its own: the server ignores it.
    const sent = step(people.zhang.phone, units.C, { kind: 'submitted', sessionId, receivedAt: '2020-01-01T00:00:00Z' })
    const pushed = await people.zhang.phone.push([sent])
    expect(pushed.body.results[0]).toMatchObject({ status: 'applied' })
    const after = new Date().toISOString()

    for (const reader of [people.zhang, people.li, people.liu]) {
      const found = (await pullAll(reader.phone)).find((r) => r.id === sent.recordId)
      expect(found).toMatchObject({ table: 'reviewEvents', unitId: units.C, authorId: people.zhang.id })
      const receivedAt = (found!.fields as FieldsOf['reviewEvents']).receivedAt
      expect(receivedAt >= before && receivedAt <= after, receivedAt).toBe(true)
      expect((found!.fields as FieldsOf['reviewEvents']).deviceAt).toBe('2026-12-01T12:00:00.000Z')
    }
    // A member of another unit, and a reviewer of C itself (who reads the units below C, not C).
    for (const stranger of [people.zhao, people.wang])
      expect((await pullAll(stranger.phone)).map((r) => r.id)).not.toContain(sent.recordId)

    // A replay of the same push changes nothing: the stamp stays the first arrival's.
    const first = (await pullAll(people.liu.phone)).find((r) => r.id === sent.recordId)!
    const replay = await people.zhang.phone.push([sent])
    expect(replay.body.results[0]).toEqual(pushed.body.results[0])
    expect((await pullAll(people.liu.phone)).find((r) => r.id === sent.recordId)).toEqual(first)
  })

  it('lets only the unit’s recorders submit and only reviewers strictly above decide', async () => {
    const { people, units, sessionId } = await organization()
    const byMember = await people.li.phone.push([step(people.li.phone, units.C, { kind: 'submitted', sessionId })])
    expect(byMember.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    expect(byMember.body.results[0]!.refusal!.message).toContain('无法报送')

    const submission = step(people.zhang.phone, units.C, { kind: 'submitted', sessionId })
    expect((await people.zhang.phone.push([submission])).body.results[0]).toMatchObject({ status: 'applied' })
    const answers = submission.recordId

    for (const [who, name] of [
      [people.li, 'a member'],
      [people.zhang, 'the secretary'],
      [people.wang, 'a reviewer of the unit itself, not above it'],
      [people.zhao, 'a member of another unit'],
    ] as const) {
      const pushed = await who.phone.push([
        step(who.phone, units.C, { kind: 'accepted', sessionId, answers, comment: '' }),
      ])
      expect(pushed.body.results[0], name).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    }

    const noComment = await people.liu.phone.push([
      step(people.liu.phone, units.C, { kind: 'returned', sessionId, answers, comment: '  ' }),
    ])
    expect(noComment.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'invalid' } })
    expect(noComment.body.results[0]!.refusal!.message).toContain('退回整改请写明需要整改的内容')

    const wrongSubmission = await people.liu.phone.push([
      step(people.liu.phone, units.C, { kind: 'accepted', sessionId, answers: uuidv7() }),
    ])
    expect(wrongSubmission.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'invalid' } })

    const returned = await people.liu.phone.push([
      step(people.liu.phone, units.C, { kind: 'returned', sessionId, answers, comment: '缺少影像资料' }),
    ])
    expect(returned.body.results[0]).toMatchObject({ status: 'applied' })
  })

  it('refuses every change to a step once sent, and a session the unit does not hold', async () => {
    const { people, units, sessionId } = await organization()
    const phone = people.zhang.phone
    const submission = step(phone, units.C, { kind: 'submitted', sessionId })
    const applied = await phone.push([submission])
    const rev = applied.body.results[0]!.rev
    const id = submission.recordId
    const attempts = [
      phone.mutation('reviewEvents', id, 'update', { comment: '改一下' }, rev),
      phone.mutation('reviewEvents', id, 'delete', { deletedAt: new Date().toISOString() }, rev),
      phone.mutation('reviewEvents', id, 'restore', { deletedAt: null }, rev),
      // The same id with other content: another step under a used id.
      {
        ...phone.create('reviewEvents', { ...(submission.changes as FieldsOf['reviewEvents']), comment: '另一份' }, id),
        unitId: units.C,
      },
    ]
    const answered = await phone.push(attempts)
    for (const result of answered.body.results) {
      expect(result).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
      expect(result.refusal!.message).toContain('一经提交不能修改')
    }
    // The same step sent again (a phone restored from a backup): applied, changing nothing, the first stamp kept.
    const before = (await pullAll(people.liu.phone)).find((r) => r.id === id)!
    const again = {
      ...phone.create('reviewEvents', { ...(submission.changes as FieldsOf['reviewEvents']), receivedAt: '' }, id),
      unitId: units.C,
    }
    expect((await phone.push([again])).body.results[0]).toMatchObject({ status: 'applied', rev })
    expect((await pullAll(people.liu.phone)).find((r) => r.id === id)).toEqual(before)

    // A session of no unit (the secretary's own), and one that does not exist.
    const own = phone.create('studySessions', session())
    expect((await phone.push([own])).body.results[0]).toMatchObject({ status: 'applied' })
    for (const other of [own.recordId, uuidv7()]) {
      const pushed = await phone.push([step(phone, units.C, { kind: 'submitted', sessionId: other })])
      expect(pushed.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'invalid' } })
    }
    // No unit at all.
    const unowned = { ...step(phone, units.C, { kind: 'submitted', sessionId }) }
    delete unowned.unitId
    expect((await phone.push([unowned])).body.results[0]).toMatchObject({ status: 'refused' })
  })

  it('takes a session made offline and its 报送 in one push, the session first', async () => {
    const { people, units } = await organization()
    const phone = people.zhang.phone
    const made = { ...phone.create('studySessions', session({ kind: 'themePartyDay' })), unitId: units.C }
    const sent = step(phone, units.C, { kind: 'submitted', sessionId: made.recordId })
    const pushed = await phone.push([made, sent])
    expect(pushed.body.results.map((r) => r.status)).toEqual(['applied', 'applied'])
  })

  it('files a plan upward the same way: the recorders send it, a reviewer above decides, a wrong plan is refused in words', async () => {
    const { people, units } = await organization()
    const plan = {
      year: 2026,
      quarter: 4,
      sessions: [
        { month: '2026-10', topic: '二十届四中全会精神' },
        { month: '2026-11', topic: '文旅融合发展' },
      ],
    }
    const filed = step(people.zhang.phone, units.C, { kind: 'submitted', sessionId: '', plan })
    expect((await people.zhang.phone.push([filed])).body.results[0]).toMatchObject({ status: 'applied' })
    const byMember = await people.li.phone.push([
      step(people.li.phone, units.C, { kind: 'submitted', sessionId: '', plan }),
    ])
    expect(byMember.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'forbidden' } })
    const outOfPeriod = { ...plan, sessions: [{ month: '2026-07', topic: '七月的学习' }] }
    const wrong = await people.zhang.phone.push([
      step(people.zhang.phone, units.C, { kind: 'submitted', sessionId: '', plan: outOfPeriod }),
    ])
    expect(wrong.body.results[0]).toMatchObject({ status: 'refused', refusal: { code: 'invalid' } })
    expect(wrong.body.results[0]!.refusal!.message).toContain('不在计划的期间内（2026年第4季度）')

    const decide = (who: Name, answers: string) =>
      people[who].phone.push([step(people[who].phone, units.C, { kind: 'accepted', sessionId: '', answers })])
    expect((await decide('wang', filed.recordId)).body.results[0]).toMatchObject({ status: 'refused' })
    expect((await decide('liu', filed.recordId)).body.results[0]).toMatchObject({ status: 'applied' })
    // A decision with no session must answer a plan, not a session's submission.
    const { sessionId } = await organizationSession(people.zhang.phone, units.C)
    const sent = step(people.zhang.phone, units.C, { kind: 'submitted', sessionId })
    await people.zhang.phone.push([sent])
    expect((await decide('liu', sent.recordId)).body.results[0]).toMatchObject({
      status: 'refused',
      refusal: { code: 'invalid' },
    })
    const atMember = (await pullAll(people.li.phone)).filter((r) => r.table === 'reviewEvents')
    expect(atMember.find((r) => r.id === filed.recordId)?.fields).toMatchObject({ plan, sessionId: '' })
  })

  it('gives one history on every phone, a decision on an older submission kept but superseded', async () => {
    const { people, units, sessionId } = await organization()
    const first = step(people.zhang.phone, units.C, { kind: 'submitted', sessionId })
    await people.zhang.phone.push([first])
    // 刘 returns it; 张 fixes and resends; 刘, offline on the old one, accepts it: it arrives after the resend.
    const returned = step(people.liu.phone, units.C, {
      kind: 'returned',
      sessionId,
      answers: first.recordId,
      comment: '缺少影像资料',
    })
    const accepted = step(people.liu.phone, units.C, { kind: 'accepted', sessionId, answers: first.recordId })
    expect((await people.liu.phone.push([returned])).body.results[0]).toMatchObject({ status: 'applied' })
    const resent = step(people.zhang.phone, units.C, { kind: 'submitted', sessionId })
    expect((await people.zhang.phone.push([resent])).body.results[0]).toMatchObject({ status: 'applied' })
    expect((await people.liu.phone.push([accepted])).body.results[0]).toMatchObject({ status: 'applied' })

    const histories = []
    for (const reader of [people.zhang, people.li, people.liu]) {
      const review = packetReviewOf(
        { id: sessionId, date: '2026-11-10' },
        eventsOf(await pullAll(reader.phone)),
        3,
        '2026-11-12',
      )
      histories.push(review)
      expect(review.state).toBe('waiting')
      expect(review.latestSubmission?.id).toBe(resent.recordId)
      expect(review.history.map((e) => [e.kind, e.isSuperseded])).toEqual([
        ['submitted', false],
        ['returned', false],
        ['submitted', false],
        ['accepted', true],
      ])
    }
    expect(histories[1]).toEqual(histories[0])
    expect(histories[2]).toEqual(histories[0])
  })
})

/**
 * 一学一报 packet steps through the real sync engine and the real server in-process (docs/review.md): the secretary
 * sends the packet offline, the reviewer above returns it offline, the secretary resends, and every phone holds one
 * history; a step the server refuses stays on the phone with the reason, and nothing about a step can be edited.
 */
import { describe, expect, it } from 'vitest'
import { RecordInvalidError } from '../../../src/app/db/repository'
import { recordTypes } from '../../../src/shared/records'
import { planReviewOf } from '../../../src/shared/reporting/plan-steps'
import { packetReviewOf, type ReviewEvent } from '../../../src/shared/reporting/review'
import type { UnitInfo } from '../../../src/shared/units'
import { call, setUpAdmin, startTestServer } from '../../server/support'
import { SimDevice } from './support'

const PASSWORD = 'a password of enough length'

async function organization() {
  const server = await startTestServer()
  const admin = await setUpAdmin(server)
  const account = async (name: string, displayName: string) =>
    (
      (await call(server, 'POST', '/api/admin/accounts', { name, password: PASSWORD, displayName }, admin.token))
        .body as { account: { id: string } }
    ).account.id
  const unit = async (name: string, kind: string, parentId?: string) =>
    ((await call(server, 'POST', '/api/admin/units', { name, kind, parentId }, admin.token)).body as { unit: UnitInfo })
      .unit.id
  const ids = {
    zhang: await account('zhangsec', '张书记'),
    li: await account('limember', '李娜'),
    liu: await account('liureview', '刘审核'),
  }
  const P = await unit('局党委', 'partyCommittee')
  const C = await unit('局党委理论学习中心组', 'centerGroup', P)
  await call(server, 'PUT', `/api/admin/units/${C}/members/${ids.zhang}`, { role: 'secretary' }, admin.token)
  await call(server, 'PUT', `/api/admin/units/${C}/members/${ids.li}`, { role: 'member' }, admin.token)
  await call(server, 'PUT', `/api/admin/units/${P}/reviewers/${ids.liu}`, undefined, admin.token)
  const phones = { zhang: new SimDevice(server), li: new SimDevice(server), liu: new SimDevice(server) }
  await phones.zhang.signIn('zhangsec', PASSWORD)
  await phones.li.signIn('limember', PASSWORD)
  await phones.liu.signIn('liureview', PASSWORD)
  return { server, phones, units: { P, C } }
}

async function historyOn(phone: SimDevice, session: { id: string; date: string }) {
  const rows = await phone.db.reviewEvents.where('sessionId').equals(session.id).toArray()
  const events: ReviewEvent[] = rows.map((row) => ({
    id: row.id,
    sessionId: row.sessionId,
    kind: row.kind,
    answers: row.answers,
    receivedAt: row.receivedAt,
    deviceAt: row.deviceAt,
    authorId: row.authorId ?? '',
    authorName: row.authorName,
    comment: row.comment,
  }))
  return packetReviewOf(session, events, 3, '2026-12-10')
}

describe('一学一报 packet steps on the phones', () => {
  it('goes up offline, comes back returned with a comment, is resent and decided: one history on every phone', async () => {
    const { phones, units } = await organization()
    try {
      const sessionFields = { ...recordTypes.studySessions.blank('2026-12-01'), topic: '学习贯彻四中全会精神' }
      const held = await phones.zhang.repository.save(
        'studySessions',
        { ...sessionFields, kind: 'centerGroup' },
        { unitId: units.C },
      )
      await phones.zhang.sync()

      // 张 presses 报送 with no signal: the step waits in the outbox, not yet received by anyone.
      phones.zhang.isOnline = false
      const sent = await phones.zhang.repository.addPacketStep({
        kind: 'submitted',
        session: held,
        authorName: '张书记',
      })
      expect(sent).toMatchObject({ kind: 'submitted', receivedAt: '', syncState: 'pending', unitId: units.C })
      expect(sent.snapshot).toMatchObject({ topic: '学习贯彻四中全会精神' })
      expect(await phones.zhang.db.outbox.filter((e) => e.table === 'reviewEvents').count()).toBe(1)
      expect((await phones.zhang.sync()).kind).not.toBe('synced')
      phones.zhang.isOnline = true
      await phones.zhang.sync()
      const onServer = await phones.zhang.db.reviewEvents.get(sent.id)
      expect(onServer?.receivedAt).not.toBe('')
      expect(onServer?.syncState).toBeUndefined()

      // 刘 pulls it, and returns it while offline; a return without a comment is refused on the phone itself.
      await phones.liu.sync()
      const atReviewer = (await phones.liu.db.reviewEvents.get(sent.id))!
      expect(atReviewer.snapshot?.topic).toBe('学习贯彻四中全会精神')
      const sessionAtReviewer = (await phones.liu.repository.get('studySessions', held.id))!
      phones.liu.isOnline = false
      await expect(
        phones.liu.repository.addPacketStep({
          kind: 'returned',
          session: sessionAtReviewer,
          answers: sent.id,
          comment: ' ',
          authorName: '刘审核',
        }),
      ).rejects.toBeInstanceOf(RecordInvalidError)
      await phones.liu.repository.addPacketStep({
        kind: 'returned',
        session: sessionAtReviewer,
        answers: sent.id,
        comment: '缺少影像资料，请补充',
        authorName: '刘审核',
      })
      phones.liu.isOnline = true
      await phones.liu.sync()

      // 张 sees the return and its comment, fixes and resends; 刘 accepts the new submission.
      await phones.zhang.sync()
      const returned = await historyOn(phones.zhang, held)
      expect(returned.state).toBe('returned')
      expect(returned.history.at(-1)).toMatchObject({ kind: 'returned', comment: '缺少影像资料，请补充' })
      const fixed = await phones.zhang.repository.save(
        'studySessions',
        { ...sessionFields, kind: 'centerGroup', summary: '补充了影像资料' },
        { id: held.id },
      )
      const resent = await phones.zhang.repository.addPacketStep({
        kind: 'submitted',
        session: fixed,
        authorName: '张书记',
      })
      await phones.zhang.sync()
      await phones.liu.sync()
      await phones.liu.repository.addPacketStep({
        kind: 'accepted',
        session: (await phones.liu.repository.get('studySessions', held.id))!,
        answers: resent.id,
        authorName: '刘审核',
      })
      await phones.liu.sync()
      for (const phone of [phones.zhang, phones.li]) await phone.sync()

      const histories = await Promise.all([phones.zhang, phones.li, phones.liu].map((p) => historyOn(p, held)))
      expect(histories[0]!.state).toBe('accepted')
      expect(histories[0]!.history.map((e) => [e.kind, e.authorName])).toEqual([
        ['submitted', '张书记'],
        ['returned', '刘审核'],
        ['submitted', '张书记'],
        ['accepted', '刘审核'],
      ])
      expect(histories[0]!.latestSubmission?.id).toBe(resent.id)
      expect(histories[1]).toEqual(histories[0])
      expect(histories[2]).toEqual(histories[0])
    } finally {
      for (const phone of Object.values(phones)) await phone.close()
    }
  })

  it('keeps a step the server refuses on the phone, with the reason, and never lists it as a record', async () => {
    const { phones, units } = await organization()
    try {
      const blank = recordTypes.studySessions.blank('2026-12-02')
      // A personal session has no packet to send.
      const own = await phones.zhang.repository.save('studySessions', {
        ...blank,
        topic: '个人自学',
        kind: 'selfStudy',
      })
      await expect(
        phones.zhang.repository.addPacketStep({ kind: 'submitted', session: own, authorName: '张书记' }),
      ).rejects.toThrow(/no unit/)

      // 李 is a member without the right to record: the phone lets the step be made, the server refuses it.
      const held = await phones.zhang.repository.save(
        'studySessions',
        { ...blank, kind: 'themePartyDay', topic: '支部主题党日' },
        { unitId: units.C },
      )
      await phones.zhang.sync()
      await phones.li.sync()
      const atMember = (await phones.li.repository.get('studySessions', held.id))!
      const step = await phones.li.repository.addPacketStep({
        kind: 'submitted',
        session: atMember,
        authorName: '李娜',
      })
      await phones.li.sync()
      const entry = await phones.li.db.outbox.filter((e) => e.table === 'reviewEvents').first()
      expect(entry?.refusal).toMatchObject({ code: 'forbidden' })
      expect(entry?.refusal?.message).toContain('无法报送')
      expect((await phones.li.db.reviewEvents.get(step.id))?.syncState).toBe('refused')
      // Lists and search hear of records only: no change announced for a step.
      expect(phones.li.announced.map((c) => c.table as string)).not.toContain('reviewEvents')
      expect(phones.li.announced.map((c) => c.record.id)).toContain(held.id)
    } finally {
      for (const phone of Object.values(phones)) await phone.close()
    }
  })

  it('files a plan offline and brings the reviewer’s decision back to every phone', async () => {
    const { phones, units } = await organization()
    try {
      await phones.zhang.sync()
      phones.zhang.isOnline = false
      const plan = { year: 2026, quarter: 4, sessions: [{ month: '2026-12', topic: '年度述学评学' }] }
      await expect(
        phones.zhang.repository.addPlanStep({
          kind: 'submitted',
          unitId: units.C,
          plan: { ...plan, sessions: [{ month: '2027-01', topic: '下一年' }] },
          authorName: '张书记',
        }),
      ).rejects.toBeInstanceOf(RecordInvalidError)
      const filed = await phones.zhang.repository.addPlanStep({
        kind: 'submitted',
        unitId: units.C,
        plan,
        authorName: '张书记',
      })
      phones.zhang.isOnline = true
      await phones.zhang.sync()
      await phones.liu.sync()
      await phones.liu.repository.addPlanStep({
        kind: 'accepted',
        unitId: units.C,
        answers: filed.id,
        authorName: '刘审核',
      })
      await phones.liu.sync()
      for (const phone of [phones.zhang, phones.li]) await phone.sync()
      const views = await Promise.all(
        [phones.zhang, phones.li, phones.liu].map(async (phone) =>
          planReviewOf(await phone.db.reviewEvents.toArray(), units.C, { year: 2026, quarter: 4 }, 3, '2026-12-10'),
        ),
      )
      expect(views[0]!.review.state).toBe('accepted')
      expect(views[0]!.plan?.sessions).toEqual(plan.sessions)
      expect(views[1]).toEqual(views[0])
      expect(views[2]).toEqual(views[0])
    } finally {
      for (const phone of Object.values(phones)) await phone.close()
    }
  })
})

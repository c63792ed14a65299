/**
 * A refused change sent again (an edit, or 重新发送) keeps whose record it is and with whom it is shared: a unit's
 * session whose creation was refused goes again as the unit's, not as the person's own; a share held behind a
 * refused edit goes again after it. Real server in-process, real sync engine (found by the units chaos test).
 */
import { describe, expect, it } from 'vitest'
import { recordTypes } from '../../../src/shared/records'
import type { UnitInfo } from '../../../src/shared/units'
import { call, setUpAdmin, startTestServer } from '../../server/support'
import { readingNote } from '../db/support'
import { SimDevice, syncUntilQuiet } from './support'

const PASSWORD = 'a password of enough length'

async function unitWithTwo() {
  const server = await startTestServer()
  const admin = await setUpAdmin(server)
  const account = async (name: string) =>
    (
      (await call(server, 'POST', '/api/admin/accounts', { name, password: PASSWORD, displayName: name }, admin.token))
        .body as { account: { id: string } }
    ).account.id
  const secretary = await account('zhangsec')
  const member = await account('limember')
  const unit = (
    (await call(server, 'POST', '/api/admin/units', { name: '中心组', kind: 'centerGroup' }, admin.token)).body as {
      unit: UnitInfo
    }
  ).unit.id
  await call(server, 'PUT', `/api/admin/units/${unit}/members/${secretary}`, { role: 'secretary' }, admin.token)
  await call(server, 'PUT', `/api/admin/units/${unit}/members/${member}`, { role: 'member' }, admin.token)
  const phones = { zhang: new SimDevice(server), li: new SimDevice(server) }
  await phones.zhang.signIn('zhangsec', PASSWORD)
  await phones.li.signIn('limember', PASSWORD)
  const letRecord = (canRecord: boolean) =>
    call(server, 'PUT', `/api/admin/units/${unit}/members/${member}`, { canRecord }, admin.token)
  return { server, phones, unit, letRecord }
}

describe('a refused change sent again', () => {
  it("goes as the unit's session when its creation was refused, once the member may record", async () => {
    const { server, phones, unit, letRecord } = await unitWithTwo()
    try {
      const fields = {
        ...recordTypes.studySessions.blank('2026-12-01'),
        kind: 'centerGroup' as const,
        topic: '集体学习',
      }
      const held = await phones.li.repository.save('studySessions', fields, { unitId: unit })
      await phones.li.sync()
      expect((await phones.li.db.outbox.toArray())[0]?.refusal?.code).toBe('forbidden')

      await letRecord(true)
      await phones.li.repository.save('studySessions', { ...fields, topic: '集体学习（补记）' }, { id: held.id })
      await syncUntilQuiet([phones.li, phones.zhang])

      expect(await phones.li.db.outbox.count()).toBe(0)
      const row = await server.storage.db.selectFrom('records').selectAll().where('id', '=', held.id).executeTakeFirst()
      expect(row).toMatchObject({ unit_id: unit, scope: unit })
      expect(await phones.zhang.db.studySessions.get(held.id)).toMatchObject({
        unitId: unit,
        topic: '集体学习（补记）',
      })
    } finally {
      await phones.li.close()
      await phones.zhang.close()
    }
  })

  it('shares again what was shared behind a refused edit', async () => {
    const { server, phones, unit } = await unitWithTwo()
    try {
      const second = new SimDevice(server)
      await second.signIn('limember', PASSWORD)
      const note = await phones.li.repository.save('readingNotes', readingNote({ excerpt: '原文', reflection: '心得' }))
      await syncUntilQuiet([phones.li, second])
      // Each of the member's phones empties one half: together the note would be empty, and the second is refused.
      await second.repository.save(
        'readingNotes',
        { ...(await second.db.readingNotes.get(note.id))!, excerpt: '' },
        { id: note.id },
      )
      await second.sync()
      const current = (await phones.li.db.readingNotes.get(note.id))!
      await phones.li.repository.save('readingNotes', { ...current, reflection: '' }, { id: note.id })
      await phones.li.sync()
      // Shared after the refusal: held back behind it, as every later change of the record is.
      await phones.li.repository.share('readingNotes', note.id, [unit])
      await phones.li.sync()
      expect((await phones.li.db.outbox.toArray()).map((e) => [e.op, e.refusal?.code ?? null])).toEqual([
        ['update', 'invalid'],
        ['share', null],
      ])

      await phones.li.repository.save('readingNotes', { ...current, reflection: '补写的心得' }, { id: note.id })
      await syncUntilQuiet([phones.li, second, phones.zhang])

      expect(await phones.li.db.outbox.count()).toBe(0)
      const row = await server.storage.db.selectFrom('records').selectAll().where('id', '=', note.id).executeTakeFirst()
      expect(JSON.parse(row!.shared_with)).toEqual([unit])
      expect(await phones.zhang.db.readingNotes.get(note.id)).toMatchObject({ reflection: '补写的心得' })
      await second.close()
    } finally {
      await phones.li.close()
      await phones.zhang.close()
    }
  })
})

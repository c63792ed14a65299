/**
 * Who wrote a version of a conflict, by name (design invariant 15): on a unit's record that two people record, each
 * phone learns the other person's name and device through GET /api/auth/devices?others=, keeps it for offline, and
 * asks about a device the server will not name at most once a day. Real server in-process, real sync engine.
 */
import { describe, expect, it } from 'vitest'
import { readDeviceNames, refreshDeviceNames } from '../../../src/app/sync/device-names'
import { readAccount } from '../../../src/app/sync/sync-meta'
import type { UnitInfo } from '../../../src/shared/units'
import { call, setUpAdmin, startTestServer } from '../../server/support'
import { studySession } from '../db/support'
import { SimDevice, syncUntilQuiet } from './support'

const PASSWORD = 'a password of enough length'

describe('names of the devices a conflict names', () => {
  it('names a colleague’s device on a unit’s record with the person, and asks about an unknown one once a day', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const ids: Record<string, string> = {}
    for (const [name, displayName] of [
      ['zhangdn', '张伟'],
      ['lidn', '李娜'],
    ] as const) {
      ids[name] = (
        (await call(server, 'POST', '/api/admin/accounts', { name, password: PASSWORD, displayName }, admin.token))
          .body as { account: { id: string } }
      ).account.id
    }
    const unit = (
      (await call(server, 'POST', '/api/admin/units', { name: '中心组', kind: 'centerGroup' }, admin.token)).body as {
        unit: UnitInfo
      }
    ).unit.id
    await call(server, 'PUT', `/api/admin/units/${unit}/members/${ids.zhangdn}`, { role: 'secretary' }, admin.token)
    await call(
      server,
      'PUT',
      `/api/admin/units/${unit}/members/${ids.lidn}`,
      { role: 'member', canRecord: true },
      admin.token,
    )
    const zhang = new SimDevice(server)
    const li = new SimDevice(server)
    try {
      await zhang.signIn('zhangdn', PASSWORD)
      await li.signIn('lidn', PASSWORD)
      const session = await zhang.repository.save('studySessions', studySession(), { unitId: unit })
      await syncUntilQuiet([zhang, li])
      const onLi = (await li.get('studySessions', session.id))!
      // Both change the topic apart: 张's reaches the server first, 李's is kept beside it as the conflict.
      await zhang.repository.save('studySessions', { ...studySession(), topic: '张的主题' }, { id: session.id })
      await syncUntilQuiet([zhang])
      await li.repository.save(
        'studySessions',
        { ...studySession(), topic: '李的主题' },
        { id: session.id, base: { fields: { ...studySession() }, rev: onLi.rev } },
      )
      await syncUntilQuiet([li, zhang])
      const conflict = (await zhang.get('studySessions', session.id))!.conflicts[0]!
      const liDevice = (await li.db.meta.get('device'))!
      expect(liDevice.key === 'device' && conflict.deviceId === liDevice.deviceId).toBe(true)

      const token = (await readAccount(zhang.db))!.token!
      await refreshDeviceNames(zhang.db, zhang.api, token)
      const names = await readDeviceNames(zhang.db)
      expect(names.people[conflict.deviceId]).toBe('李娜')
      expect(names.names[conflict.deviceId]).toBe('test phone')

      // A device the server will not name: asked once, not again within a day.
      const stranger = '01a20000-0000-7000-8000-00000000dead'
      const row = (await zhang.get('studySessions', session.id))!
      await zhang.db.studySessions.update(session.id, {
        conflicts: [...row.conflicts, { ...conflict, id: '01a20000-0000-7000-8000-00000000c0de', deviceId: stranger }],
      })
      let asked = 0
      const counting = {
        devices: (t: string, others?: readonly string[]) => {
          asked++
          return zhang.api.devices(t, others)
        },
      } as unknown as typeof zhang.api
      await refreshDeviceNames(zhang.db, counting, token, Date.parse('2026-12-04T10:00:00Z'))
      await refreshDeviceNames(zhang.db, counting, token, Date.parse('2026-12-04T20:00:00Z'))
      expect(asked).toBe(1)
      await refreshDeviceNames(zhang.db, counting, token, Date.parse('2026-12-05T11:00:00Z'))
      expect(asked).toBe(2)
      expect((await readDeviceNames(zhang.db)).people[stranger]).toBeUndefined()
    } finally {
      await zhang.close()
      await li.close()
    }
  })
})

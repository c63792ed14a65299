/**
 * The organization on the phone follows the server's: a recording right given while nothing the member reads changes
 * reaches the member's phone at its next sync (PullResponse.unitsVersion), not ten minutes later. Real server
 * in-process, real sync engine.
 */
import { describe, expect, it } from 'vitest'
import { readMyUnits, refreshMyUnits } from '../../../src/app/units/my-units'
import { readAccount } from '../../../src/app/sync/sync-meta'
import type { UnitInfo } from '../../../src/shared/units'
import { call, setUpAdmin, startTestServer } from '../../server/support'
import { SimDevice } from './support'

const PASSWORD = 'a password of enough length'

describe('the organization on the phone', () => {
  it('learns a recording right at the next sync, though no record it reads changed', async () => {
    const server = await startTestServer()
    const admin = await setUpAdmin(server)
    const li = (
      (
        await call(
          server,
          'POST',
          '/api/admin/accounts',
          { name: 'limu', password: PASSWORD, displayName: '李娜' },
          admin.token,
        )
      ).body as { account: { id: string } }
    ).account.id
    const unit = (
      (await call(server, 'POST', '/api/admin/units', { name: '中心组', kind: 'centerGroup' }, admin.token)).body as {
        unit: UnitInfo
      }
    ).unit.id
    await call(server, 'PUT', `/api/admin/units/${unit}/members/${li}`, { role: 'member' }, admin.token)
    const phone = new SimDevice(server)
    try {
      await phone.signIn('limu', PASSWORD)
      const token = (await readAccount(phone.db))!.token!
      const syncAndRefresh = async (at: number) => {
        const outcome = await phone.engine.run()
        await refreshMyUnits(phone.db, phone.api, token, outcome.kind === 'synced' ? outcome.pulled : 0, at)
      }
      const start = Date.now()
      await syncAndRefresh(start)
      expect((await readMyUnits(phone.db)).memberships).toEqual([{ unitId: unit, role: 'member', canRecord: false }])

      await call(server, 'PUT', `/api/admin/units/${unit}/members/${li}`, { canRecord: true }, admin.token)
      // A minute later: well within the ten minutes a kept copy is trusted for.
      await syncAndRefresh(start + 60_000)
      expect((await readMyUnits(phone.db)).memberships).toEqual([{ unitId: unit, role: 'member', canRecord: true }])
    } finally {
      await phone.close()
    }
  })
})

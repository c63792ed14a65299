/**
 * The per-test setup the sync tests share (vitest hooks); the simulated phones themselves are in sim-device.ts.
 */
import { afterEach, beforeEach } from 'vitest'
import type { TestServer } from '../../server/harness'
import { addAccount, setUpAdmin, startTestServer } from '../../server/support'
import type { SimDevice } from './sim-device'

export * from './sim-device'

export const TEST_PASSWORD = 'a password of enough length'

export interface AccountServerSuite {
  /** This test's server: fresh, with an administrator and the account zhangwei (TEST_PASSWORD). */
  readonly server: TestServer
  /** Devices a test opens; closed after it. */
  readonly devices: SimDevice[]
}

/** Registers the per-test setup most sync tests share: a new in-process server with one account, devices closed after. */
export function useAccountServer(): AccountServerSuite {
  let server: TestServer | undefined
  const devices: SimDevice[] = []
  beforeEach(async () => {
    server = await startTestServer()
    const admin = await setUpAdmin(server)
    await addAccount(server, admin.token, 'zhangwei', TEST_PASSWORD)
  })
  afterEach(async () => {
    for (const device of devices.splice(0)) await device.close()
  })
  return {
    get server() {
      if (!server) throw new Error('useAccountServer: the server exists only inside a test')
      return server
    },
    devices,
  }
}

/** Push and pull (docs/sync-protocol.md). Both need a signed-in account and see only that account's records. */
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { pullRequestSchema, pushRequestSchema } from '../../shared/sync/protocol'
import { type ApiEnv, requireAccount, type Services } from '../http/context'
import { readSyncBody } from '../http/read-body'
import { answerPull } from '../sync/pull'
import { applyPush } from '../sync/push'

/**
 * A push of 500 mutations of the largest records the schemas allow stays well under this; the client sends
 * batches of about 1 MB.
 */
export const PUSH_BODY_BYTES = 8 * 1024 * 1024

export function syncRoutes(services: Services): Hono<ApiEnv> {
  const { db } = services.storage
  const routes = new Hono<ApiEnv>()
  routes.use('*', requireAccount(services))

  routes.post('/push', async (c) => {
    const request = await readSyncBody(c, pushRequestSchema, PUSH_BODY_BYTES)
    const response = await applyPush(db, c.get('account').id, request)
    services.log.debug('push', { account: c.get('account').id, device: request.deviceId, mutations: request.mutations.length })
    return c.json(response)
  })

  // Pull answers are the big ones (a fresh phone downloads everything): gzip them when the client accepts it.
  routes.post('/pull', compress(), async (c) => {
    const request = await readSyncBody(c, pullRequestSchema)
    return c.json(await answerPull(db, c.get('account').id, request))
  })

  return routes
}

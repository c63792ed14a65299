/** Push and pull (docs/sync-protocol.md). Both need a signed-in account and see only that account's records. */
import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { compress } from 'hono/compress'
import { DEFAULT_WAIT_SECONDS, PROTOCOL_VERSION, type WaitResponse } from '../../shared/sync/protocol'
import { pullRequestSchema, pushRequestSchema, waitRequestSchema } from '../../shared/sync/wire-schemas'
import { type ApiEnv, requireAccount, type Services } from '../http/context'
import { readSyncBody } from '../http/read-body'
import { answerPull } from '../sync/pull'
import { applyPush } from '../sync/push'

/**
 * The largest record the schemas allow (a visit with 200 problems of long text) is about 4 MB of JSON, so one push
 * can always carry at least one mutation; the client closes its batches at about 1 MB.
 */
export const PUSH_BODY_BYTES = 8 * 1024 * 1024

/** The last position in the account's view (units/views.ts): what a cursor that has seen everything holds. */
async function viewPosition(db: Kysely<Database>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('feed')
    .select((eb) => eb.fn.max<number | null>('pos').as('pos'))
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  return Number(row?.pos ?? 0)
}

async function feedCounter(db: Kysely<Database>): Promise<number> {
  return Number(
    (await db.selectFrom('counters').select('value').where('name', '=', 'feed').executeTakeFirst())?.value ?? 0,
  )
}

export function syncRoutes(services: Services): Hono<ApiEnv> {
  const { db } = services.storage
  const routes = new Hono<ApiEnv>()
  routes.use('*', requireAccount(services))

  routes.post('/push', async (c) => {
    const request = await readSyncBody(c, pushRequestSchema, PUSH_BODY_BYTES)
    const accountId = c.get('account').id
    const { response, views } = await applyPush(db, accountId, request)
    services.log.debug('push', { account: accountId, device: request.deviceId, mutations: request.mutations.length })
    // Every account whose view moved is told (its waiting devices pull now), the pushing device excepted.
    for (const [reader, position] of views) {
      await services.storage.changes
        .publish({ accountId: reader, rev: position, deviceId: request.deviceId })
        .catch((error: unknown) => services.log.warn('change notice failed', { error: String(error) }))
    }
    return c.json(response)
  })

  /**
   * A long poll: answers as soon as the account has a change after the cursor, or "no change" after the timeout.
   * The waiter is registered before the counter is read, so a push landing in between still wakes it.
   */
  routes.post('/wait', async (c) => {
    const request = await readSyncBody(c, waitRequestSchema)
    const accountId = c.get('account').id
    const stop = new AbortController()
    const onGone = () => stop.abort()
    c.req.raw.signal.addEventListener('abort', onGone, { once: true })
    const waiting = services.notifier.wait(
      accountId,
      request.deviceId,
      request.cursor,
      (request.timeoutSeconds ?? DEFAULT_WAIT_SECONDS) * 1000,
      stop.signal,
    )
    const current = await viewPosition(db, accountId)
    // A cursor above every position handed out (the server was restored from a backup) also needs a pull now: it
    // will resync. (Below the account's own last one is ordinary: its newest rows may have been purged.)
    const isBehind = request.cursor > (await feedCounter(db))
    if (current > request.cursor || isBehind) stop.abort()
    const woken = await waiting
    c.req.raw.signal.removeEventListener('abort', onGone)
    const rev = Math.max(current, woken ?? 0)
    return c.json({ protocol: PROTOCOL_VERSION, changed: rev > request.cursor || isBehind, rev } satisfies WaitResponse)
  })

  // Pull answers are the big ones (a fresh phone downloads everything): gzip them when the client accepts it.
  routes.post('/pull', compress(), async (c) => {
    const request = await readSyncBody(c, pullRequestSchema)
    return c.json(await answerPull(db, c.get('account').id, request))
  })

  return routes
}

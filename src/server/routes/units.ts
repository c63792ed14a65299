/**
 * The organization (docs/units.md): what an account belongs to (GET /api/units), a secretary's members with who has
 * signed in, added by user name (/api/units/:id/members), and the administrator's units, secretaries and reviewers
 * (/api/admin/units). Every change wakes the devices of the accounts whose view it changed, as a push does.
 */
import { Hono, type Context } from 'hono'
import {
  memberByNameRequestSchema,
  membershipRequestSchema,
  newUnitRequestSchema,
  unitChangeRequestSchema,
} from '../../shared/units'
import { apiError } from '../http/errors'
import { type ApiEnv, requireAccount, requireAdmin, type Services } from '../http/context'
import { readBody } from '../http/read-body'
import { rosterOf } from '../units/roster'
import { UnitProblem, UnitsService, type Actor } from '../units/units-service'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function unitRoutes(services: Services): Hono<ApiEnv> {
  const units = new UnitsService(services.storage.db)
  const routes = new Hono<ApiEnv>()
  routes.use('*', requireAccount(services))
  const actorOf = (c: Context<ApiEnv>): Actor => ({
    accountId: c.get('account').id,
    isAdmin: c.get('account').is_admin === 1,
  })
  const wake = waker(services)

  routes.get('/', async (c) => c.json(await units.mine(c.get('account').id)))

  routes.get('/:id/members', async (c) =>
    c.json(await attempt(() => rosterOf(services.storage.db, actorOf(c), idParam(c, 'id')))),
  )

  routes.post('/:id/members', async (c) => {
    const unitId = idParam(c, 'id')
    const { name } = await readBody(c, memberByNameRequestSchema)
    const { member, isNew, views } = await attempt(() => units.addMemberByName(actorOf(c), unitId, name))
    await wake(views)
    // Answered as the roster shows the member (signed in or not), read after the change committed.
    const shown = (await rosterOf(services.storage.db, actorOf(c), unitId)).members.find(
      (m) => m.accountId === member.accountId,
    )
    return c.json({ member: shown }, isNew ? 201 : 200)
  })

  routes.put('/:id/members/:accountId', async (c) => {
    const body = await readBody(c, membershipRequestSchema)
    const { member, views } = await attempt(() =>
      units.setMember(actorOf(c), idParam(c, 'id'), idParam(c, 'accountId'), body),
    )
    await wake(views)
    return c.json({ member })
  })

  routes.delete('/:id/members/:accountId', async (c) => {
    const { views } = await attempt(() => units.removeMember(actorOf(c), idParam(c, 'id'), idParam(c, 'accountId')))
    await wake(views)
    return c.body(null, 204)
  })

  return routes
}

export function adminUnitRoutes(services: Services): Hono<ApiEnv> {
  const units = new UnitsService(services.storage.db)
  const routes = new Hono<ApiEnv>()
  routes.use('*', requireAccount(services), requireAdmin())
  const admin = (c: Context<ApiEnv>): Actor => ({ accountId: c.get('account').id, isAdmin: true })
  const wake = waker(services)

  routes.get('/', async (c) => c.json(await units.tree()))

  routes.post('/', async (c) => {
    const body = await readBody(c, newUnitRequestSchema)
    const { unit } = await attempt(() => units.create(body))
    services.log.info('unit created', { unit: unit.id, by: c.get('account').id })
    return c.json({ unit }, 201)
  })

  routes.patch('/:id', async (c) => {
    const body = await readBody(c, unitChangeRequestSchema)
    const { unit, views } = await attempt(() => units.update(idParam(c, 'id'), body))
    await wake(views)
    return c.json({ unit })
  })

  routes.delete('/:id', async (c) => {
    await attempt(() => units.remove(idParam(c, 'id')))
    return c.body(null, 204)
  })

  routes.put('/:id/members/:accountId', async (c) => {
    const body = await readBody(c, membershipRequestSchema)
    const { member, views } = await attempt(() =>
      units.setMember(admin(c), idParam(c, 'id'), idParam(c, 'accountId'), body),
    )
    await wake(views)
    return c.json({ member })
  })

  routes.delete('/:id/members/:accountId', async (c) => {
    const { views } = await attempt(() => units.removeMember(admin(c), idParam(c, 'id'), idParam(c, 'accountId')))
    await wake(views)
    return c.body(null, 204)
  })

  routes.put('/:id/reviewers/:accountId', async (c) => {
    const { views } = await attempt(() => units.setReviewer(idParam(c, 'id'), idParam(c, 'accountId'), true))
    await wake(views)
    return c.body(null, 204)
  })

  routes.delete('/:id/reviewers/:accountId', async (c) => {
    const { views } = await attempt(() => units.setReviewer(idParam(c, 'id'), idParam(c, 'accountId'), false))
    await wake(views)
    return c.body(null, 204)
  })

  return routes
}

/** Tells each account whose view a change moved, so its waiting devices pull now (as after a push). */
function waker(services: Services): (views: Map<string, number>) => Promise<void> {
  return async (views) => {
    for (const [accountId, position] of views) {
      await services.storage.changes
        .publish({ accountId, rev: position, deviceId: '' })
        .catch((error: unknown) => services.log.warn('change notice failed', { error: String(error) }))
    }
  }
}

/** An id in the path that is not a UUID names nothing (a NUL in it would reach the database otherwise). */
function idParam(c: Context, name: string): string {
  const value = c.req.param(name) ?? ''
  if (!UUID.test(value))
    throw apiError(404, 'not_found', name === 'accountId' ? '没有这个账号' : '没有这个党组织', {
      messageEn: name === 'accountId' ? 'No such account' : 'No such unit',
    })
  return value
}

async function attempt<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (!(error instanceof UnitProblem)) throw error
    const status = error.kind === 'notFound' ? 404 : error.kind === 'forbidden' ? 403 : 400
    const fields = error.field ? [{ path: error.field, message: error.zh }] : undefined
    throw apiError(
      status,
      error.kind === 'notFound' ? 'not_found' : error.kind === 'forbidden' ? 'forbidden' : 'invalid_request',
      error.zh,
      { messageEn: error.en, ...(fields ? { fields } : {}) },
    )
  }
}

/** The administrator's screens: list accounts, add one, reset a password, disable or enable an account. */
import { Hono } from 'hono'
import { newAccountRequestSchema, passwordResetRequestSchema } from '../../shared/account-schemas'
import { accountInfoOf, NameTakenError, type AccountRow } from '../auth/accounts'
import { newAccountProblems, passwordProblem } from '../auth/password-policy'
import { apiError } from '../http/errors'
import { type ApiEnv, requireAccount, requireAdmin, type Services } from '../http/context'
import { readBody } from '../http/read-body'
import { invalidFields, nameTaken } from './account-errors'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function adminRoutes(services: Services): Hono<ApiEnv> {
  const { accounts } = services
  const routes = new Hono<ApiEnv>()
  routes.use('*', requireAccount(services), requireAdmin())

  routes.get('/accounts', async (c) => c.json({ accounts: (await accounts.list()).map(accountInfoOf) }))

  routes.post('/accounts', async (c) => {
    const body = await readBody(c, newAccountRequestSchema)
    const errors = await newAccountProblems(body)
    if (errors.length > 0) throw invalidFields(errors)
    const created = await accounts.create({ ...body, isAdmin: body.isAdmin ?? false }).catch((error: unknown) => {
      if (error instanceof NameTakenError) throw nameTaken()
      throw error
    })
    services.log.info('account created', { account: created!.id, by: c.get('account').id })
    return c.json({ account: accountInfoOf(created!) }, 201)
  })

  /** A reset password signs the account out everywhere: whoever had it must use the new one. */
  routes.post('/accounts/:id/password', async (c) => {
    const target = await accountParam(c.req.param('id'))
    const body = await readBody(c, passwordResetRequestSchema)
    const problem = await passwordProblem(body.password, { name: target.name, displayName: target.display_name })
    if (problem) throw invalidFields([{ path: 'password', message: problem }])
    await accounts.setPassword(target.id, body.password)
    // An administrator resetting their own password stays signed in on the device they are using.
    await accounts.revokeAll(target.id, target.id === c.get('account').id ? c.get('tokenHash') : undefined)
    return c.body(null, 204)
  })

  routes.post('/accounts/:id/disable', async (c) => {
    const target = await accountParam(c.req.param('id'))
    if (target.id === c.get('account').id)
      throw apiError(400, 'invalid_request', '不能停用自己的账号', { messageEn: 'You cannot disable your own account' })
    await accounts.setDisabled(target.id, true)
    return c.json({ account: accountInfoOf((await accounts.byId(target.id))!) })
  })

  routes.post('/accounts/:id/enable', async (c) => {
    const target = await accountParam(c.req.param('id'))
    await accounts.setDisabled(target.id, false)
    return c.json({ account: accountInfoOf((await accounts.byId(target.id))!) })
  })

  async function accountParam(id: string): Promise<AccountRow> {
    // Account ids are UUIDs; anything else (a NUL, which PostgreSQL refuses to compare) is no account at all.
    const found = UUID.test(id) ? await accounts.byId(id) : undefined
    if (!found) throw apiError(404, 'not_found', '没有这个账号', { messageEn: 'No such account' })
    return found
  }

  return routes
}

/** First-run setup, sign-in, sign-out (here or everywhere), the signed-in account, and password changes. */
import { Hono, type Context } from 'hono'
import { passwordChangeRequestSchema, setupRequestSchema, signInRequestSchema } from '../../shared/account-schemas'
import { checkNewAccount, checkPassword, nameKeyOf, type SignInResponse } from '../../shared/accounts'
import { accountInfoOf, NameTakenError } from '../auth/accounts'
import { verifyAgainstDecoy, verifyPassword } from '../auth/passwords'
import { apiError } from '../http/errors'
import { type ApiEnv, clientAddress, requireAccount, type Services } from '../http/context'
import { readBody } from '../http/read-body'
import { invalidFields, nameTaken } from './account-errors'

function rateLimited(c: Context, wait: number, what: 'signIn' | 'password') {
  c.header('Retry-After', String(wait))
  const minutes = Math.ceil(wait / 60)
  const zh = what === 'signIn' ? `登录失败次数过多，请 ${minutes} 分钟后再试` : `密码错误次数过多，请 ${minutes} 分钟后再试`
  return apiError(429, 'rate_limited', zh, { messageEn: `Too many wrong passwords: try again in ${minutes} min`, retryAfter: wait })
}

export function authRoutes(services: Services): Hono<ApiEnv> {
  const { accounts, loginLimiter } = services
  const routes = new Hono<ApiEnv>()

  /** Whether the first-run screen is needed: a server with no account yet. */
  routes.get('/status', async (c) => c.json({ needsSetup: (await accounts.count()) === 0 }))

  routes.post('/setup', async (c) => {
    const body = await readBody(c, setupRequestSchema)
    const errors = checkNewAccount(body)
    if (errors.length > 0) throw invalidFields(errors)
    const created = await accounts.create({ ...body, isAdmin: true }, { onlyIfNone: true }).catch((error: unknown) => {
      if (error instanceof NameTakenError) throw nameTaken()
      throw error
    })
    if (!created) throw apiError(409, 'setup_done', '这台服务器已经设置过管理员，请直接登录', { messageEn: 'This server already has an administrator: sign in instead' })
    services.log.info('administrator created', { account: created.id })
    const token = await accounts.issueToken(created.id, { deviceId: body.deviceId ?? null, deviceName: body.deviceName ?? '' })
    return c.json({ token, account: accountInfoOf(created) } satisfies SignInResponse, 201)
  })

  routes.post('/login', async (c) => {
    const body = await readBody(c, signInRequestSchema)
    const nameKey = nameKeyOf(body.name)
    const address = clientAddress(c, services.trustProxy)
    const wait = await loginLimiter.retryAfter(nameKey, address)
    if (wait !== null) throw rateLimited(c, wait, 'signIn')
    const account = await accounts.byName(body.name)
    const isRight = account ? await verifyPassword(account.password_hash, body.password) : (await verifyAgainstDecoy(body.password), false)
    if (!account || !isRight) {
      await loginLimiter.recordFailure(nameKey, address)
      throw apiError(401, 'bad_credentials', '用户名或密码不正确', { messageEn: 'Wrong user name or password' })
    }
    if (account.disabled_at !== null) throw apiError(403, 'account_disabled', '此账号已停用，请联系管理员', { messageEn: 'This account is disabled: ask an administrator' })
    await loginLimiter.clearName(nameKey)
    const token = await accounts.issueToken(account.id, { deviceId: body.deviceId ?? null, deviceName: body.deviceName ?? '' })
    services.log.info('signed in', { account: account.id })
    return c.json({ token, account: accountInfoOf(account) } satisfies SignInResponse)
  })

  routes.use('/me', requireAccount(services))
  routes.use('/logout', requireAccount(services))
  routes.use('/logout-all', requireAccount(services))
  routes.use('/password', requireAccount(services))

  routes.get('/me', (c) => c.json({ account: accountInfoOf(c.get('account')) }))

  routes.post('/logout', async (c) => {
    await accounts.revoke(c.get('tokenHash'))
    return c.body(null, 204)
  })

  routes.post('/logout-all', async (c) => {
    await accounts.revokeAll(c.get('account').id)
    return c.body(null, 204)
  })

  /** Changing one's own password signs out every other device; this one stays signed in. */
  routes.post('/password', async (c) => {
    const body = await readBody(c, passwordChangeRequestSchema)
    const account = c.get('account')
    // Guessing the current password with a stolen token is limited like guessing at sign-in.
    const address = clientAddress(c, services.trustProxy)
    const wait = await loginLimiter.retryAfter(account.name_key, address)
    if (wait !== null) throw rateLimited(c, wait, 'password')
    if (!(await verifyPassword(account.password_hash, body.currentPassword))) {
      await loginLimiter.recordFailure(account.name_key, address)
      throw apiError(400, 'bad_credentials', '当前密码不正确', { messageEn: 'The current password is wrong', fields: [{ path: 'currentPassword', message: '当前密码不正确' }] })
    }
    const problem = checkPassword(body.newPassword)
    if (problem) throw invalidFields([{ path: 'newPassword', message: problem }])
    await accounts.setPassword(account.id, body.newPassword)
    await accounts.revokeAll(account.id, c.get('tokenHash'))
    return c.body(null, 204)
  })

  return routes
}

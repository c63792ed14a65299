/** First-run setup, sign-in, sign-out (here or everywhere), the signed-in account, and password changes. */
import { Hono, type Context } from 'hono'
import { passwordChangeRequestSchema, setupRequestSchema, signInRequestSchema } from '../../shared/account-schemas'
import { nameKeyOf, type AccountDevice, type ColleagueDevice, type SignInResponse } from '../../shared/accounts'
import { colleagueDevices, MAX_OTHER_DEVICES } from '../units/colleague-devices'
import { accountInfoOf, NameTakenError } from '../auth/accounts'
import { verifyAgainstDecoy, verifyPassword } from '../auth/passwords'
import { newAccountProblems, passwordProblem } from '../auth/password-policy'
import { apiError } from '../http/errors'
import { type ApiEnv, clientAddress, requireAccount, type Services } from '../http/context'
import { readBody } from '../http/read-body'
import { invalidFields, nameTaken } from './account-errors'

function rateLimited(c: Context, wait: number, what: 'signIn' | 'password' | 'setup') {
  c.header('Retry-After', String(wait))
  const zhWait = wait < 60 ? `${wait} 秒` : `${Math.ceil(wait / 60)} 分钟`
  const enWait = wait < 60 ? `${wait} s` : `${Math.ceil(wait / 60)} min`
  const zh = { signIn: '登录失败次数过多', password: '密码错误次数过多', setup: '尝试次数过多' }[what]
  const en = { signIn: 'Too many failed sign-ins', password: 'Too many wrong passwords', setup: 'Too many attempts' }[
    what
  ]
  return apiError(429, 'rate_limited', `${zh}，请 ${zhWait}后再试`, {
    messageEn: `${en}: try again in ${enWait}`,
    retryAfter: wait,
  })
}

const setupDone = () =>
  apiError(409, 'setup_done', '这台服务器已经设置过管理员，请直接登录', {
    messageEn: 'This server already has an administrator: sign in instead',
  })

export function authRoutes(services: Services): Hono<ApiEnv> {
  const { accounts, loginLimiter } = services
  const routes = new Hono<ApiEnv>()

  /** Whether the first-run screen is needed: a server with no account yet. */
  routes.get('/status', async (c) => c.json({ needsSetup: !(await accounts.exists()) }))

  routes.post('/setup', async (c) => {
    // Before the body is even read: on a server that is set up, this is a cheap answer however often it is asked.
    if (await accounts.exists()) throw setupDone()
    const body = await readBody(c, setupRequestSchema)
    const errors = await newAccountProblems(body)
    if (errors.length > 0) throw invalidFields(errors)
    const reservation = await loginLimiter.reserveSetup(clientAddress(c, services.trustProxy))
    if (!reservation.isAllowed) throw rateLimited(c, reservation.retryAfter, 'setup')
    const created = await accounts.create({ ...body, isAdmin: true }, { onlyIfNone: true }).catch((error: unknown) => {
      if (error instanceof NameTakenError) throw nameTaken()
      throw error
    })
    if (!created) throw setupDone()
    services.log.info('administrator created', { account: created.id })
    const token = await accounts.issueToken(created.id, {
      deviceId: body.deviceId ?? null,
      deviceName: body.deviceName ?? '',
    })
    return c.json({ token, account: accountInfoOf(created) } satisfies SignInResponse, 201)
  })

  routes.post('/login', async (c) => {
    const body = await readBody(c, signInRequestSchema)
    const account = await accounts.byName(body.name)
    const deviceId = body.deviceId ?? null
    // Asked for a name that does not exist too, so that the answer takes as long either way.
    const isKnownDevice = deviceId !== null && (await accounts.hasSignedInFrom(account?.id ?? '', deviceId))
    const reservation = await loginLimiter.reserveSignIn({
      nameKey: nameKeyOf(body.name),
      address: clientAddress(c, services.trustProxy),
      knownDeviceId: isKnownDevice ? deviceId : null,
    })
    if (!reservation.isAllowed) throw rateLimited(c, reservation.retryAfter, 'signIn')
    const isRight = account
      ? await verifyPassword(account.password_hash, body.password)
      : (await verifyAgainstDecoy(body.password), false)
    if (!account || !isRight)
      throw apiError(401, 'bad_credentials', '用户名或密码不正确', { messageEn: 'Wrong user name or password' })
    await reservation.succeeded()
    if (account.disabled_at !== null)
      throw apiError(403, 'account_disabled', '此账号已停用，请联系管理员', {
        messageEn: 'This account is disabled: ask an administrator',
      })
    const token = await accounts.issueToken(account.id, { deviceId, deviceName: body.deviceName ?? '' })
    services.log.info('signed in', { account: account.id })
    return c.json({ token, account: accountInfoOf(account) } satisfies SignInResponse)
  })

  routes.use('/me', requireAccount(services))
  routes.use('/devices', requireAccount(services))
  routes.use('/logout', requireAccount(services))
  routes.use('/logout-all', requireAccount(services))
  routes.use('/password', requireAccount(services))

  routes.get('/me', (c) => c.json({ account: accountInfoOf(c.get('account')) }))

  /** The account's devices by id, with their names: who wrote which version of a conflict. */
  routes.get('/devices', async (c) => {
    const accountId = c.get('account').id
    const others = otherDeviceIds(c.req.query('others'))
    const devices = await accounts.devicesOf(accountId)
    if (others === null) return c.json({ devices } satisfies { devices: AccountDevice[] })
    return c.json({ devices, colleagues: await colleagueDevices(services.storage.db, accountId, others) } satisfies {
      devices: AccountDevice[]
      colleagues: ColleagueDevice[]
    })
  })

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
    // The new password's rules first: they cost no hash, and a refusal there spends none of the limits below.
    const problem = await passwordProblem(body.newPassword, { name: account.name, displayName: account.display_name })
    if (problem) throw invalidFields([{ path: 'newPassword', message: problem }])
    // Guessing the current password with a stolen token is limited like guessing at sign-in, from an unknown device.
    const reservation = await loginLimiter.reserveSignIn({
      nameKey: account.name_key,
      address: clientAddress(c, services.trustProxy),
      knownDeviceId: null,
    })
    if (!reservation.isAllowed) throw rateLimited(c, reservation.retryAfter, 'password')
    if (!(await verifyPassword(account.password_hash, body.currentPassword))) {
      throw apiError(400, 'bad_credentials', '当前密码不正确', {
        messageEn: 'The current password is wrong',
        fields: [{ path: 'currentPassword', message: '当前密码不正确' }],
      })
    }
    await reservation.succeeded()
    await accounts.setPassword(account.id, body.newPassword)
    await accounts.revokeAll(account.id, c.get('tokenHash'))
    return c.body(null, 204)
  })

  return routes
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `?others=` of GET /api/auth/devices: null when absent, else up to MAX_OTHER_DEVICES device ids. */
function otherDeviceIds(raw: string | undefined): string[] | null {
  if (raw === undefined) return null
  const ids = raw === '' ? [] : raw.split(',')
  if (ids.length > MAX_OTHER_DEVICES || !ids.every((id) => UUID.test(id))) {
    throw apiError(400, 'invalid_request', `others 应为以逗号分隔的设备编号，最多 ${MAX_OTHER_DEVICES} 个`, {
      messageEn: `others must be up to ${MAX_OTHER_DEVICES} comma-separated device ids`,
      fields: [{ path: 'others', message: '设备编号格式不正确' }],
    })
  }
  return [...new Set(ids.map((id) => id.toLowerCase()))]
}

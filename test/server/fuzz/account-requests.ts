/**
 * The account endpoints as people use them: sign-in right and wrong, the signed-in account, sign-out here and
 * everywhere, password changes, and the administrator's list, new accounts, resets, disabling and enabling.
 * What ends a session (sign-out, a password set, disabling) is done to the victim accounts only, so the members'
 * and the administrator's tokens keep working and the run is not spent on argon2 sign-ins.
 */
import { chance, intBetween, pick, type Random } from '../../fixtures/random'
import type { FuzzRequest } from './fuzz-request'
import { hostileString, pathSegment, seededUuid } from './hostile-values'
import { jsonRequest, type GenContext } from './sync-requests'
import { actorsOf, admin, type Actor } from './world'

const WORDS = [
  'lantern',
  'orbit',
  'quiet',
  'harbor',
  'maple',
  'vector',
  'copper',
  'meadow',
  'signal',
  'tundra',
  'pepper',
  'glacier',
]

/** A password the policy takes: four words and a number, made from the seed. */
export function strongPassword(rng: Random): string {
  return `${Array.from({ length: 4 }, () => pick(rng, WORDS)).join(' ')} ${intBetween(rng, 1000, 9999)}`
}

/** Passwords the policy refuses, or that are simply wrong. */
function weakPassword(rng: Random, actor: Actor): string {
  return pick(rng, [
    '12345678',
    'password',
    'qwertyuiop',
    'aaaaaaaaaaaa',
    'abcdefghijkl',
    actor.name.repeat(3),
    `${actor.name}12345`,
    '密码密码密码密码',
    'short',
    '',
    'x'.repeat(1001),
  ])
}

/**
 * A request that puts an account back in the game: enabled again, or signed in again from its own phone (mostly a
 * victim; anyone whose token a spoiled sign-out revoked).
 */
export function reviveActor(world: GenContext['world'], actor: Actor): FuzzRequest | null {
  const chief = admin(world)
  if (actor.isDisabled && chief.tokens.length > 0)
    return jsonRequest(
      'POST',
      `/api/admin/accounts/${actor.accountId}/enable`,
      chief.tokens[0]!,
      undefined,
      'admin: enable an account again',
    )
  if (actor.tokens.length > 0) return null
  return jsonRequest(
    'POST',
    '/api/auth/login',
    null,
    { name: actor.name, password: actor.password, deviceId: actor.signInDevice, deviceName: '手机' },
    'login: signs in again',
  )
}

export function signInRequest(ctx: GenContext): FuzzRequest {
  const { rng, world } = ctx
  const actor = pick(rng, world.actors)
  const kind = pick(rng, [
    'wrong password',
    'wrong password',
    'unknown name',
    'look-alike name',
    'right password, unknown device',
    'no device',
  ])
  const name =
    kind === 'unknown name'
      ? `nobody${intBetween(rng, 1, 50)}`
      : kind === 'look-alike name'
        ? pick(rng, ['ａｄｍｉｎ', 'АDMIN', `${actor.name}\u200b`, ` ${actor.name}`, actor.name.toUpperCase()])
        : actor.name
  const password = kind.startsWith('right') ? actor.password : weakPassword(rng, actor)
  const body: Record<string, unknown> = { name, password }
  if (kind !== 'no device') body.deviceId = seededUuid(rng)
  if (chance(rng, 0.3)) body.deviceName = pick(rng, ['iPhone', '华为 Mate 60', hostileString(rng).slice(0, 150)])
  return jsonRequest('POST', '/api/auth/login', null, body, `login: ${kind}`)
}

export function setupRequest(ctx: GenContext): FuzzRequest {
  const { rng } = ctx
  return jsonRequest(
    'POST',
    '/api/auth/setup',
    null,
    {
      name: pick(rng, ['admin', 'root', 'ａｄｍｉｎ']),
      password: strongPassword(rng),
      displayName: '管理员',
      deviceId: seededUuid(rng),
    },
    'setup',
  )
}

/** Own-account requests: me, the account's devices, sign-out, password change. Sessions end only for victims. */
export function ownAccountRequest(ctx: GenContext, actor: Actor, token: string): FuzzRequest {
  const { rng } = ctx
  const isVictim = actor.role === 'victim'
  const kind = pick(
    rng,
    isVictim
      ? ['me', 'logout', 'logout-all', 'password', 'password', 'wrong password']
      : ['me', 'devices', 'wrong password', 'weak password'],
  )
  if (kind === 'me') return jsonRequest('GET', '/api/auth/me', token, undefined, 'me')
  if (kind === 'devices') return jsonRequest('GET', '/api/auth/devices', token, undefined, 'devices')
  if (kind === 'logout' || kind === 'logout-all')
    return jsonRequest('POST', `/api/auth/${kind}`, token, undefined, kind)
  const currentPassword = kind === 'password' ? actor.password : `${actor.password}?`
  const newPassword = kind === 'weak password' ? weakPassword(rng, actor) : strongPassword(rng)
  return jsonRequest('POST', '/api/auth/password', token, { currentPassword, newPassword }, `password: ${kind}`)
}

/** The administrator's requests; a member's token now and then (403). Victims are the ones reset and disabled. */
export function adminRequest(ctx: GenContext, token: string): FuzzRequest {
  const { rng, world } = ctx
  const chief = admin(world)
  const victims = actorsOf(world, 'victim')
  const kind = pick(rng, [
    'list',
    'list',
    'create taken',
    'create weak',
    'create look-alike',
    'create new',
    'reset victim',
    'reset self',
    'reset unknown',
    'disable victim',
    'disable self',
    'enable',
    'disable unknown',
  ])
  const targetOf = (allowMembers: boolean) => {
    const ids = [
      ...victims.map((v) => v.accountId),
      seededUuid(rng),
      ...world.strangerIds,
      ...(allowMembers ? actorsOf(world, 'member').map((m) => m.accountId) : []),
    ]
    return chance(rng, 0.1) ? pathSegment(hostileString(rng).slice(0, 300)) : pick(rng, ids)
  }
  switch (kind) {
    case 'list':
      return jsonRequest('GET', '/api/admin/accounts', token, undefined, 'admin: list')
    case 'create taken':
      return jsonRequest(
        'POST',
        '/api/admin/accounts',
        token,
        { name: pick(rng, world.actors).name, password: strongPassword(rng) },
        'admin: create, name taken',
      )
    case 'create weak':
      return jsonRequest(
        'POST',
        '/api/admin/accounts',
        token,
        { name: `weak${intBetween(rng, 1, 1e6)}`, password: weakPassword(rng, chief) },
        'admin: create, weak password',
      )
    case 'create look-alike':
      return jsonRequest(
        'POST',
        '/api/admin/accounts',
        token,
        {
          name: pick(rng, ['ａｄｍｉｎ', 'аdmin', 'admin\u200b', '\u202eadmin', 'ADMIN']),
          password: strongPassword(rng),
          displayName: '仿冒',
        },
        'admin: create, look-alike name',
      )
    case 'create new': {
      // A real account costs an argon2 hash: rare.
      const isReal = chance(rng, 0.15)
      const name = isReal ? `fz${seededUuid(world.idRng).slice(0, 8)}` : `${'n'.repeat(101)}`
      return jsonRequest(
        'POST',
        '/api/admin/accounts',
        token,
        { name, password: strongPassword(rng), displayName: pick(rng, ['新同事', '']), isAdmin: chance(rng, 0.2) },
        `admin: create${isReal ? '' : ', name too long'}`,
      )
    }
    case 'reset victim':
      return jsonRequest(
        'POST',
        `/api/admin/accounts/${targetOf(false)}/password`,
        token,
        { password: strongPassword(rng) },
        'admin: reset a password',
      )
    case 'reset self':
      return jsonRequest(
        'POST',
        `/api/admin/accounts/${chief.accountId}/password`,
        token,
        { password: chance(rng, 0.5) ? strongPassword(rng) : weakPassword(rng, chief) },
        'admin: reset own password',
      )
    case 'reset unknown':
      return jsonRequest(
        'POST',
        `/api/admin/accounts/${seededUuid(rng)}/password`,
        token,
        { password: strongPassword(rng) },
        'admin: reset, no such account',
      )
    case 'disable victim':
      return jsonRequest('POST', `/api/admin/accounts/${targetOf(false)}/disable`, token, undefined, 'admin: disable')
    case 'disable self':
      return jsonRequest(
        'POST',
        `/api/admin/accounts/${chief.accountId}/disable`,
        token,
        undefined,
        'admin: disable self',
      )
    case 'enable':
      return jsonRequest('POST', `/api/admin/accounts/${targetOf(true)}/enable`, token, undefined, 'admin: enable')
    default:
      return jsonRequest(
        'POST',
        `/api/admin/accounts/${seededUuid(rng)}/disable`,
        token,
        chance(rng, 0.5) ? {} : undefined,
        'admin: disable, no such account',
      )
  }
}

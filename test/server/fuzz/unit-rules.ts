/**
 * The organization's rules (docs/units.md, "Who changes what" and "The rules") held against every answer, with the
 * world as it was before the request: an account that is not the administrator gets no 2xx from /api/admin/units…;
 * one that is not a unit's secretary (nor the administrator) gets none from that unit's /api/units/:id/members…,
 * and a secretary names no secretary and removes none; no unit moves under itself or a unit below it, nor is made
 * under a unit that does not exist; a unit with units below it or members is not removed; what an account is told it
 * belongs to is what it belongs to; and a push that makes a record as a unit's, by an account that may not record
 * for that unit, is refused. Returns what was broken, or null. Skipped while a burst left the model uncertain.
 */
import type { PushResponse } from '../../../src/shared/sync/protocol'
import type { MyUnits } from '../../../src/shared/units'
import { bearerOf, jsonOf, parsedBody, type FuzzAnswer, type FuzzRequest } from './fuzz-request'
import { idOfSegment, pathnameOf, UNITS_PATH } from './learn'
import { ancestorsOf, isSecretaryOf, mayRecordIn, membershipOf, type Actor, type World } from './world'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

export function checkUnitRules(world: World, request: FuzzRequest, answer: FuzzAnswer): string | null {
  if (answer.status < 200 || answer.status >= 300 || world.isUnitsUncertain) return null
  const path = pathnameOf(request.path)
  const method = request.method.toUpperCase()
  const token = bearerOf(request)
  const actor = token ? world.tokenOwner.get(token) : undefined
  if (path === '/api/sync/push' && method === 'POST' && actor) return pushRule(world, actor, request, answer)
  if (!UNITS_PATH.test(path)) return null
  if (!actor) return `${answer.status} to a request whose token is no account's the fuzz knows`
  const admin = /^\/api\/admin\/units(?:\/([^/]+)(?:\/(members|reviewers)\/([^/]+))?)?$/.exec(path)
  if (admin) {
    if (actor.role !== 'admin') return `${actor.name}, not the administrator, got ${answer.status}`
    return adminRule(world, method, admin, parsedBody(request))
  }
  const own = /^\/api\/units(?:\/([^/]+)\/members(?:\/([^/]+))?)?$/.exec(path)
  if (!own) return `${answer.status} from a path that is no endpoint`
  if (!own[1]) return method === 'GET' ? mineRule(world, actor, jsonOf(answer)) : null
  if (actor.role === 'admin') return null
  const unitId = idOfSegment(own[1]) ?? ''
  if (!isSecretaryOf(world, actor.accountId, unitId))
    return `${actor.name} got ${answer.status} for a unit it is not the secretary of`
  const accountId = own[2] ? idOfSegment(own[2]) : null
  if (accountId && (method === 'PUT' || method === 'DELETE')) {
    if (membershipOf(world, accountId, unitId)?.role === 'secretary')
      return `the secretary ${actor.name} changed or removed a secretary (${method}): only the administrator does`
    const body = parsedBody(request)
    if (method === 'PUT' && isObject(body) && body.role === 'secretary')
      return `the secretary ${actor.name} named a secretary: only the administrator does`
  }
  return null
}

function adminRule(world: World, method: string, match: RegExpExecArray, body: unknown): string | null {
  const [, segment, sub] = match
  const sent = isObject(body) ? body : {}
  const parentId = typeof sent.parentId === 'string' ? sent.parentId.toLowerCase() : null
  if (!segment && method === 'POST' && parentId !== null && !world.units.has(parentId))
    return `a unit was made under ${parentId}, which is no unit`
  if (!segment || sub) return null
  const unitId = idOfSegment(segment) ?? ''
  const unit = world.units.get(unitId)
  if (method === 'PATCH' && parentId !== null && unit && parentId !== unit.parentId) {
    if (parentId === unitId || ancestorsOf(world, parentId).includes(unitId))
      return `unit ${unitId} moved under ${parentId === unitId ? 'itself' : 'a unit below it'}`
    if (!world.units.has(parentId)) return `unit ${unitId} moved under ${parentId}, which is no unit`
  }
  if (method === 'DELETE' && unit) {
    if (unit.members.size > 0) return `unit ${unitId} removed with ${unit.members.size} members`
    if ([...world.units.values()].some((u) => u.parentId === unitId))
      return `unit ${unitId} removed with units below it`
  }
  return null
}

/** GET /api/units: the account's own memberships, and rosters of its own units only. */
function mineRule(world: World, actor: Actor, reply: unknown): string | null {
  if (!isObject(reply) || !Array.isArray(reply.memberships) || !isObject(reply.rosters)) return null
  const mine = reply as unknown as MyUnits
  const belongs = (unitId: string) => membershipOf(world, actor.accountId, unitId) !== null
  const foreign = [...mine.memberships.map((m) => m.unitId), ...Object.keys(mine.rosters)].filter((id) => !belongs(id))
  if (foreign.length > 0)
    return `${actor.name} was told of memberships or rosters of units it is not in: ${[...new Set(foreign)].join(', ')}`
  const known = [...world.units.values()].filter((u) => u.members.has(actor.accountId)).map((u) => u.id)
  const missing = known.filter((id) => !mine.memberships.some((m) => m.unitId.toLowerCase() === id))
  if (missing.length > 0) return `${actor.name} was not told it belongs to ${missing.join(', ')}`
  return null
}

/** A fresh create as a unit's (its own id in the result) by an account that may not record there: refused. */
function pushRule(world: World, actor: Actor, request: FuzzRequest, answer: FuzzAnswer): string | null {
  const body = parsedBody(request)
  const reply = jsonOf(answer) as Partial<PushResponse> | undefined
  if (!isObject(body) || !Array.isArray(body.mutations) || !Array.isArray(reply?.results)) return null
  for (const m of body.mutations) {
    if (!isObject(m) || m.op !== 'create' || typeof m.unitId !== 'string' || typeof m.id !== 'string') continue
    if (mayRecordIn(world, actor.accountId, m.unitId)) continue
    const id = m.id.toLowerCase()
    // A replayed seq answers with the stored result of the mutation first sent with it: another id.
    const result = reply.results.find((r) => r.seq === m.seq && r.id.toLowerCase() === id)
    if (result && result.status !== 'refused')
      return `${actor.name}'s create of ${String(m.table)}/${String(m.recordId)} as unit ${m.unitId}'s, which it may not record for, was ${result.status}`
  }
  return null
}

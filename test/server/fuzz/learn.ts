/**
 * Keeps the world true to the server after every answer, from what the server must have read (JSON.parse of the
 * bytes sent) and what it answered: tokens issued and revoked, passwords set, accounts disabled, sequence numbers
 * and cursors, record revisions and conflicts, photo uploads, units made, moved and removed, memberships and
 * reviewers. A spoiled request the server accepted counts too.
 */
import type { SignInResponse } from '../../../src/shared/accounts'
import type { PullResponse, PushResponse, RecordState } from '../../../src/shared/sync/protocol'
import type { BlobState } from '../../../src/shared/sync/blob-protocol'
import { isRecordTable, type RecordTable } from '../../../src/shared/records'
import { bearerOf, jsonOf, parsedBody, type FuzzAnswer, type FuzzRequest } from './fuzz-request'
import type { MyUnits, UnitMember, UnitRoster, UnitTree } from '../../../src/shared/units'
import {
  addToken,
  newActor,
  revokeAll,
  revokeToken,
  type Actor,
  type UnitMembership,
  type UnitView,
  type World,
} from './world'

type Body = Record<string, unknown>

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
export const MARKERS = /〔fz:[^〕]*〕/g

const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The path as the server routes it: dot segments resolved, query and fragment gone. */
export function pathnameOf(path: string): string {
  try {
    return new URL(path, 'http://localhost').pathname
  } catch {
    return path
  }
}

export function learn(world: World, request: FuzzRequest, answer: FuzzAnswer): void {
  const token = bearerOf(request)
  const owner = token ? world.tokenOwner.get(token) : undefined
  const path = pathnameOf(request.path)
  const sent = parsedBody(request)
  const reply = jsonOf(answer)
  const method = request.method.toUpperCase()
  const ok = answer.status >= 200 && answer.status < 300

  // The token of an account that is not disabled stopped working: it was revoked (a spoiled sign-out elsewhere).
  if (owner && !owner.isDisabled && answer.status === 401 && path !== '/api/auth/login') revokeToken(owner, token!)
  if (path === '/api/blobs' || path.startsWith('/api/blobs/')) {
    if (owner) learnBlob(owner, path, method, answer, reply)
    return
  }
  if (!ok) return
  const body = isObject(sent) ? sent : {}
  switch (path) {
    case '/api/auth/setup':
    case '/api/auth/login': {
      if (!isObject(reply) || !isObject(reply.account)) return
      const signedIn = reply as unknown as SignInResponse
      const actor =
        world.actors.find((a) => a.accountId === signedIn.account.id) ??
        (path === '/api/auth/setup'
          ? newActor(world, 'admin', signedIn.account.name, String(body.password), signedIn.account.id)
          : undefined)
      if (actor) addToken(world, actor, signedIn.token)
      return
    }
    case '/api/auth/logout':
      if (owner) revokeToken(owner, token!)
      return
    case '/api/auth/logout-all':
      if (owner) revokeAll(owner)
      return
    case '/api/auth/password':
      if (owner && typeof body.newPassword === 'string') {
        owner.password = body.newPassword
        revokeAll(owner, token!)
      }
      return
    case '/api/admin/accounts': {
      const made = isObject(reply) && isObject(reply.account) ? reply.account : null
      if (method === 'POST' && made && typeof made.id === 'string') world.strangerIds.push(made.id)
      if (method === 'POST' && made && typeof made.name === 'string') world.strangerNames.push(made.name)
      return
    }
    case '/api/sync/push':
      if (owner && isObject(reply) && Array.isArray(reply.results))
        learnPush(owner, body, reply as unknown as PushResponse)
      return
    case '/api/sync/pull':
      if (owner && isObject(reply) && Array.isArray(reply.changes))
        learnPull(owner, body, reply as unknown as PullResponse)
      return
  }
  if (UNITS_PATH.test(path)) {
    learnUnits(world, owner, path, method, reply)
    return
  }
  const admin = /^\/api\/admin\/accounts\/([^/]+)\/(password|disable|enable)$/.exec(path)
  const target = admin ? world.actors.find((a) => a.accountId === decodeURIComponent(admin[1]!)) : undefined
  if (!admin || !target) return
  if (admin[2] === 'password' && typeof body.password === 'string') {
    target.password = body.password
    revokeAll(target, target === owner ? token! : undefined)
  } else if (admin[2] !== 'password') target.isDisabled = admin[2] === 'disable'
}

function learnPush(actor: Actor, body: Body, reply: PushResponse): void {
  const mutations = Array.isArray(body.mutations) ? body.mutations.filter(isObject) : []
  const deviceId = typeof body.deviceId === 'string' ? body.deviceId : null
  const text = JSON.stringify(body)
  for (const [id] of text.matchAll(UUIDS)) actor.sentIds.add(id.toLowerCase())
  for (const [marker] of text.matchAll(MARKERS)) actor.sentMarkers.add(marker)
  const device = actor.devices.find((d) => d.id === deviceId)
  if (reply.timeline && device) device.timeline ??= reply.timeline
  reply.results.forEach((result, i) => {
    if (device) device.seq = Math.max(device.seq, result.seq)
    const m = mutations[i]
    if (!m || typeof m.recordId !== 'string') return
    if (result.rev === null) return
    actor.topRev = Math.max(actor.topRev, result.rev)
    const known = actor.records.get(m.recordId)
    if (known) known.rev = Math.max(known.rev, result.rev)
    else if (m.op === 'create' && result.status === 'applied') {
      actor.records.set(m.recordId, {
        table: m.table as RecordTable,
        id: m.recordId,
        rev: result.rev,
        conflictIds: [],
        isDeleted: false,
      })
    }
    // A unit's record is read by whoever is in the unit: its author may leave the unit and no longer see it.
    if (m.op === 'create' && result.status === 'applied' && m.unitId === undefined) actor.createdIds.add(m.recordId)
  })
}

export function learnRecord(actor: Actor, state: RecordState): void {
  // The fuzz edits records; packet events are create-only and it makes none.
  if (!isRecordTable(state.table)) return
  actor.records.set(state.id, {
    table: state.table,
    id: state.id,
    rev: state.rev,
    conflictIds: state.conflicts.map((c) => c.id),
    isDeleted: state.deletedAt !== null,
  })
}

function learnPull(actor: Actor, body: Body, reply: PullResponse): void {
  for (const state of reply.changes) learnRecord(actor, state)
  actor.topRev = Math.max(actor.topRev, reply.cursor)
  const device = actor.devices.find((d) => d.id === body.deviceId)
  if (device && body.cursor === device.cursor) {
    device.cursor = reply.cursor
    device.timeline = reply.timeline
  }
}

function learnBlob(actor: Actor, path: string, method: string, answer: FuzzAnswer, reply: unknown): void {
  const hash = /^\/api\/blobs\/([0-9a-f]{64})(\/status)?$/.exec(path)?.[1]
  if (!hash || (method !== 'PUT' && method !== 'GET')) return
  const state = reply as Partial<BlobState> | undefined
  if (answer.status === 200 || answer.status === 202) {
    if (isObject(state) && typeof state.received === 'number')
      actor.uploads.set(hash, { received: state.received, isComplete: state.complete === true })
    else if (method === 'GET' && answer.status === 200) actor.uploads.set(hash, { received: 0, isComplete: true })
  } else if (answer.status === 409 && isObject(state) && typeof state.received === 'number') {
    actor.uploads.set(hash, { received: state.received, isComplete: false })
  } else if ((answer.status === 404 || answer.status === 422) && actor.uploads.get(hash)?.isComplete === false) {
    actor.uploads.set(hash, { received: 0, isComplete: false })
  }
}

/** The organization's endpoints: /api/units… and /api/admin/units…. */
export const UNITS_PATH = /^\/api\/(admin\/)?units(\/|$)/

/** A path segment as the server reads it (percent-decoded), in lower case as ids are stored; null if it cannot be. */
export function idOfSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment).toLowerCase()
  } catch {
    return null
  }
}

function unitOf(world: World, id: string, parentId: string | null): UnitView {
  const known = world.units.get(id)
  if (known) {
    known.parentId = parentId
    return known
  }
  const unit: UnitView = { id, parentId, members: new Map(), reviewers: new Set() }
  world.units.set(id, unit)
  return unit
}

const membershipOfMember = (m: Pick<UnitMember, 'role' | 'canRecord'>): UnitMembership => ({
  role: m.role === 'secretary' ? 'secretary' : 'member',
  canRecord: m.canRecord === true,
})

/** What a successful answer of the organization's endpoints says changed, or is. */
function learnUnits(world: World, owner: Actor | undefined, path: string, method: string, reply: unknown): void {
  const lower = (id: unknown) => (typeof id === 'string' ? id.toLowerCase() : null)
  const replyOf = isObject(reply) ? reply : {}
  if (path === '/api/admin/units') {
    if (method === 'GET' && Array.isArray(replyOf.units)) {
      // The whole tree: the truth, whatever the model held.
      world.units.clear()
      for (const u of (reply as UnitTree).units) {
        const unit = unitOf(world, u.id.toLowerCase(), lower(u.parentId))
        for (const m of u.members) unit.members.set(m.accountId.toLowerCase(), membershipOfMember(m))
        for (const r of u.reviewers) unit.reviewers.add(r.accountId.toLowerCase())
      }
      world.isUnitsUncertain = false
    } else if (method === 'POST' && isObject(replyOf.unit) && typeof replyOf.unit.id === 'string')
      unitOf(world, replyOf.unit.id.toLowerCase(), lower(replyOf.unit.parentId))
    return
  }
  if (path === '/api/units') {
    if (method !== 'GET' || !owner || !Array.isArray(replyOf.memberships)) return
    const mine = reply as MyUnits
    for (const unit of world.units.values()) unit.members.delete(owner.accountId)
    for (const m of mine.memberships) {
      const info = mine.units.find((u) => u.id === m.unitId)
      const unit =
        world.units.get(m.unitId.toLowerCase()) ?? unitOf(world, m.unitId.toLowerCase(), lower(info?.parentId))
      unit.members.set(owner.accountId, membershipOfMember(m))
    }
    return
  }
  const admin = /^\/api\/admin\/units\/([^/]+)(?:\/(members|reviewers)\/([^/]+))?$/.exec(path)
  const own = /^\/api\/units\/([^/]+)\/members(?:\/([^/]+))?$/.exec(path)
  const unitId = idOfSegment((admin ?? own)?.[1] ?? '')
  const accountId = idOfSegment((admin ? admin[3] : own?.[2]) ?? '')
  const unit = unitId ? world.units.get(unitId) : undefined
  if (admin && !admin[2]) {
    if (method === 'DELETE' && unitId) world.units.delete(unitId)
    else if (method === 'PATCH' && unitId && isObject(replyOf.unit)) unitOf(world, unitId, lower(replyOf.unit.parentId))
    return
  }
  if (admin?.[2] === 'reviewers') {
    if (unit && accountId && method === 'PUT') unit.reviewers.add(accountId)
    else if (unit && accountId && method === 'DELETE') unit.reviewers.delete(accountId)
    return
  }
  if (!unit) return
  if (method === 'GET' && own && !own[2] && Array.isArray(replyOf.members)) {
    // The roster: the unit's members as they are.
    unit.members.clear()
    for (const m of (reply as UnitRoster).members) unit.members.set(m.accountId.toLowerCase(), membershipOfMember(m))
  } else if ((method === 'PUT' || method === 'POST') && isObject(replyOf.member)) {
    const member = replyOf.member as unknown as UnitMember
    if (typeof member.accountId === 'string')
      unit.members.set(member.accountId.toLowerCase(), membershipOfMember(member))
  } else if (method === 'DELETE' && accountId) unit.members.delete(accountId)
}

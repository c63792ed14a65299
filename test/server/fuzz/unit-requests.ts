/**
 * The organization's endpoints (docs/units.md, sync-protocol.md §11) as the administrator and secretaries use them,
 * built on what the world knows of the tree: the administrator lists, creates, renames and moves units (under their
 * own child too: a cycle), removes them (empty ones and not), names members, secretaries and reviewers; a secretary
 * reads the roster, adds a member by user name, lets members record and removes them; every account asks what it
 * belongs to. And the same asked by the wrong people, of other units, with ids that name nothing or are no UUID,
 * bodies of the wrong shape, hostile names and roles that do not exist, and methods the paths do not take.
 */
import { UNIT_KINDS, UNIT_NAME_MAX } from '../../../src/shared/units'
import { chance, pick, weighted, type Random } from '../../fixtures/random'
import type { FuzzRequest } from './fuzz-request'
import { hostileString, hostileValue, pathSegment, seededUuid } from './hostile-values'
import { jsonRequest, type GenContext } from './sync-requests'
import { actorsOf, admin, ancestorsOf, unitsLedBy, usableActors, type Actor, type UnitView, type World } from './world'

/** Enough units for a tree three deep with a few branches; past it, creating gives way to removing. */
export const MAX_UNITS = 12

const NAMES = ['机关党委', '第一党支部', '第二党支部', '离退休党支部', '第三党小组', '理论学习中心组', 'Branch 7']

/** Names the schema refuses, or takes though a careless screen or database would not. */
function unitName(rng: Random): { name: unknown; what: string } {
  switch (weighted(rng, { plain: 6, hostile: 3, edge: 1, wrong: 1 })) {
    case 'plain':
      return { name: `${pick(rng, NAMES)}${chance(rng, 0.5) ? '' : `（${Math.floor(rng() * 100)}）`}`, what: '' }
    case 'hostile':
      return { name: hostileString(rng).slice(0, pick(rng, [UNIT_NAME_MAX, 200, 70_000])), what: ', hostile name' }
    case 'edge':
      return {
        name: pick(rng, [
          '学'.repeat(UNIT_NAME_MAX),
          '学'.repeat(UNIT_NAME_MAX + 1),
          '   ',
          ` ${'a'.repeat(UNIT_NAME_MAX)} `,
        ]),
        what: ', name at the length limit',
      }
    default:
      return { name: hostileValue(rng), what: ', name not a string' }
  }
}

function unitKind(rng: Random): { kind: unknown; what: string } {
  if (chance(rng, 0.85)) return { kind: pick(rng, UNIT_KINDS), what: '' }
  return {
    kind: pick(rng, ['committee', 'BRANCH', 'Branch', '', 'secretary', 'member', '党支部', 3, null, ['branch']]),
    what: ', wrong kind',
  }
}

/** A role to set: right mostly, else one that does not exist or is of the wrong type. */
function roleOf(rng: Random, right: readonly string[]): { role?: unknown; what: string } {
  const which = weighted(rng, { right: 8, none: 2, wrong: 1 })
  if (which === 'none') return { what: '' }
  if (which === 'right') return { role: pick(rng, right), what: '' }
  return {
    role: pick(rng, ['admin', 'owner', 'Secretary', 'SECRETARY', '书记', 'reviewer', '', 1, null, true]),
    what: ', wrong role',
  }
}

/** A path segment that names no unit or account: a UUID of nothing, one in upper case, or no UUID at all. */
function strangeId(rng: Random, known: readonly string[]): { id: string; what: string } {
  switch (weighted(rng, { unknown: 4, upper: 1, notUuid: 3, empty: 1 })) {
    case 'unknown':
      return { id: seededUuid(rng), what: 'no such id' }
    case 'upper':
      return known.length > 0
        ? { id: pick(rng, known).toUpperCase(), what: 'id in upper case' }
        : { id: seededUuid(rng), what: 'no such id' }
    case 'notUuid':
      return {
        id: pick(rng, [
          () => pathSegment(hostileString(rng).slice(0, 120)),
          () => pick(rng, ['1', '0', '-1', 'null', 'undefined', 'me', '%00', '*', 'x'.repeat(37)]),
          () => (known.length > 0 ? `${pick(rng, known)}x` : 'x'),
          () => (known.length > 0 ? pick(rng, known).replace(/-/g, '') : 'x'),
        ])(),
        what: 'id no UUID',
      }
    default:
      return { id: '%20', what: 'blank id' }
  }
}

/** A unit's id for a path: one of `preferred` mostly, any known one, or a strange one. */
function unitIdFor(rng: Random, world: World, preferred: readonly UnitView[]): { id: string; what: string } {
  const known = [...world.units.keys()]
  const roll = rng()
  if (roll < 0.7 && preferred.length > 0) return { id: pick(rng, preferred).id, what: '' }
  if (roll < 0.88 && known.length > 0) return { id: pick(rng, known), what: preferred.length > 0 ? 'another unit' : '' }
  return strangeId(rng, known)
}

/** An account's id for a path: of the people the fuzz knows mostly (`preferred` first), or a strange one. */
function accountIdFor(rng: Random, world: World, preferred: readonly string[]): { id: string; what: string } {
  const known = [...world.actors.map((a) => a.accountId), ...world.strangerIds]
  const roll = rng()
  if (roll < 0.6 && preferred.length > 0) return { id: pick(rng, preferred), what: '' }
  if (roll < 0.9 && known.length > 0) return { id: pick(rng, known), what: '' }
  return strangeId(rng, known)
}

function described(label: string, ...whats: string[]): string {
  const said = whats.filter((w) => w !== '')
  return said.length > 0 ? `${label} (${said.join(', ')})` : label
}

/** Units below the unit, at any depth: moving it under one of them makes a cycle. */
function descendantsOf(world: World, unitId: string): string[] {
  return [...world.units.keys()].filter((id) => ancestorsOf(world, id).includes(unitId))
}

/** The administrator's requests on the tree, its members and reviewers; now and then with a member's token (403). */
export function adminUnitRequest(ctx: GenContext): FuzzRequest | null {
  const { rng, world } = ctx
  const chief = admin(world)
  const others = usableActors(world, 'member', 'victim')
  const isIntruder = (chance(rng, 0.1) || chief.tokens.length === 0) && others.length > 0
  if (!isIntruder && chief.tokens.length === 0) return null
  const token = isIntruder ? pick(rng, pick(rng, others).tokens) : chief.tokens[0]!
  const who = isIntruder ? 'not the administrator: ' : ''
  const units = [...world.units.values()]
  const isFull = units.length >= MAX_UNITS
  // Leaves with no members: the units a removal takes.
  const empty = units.filter((u) => u.members.size === 0 && descendantsOf(world, u.id).length === 0)
  const kind = weighted(rng, {
    tree: 3,
    create: isFull ? 0.5 : 3,
    rename: 1.5,
    move: 1.5,
    cycle: 1,
    remove: isFull ? 3 : empty.length > 0 ? 2.5 : 1,
    member: 4,
    unmember: 2,
    reviewer: 1.5,
    unreviewer: 2,
    wrongMethod: 0.7,
  })
  const label = (text: string, ...whats: string[]) => `${who}${described(`admin units: ${text}`, ...whats)}`
  switch (kind) {
    case 'tree':
      return jsonRequest('GET', '/api/admin/units', token, undefined, label('the tree'))
    case 'create': {
      const { name, what: nameWhat } = unitName(rng)
      const { kind: unitKind_, what: kindWhat } = unitKind(rng)
      const body: Record<string, unknown> = { kind: unitKind_, name }
      const parent = rng()
      let parentWhat = ''
      if (parent < 0.65 && units.length > 0) body.parentId = pick(rng, units).id
      else if (parent < 0.75) body.parentId = null
      else if (parent < 0.85) {
        body.parentId = chance(rng, 0.5) ? seededUuid(rng) : hostileValue(rng)
        parentWhat = 'no such parent'
      }
      return jsonRequest(
        'POST',
        '/api/admin/units',
        token,
        body,
        label('create a unit', nameWhat, kindWhat, parentWhat),
      )
    }
    case 'rename': {
      const unit = unitIdFor(rng, world, units)
      const { name, what } = unitName(rng)
      const body: Record<string, unknown> = chance(rng, 0.8) ? { name } : {}
      if (chance(rng, 0.3)) body.kind = unitKind(rng).kind
      return jsonRequest('PATCH', `/api/admin/units/${unit.id}`, token, body, label('rename', unit.what, what))
    }
    case 'move': {
      const unit = unitIdFor(rng, world, units)
      const to =
        chance(rng, 0.25) || units.length === 0 ? pick(rng, [null, seededUuid(rng), 'top', '']) : pick(rng, units).id
      return jsonRequest('PATCH', `/api/admin/units/${unit.id}`, token, { parentId: to }, label('move', unit.what))
    }
    case 'cycle': {
      // Under itself, or under a unit below it: refused, whatever the depth.
      const withChildren = units.filter((u) => descendantsOf(world, u.id).length > 0)
      const unit = withChildren.length > 0 ? pick(rng, withChildren) : units.length > 0 ? pick(rng, units) : null
      if (!unit) return jsonRequest('GET', '/api/admin/units', token, undefined, label('the tree'))
      const below = descendantsOf(world, unit.id)
      const to = below.length > 0 && chance(rng, 0.8) ? pick(rng, below) : unit.id
      return jsonRequest(
        'PATCH',
        `/api/admin/units/${unit.id}`,
        token,
        { parentId: to, ...(chance(rng, 0.3) ? { name: '循环' } : {}) },
        label(to === unit.id ? 'move under itself' : 'move under its own child'),
      )
    }
    case 'remove': {
      // Leaves with no members go; the rest are refused.
      const unit = unitIdFor(rng, world, chance(rng, 0.8) ? empty : units)
      return jsonRequest('DELETE', `/api/admin/units/${unit.id}`, token, undefined, label('remove a unit', unit.what))
    }
    case 'member': {
      const unit = unitIdFor(rng, world, units)
      const account = accountIdFor(rng, world, [
        ...actorsOf(world, 'member', 'victim').map((a) => a.accountId),
        ...world.strangerIds.slice(0, 3),
      ])
      const { role, what: roleWhat } = roleOf(rng, ['member', 'member', 'secretary'])
      const body: Record<string, unknown> = {}
      if (role !== undefined) body.role = role
      if (chance(rng, 0.5)) body.canRecord = chance(rng, 0.9) ? chance(rng, 0.5) : pick(rng, ['true', 1, null])
      return jsonRequest(
        'PUT',
        `/api/admin/units/${unit.id}/members/${account.id}`,
        token,
        body,
        label(
          `set a membership${role === 'secretary' ? ' (name a secretary)' : ''}`,
          unit.what,
          account.what,
          roleWhat,
        ),
      )
    }
    case 'unmember': {
      const unit = unitIdFor(
        rng,
        world,
        units.filter((u) => u.members.size > 0),
      )
      const members = [...(world.units.get(unit.id)?.members.keys() ?? [])]
      const account = accountIdFor(rng, world, members)
      return jsonRequest(
        'DELETE',
        `/api/admin/units/${unit.id}/members/${account.id}`,
        token,
        undefined,
        label('remove a member', unit.what, account.what),
      )
    }
    case 'reviewer':
    case 'unreviewer': {
      const unit = unitIdFor(rng, world, kind === 'reviewer' ? units : units.filter((u) => u.reviewers.size > 0))
      const reviewers = [...(world.units.get(unit.id)?.reviewers ?? [])]
      const account = accountIdFor(
        rng,
        world,
        kind === 'unreviewer' && reviewers.length > 0 ? reviewers : world.actors.map((a) => a.accountId),
      )
      return jsonRequest(
        kind === 'reviewer' ? 'PUT' : 'DELETE',
        `/api/admin/units/${unit.id}/reviewers/${account.id}`,
        token,
        chance(rng, 0.2) ? { reviewer: true } : undefined,
        label(kind === 'reviewer' ? 'name a reviewer' : 'remove a reviewer', unit.what, account.what),
      )
    }
    default: {
      const unit = units.length > 0 ? pick(rng, units).id : seededUuid(rng)
      const [method, path] = pick(rng, [
        ['PUT', '/api/admin/units'],
        ['DELETE', '/api/admin/units'],
        ['GET', `/api/admin/units/${unit}`],
        ['PUT', `/api/admin/units/${unit}`],
        ['POST', `/api/admin/units/${unit}/members`],
        ['GET', `/api/admin/units/${unit}/reviewers`],
        ['PATCH', `/api/admin/units/${unit}/members/${chief.accountId}`],
      ] as const)
      return jsonRequest(method, path, token, { name: '错误的方法' }, label('a method the path does not take'))
    }
  }
}

/** An actor for a secretary's request: mostly one who is a secretary somewhere, else anyone (403 for most). */
function secretaryActor(rng: Random, world: World): Actor | null {
  const leaders = usableActors(world, 'member', 'victim').filter((a) => unitsLedBy(world, a.accountId).length > 0)
  const anyone = usableActors(world, 'member', 'victim', 'admin')
  if (leaders.length > 0 && chance(rng, 0.85)) return pick(rng, leaders)
  return anyone.length > 0 ? pick(rng, anyone) : null
}

/** What an account belongs to, and a secretary's work on their unit's members; asked of other units too. */
export function memberUnitRequest(ctx: GenContext): FuzzRequest | null {
  const { rng, world } = ctx
  const actor = secretaryActor(rng, world)
  if (!actor) return null
  const token = pick(rng, actor.tokens)
  const led = unitsLedBy(world, actor.accountId)
  const kind = weighted(rng, { mine: 3, roster: 3, add: 3, set: 3, remove: 2.5, wrongMethod: 0.6 })
  const label = (text: string, ...whats: string[]) => described(`units (${actor.name}): ${text}`, ...whats)
  if (kind === 'mine') return jsonRequest('GET', '/api/units', token, undefined, label('what I belong to'))
  const unit = unitIdFor(rng, world, led)
  const view = world.units.get(unit.id)
  switch (kind) {
    case 'roster':
      return jsonRequest('GET', `/api/units/${unit.id}/members`, token, undefined, label('the roster', unit.what))
    case 'add': {
      const names = [...world.actors.map((a) => a.name), ...world.strangerNames]
      const which = weighted(rng, { known: 6, lookAlike: 2, unknown: 1, hostile: 2, wrongType: 1 })
      const name =
        which === 'known'
          ? pick(rng, names)
          : which === 'lookAlike'
            ? pick(rng, [
                (n: string) => ` ${n.toUpperCase()} `,
                (n: string) => n.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
                (n: string) => `${n}\u200b`,
              ])(pick(rng, names))
            : which === 'unknown'
              ? `nobody${Math.floor(rng() * 50)}`
              : which === 'hostile'
                ? hostileString(rng).slice(0, pick(rng, [100, 101, 5000]))
                : hostileValue(rng)
      const body = chance(rng, 0.95) ? { name } : { accountId: pick(rng, world.actors).accountId }
      return jsonRequest(
        'POST',
        `/api/units/${unit.id}/members`,
        token,
        body,
        label('add a member by user name', unit.what, which === 'known' ? '' : `name ${which}`),
      )
    }
    case 'set': {
      const members = [...(view?.members ?? [])]
        .filter(([, m]) => m.role === 'member' || chance(rng, 0.2))
        .map(([id]) => id)
      const account = accountIdFor(rng, world, members)
      const { role, what } = roleOf(rng, ['member', 'member', 'member', 'member', 'secretary'])
      const body: Record<string, unknown> = { canRecord: chance(rng, 0.95) ? chance(rng, 0.5) : hostileValue(rng) }
      if (role !== undefined) body.role = role
      return jsonRequest(
        'PUT',
        `/api/units/${unit.id}/members/${account.id}`,
        token,
        body,
        label(`set a member${role === 'secretary' ? ' a secretary' : ''}`, unit.what, account.what, what),
      )
    }
    case 'remove': {
      const plain = [...(view?.members ?? [])].filter(([, m]) => m.role === 'member').map(([id]) => id)
      const account = accountIdFor(rng, world, chance(rng, 0.8) ? plain : [actor.accountId])
      return jsonRequest(
        'DELETE',
        `/api/units/${unit.id}/members/${account.id}`,
        token,
        undefined,
        label('remove a member', unit.what, account.what),
      )
    }
    default: {
      const [method, path] = pick(rng, [
        ['POST', '/api/units'],
        ['DELETE', '/api/units'],
        ['PATCH', '/api/units'],
        ['GET', `/api/units/${unit.id}`],
        ['DELETE', `/api/units/${unit.id}/members`],
        ['GET', `/api/units/${unit.id}/members/${actor.accountId}`],
        ['PATCH', `/api/units/${unit.id}/members/${actor.accountId}`],
      ] as const)
      return jsonRequest(method, path, token, { canRecord: true }, label('a method the path does not take'))
    }
  }
}

/**
 * Push, pull and wait as a device sends them, built on what the world knows: creates, then edits on the revision
 * last seen (or an older one, for conflicts), deletes, restores, resolves of the conflicts pulled, conflicts sent
 * back after a restore (keepConflicts), replays, edits of another account's records; pulls from the device's cursor,
 * from a cursor past the counter, on a foreign timeline; waits of one second.
 */
import { PROTOCOL_VERSION } from '../../../src/shared/sync/protocol'
import { chance, intBetween, pick, weighted, type Random } from '../../fixtures/random'
import type { FuzzRequest } from './fuzz-request'
import { seededUuid } from './hostile-values'
import { createFields, editFields, pickTable, type RecordPool } from './record-pool'
import { COLLECTIVE_STUDY_KINDS } from '../../../src/shared/records/study-session'
import { deviceOf, mayRecordIn, recordFor, type Actor, type Device, type World } from './world'

export interface GenContext {
  rng: Random
  world: World
  pool: RecordPool
}

export function jsonRequest(
  method: string,
  path: string,
  token: string | null,
  json: unknown,
  label: string,
): FuzzRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  return { method, path, headers, json, label }
}

const AT = ['2026-11-10T09:00:00.000Z', '2026-11-12T18:30:00+08:00', '2026-01-01T00:00', '2025-12-31T23:59:59.999Z']

/**
 * A collective study session made as a unit's record (unitId), for a unit the account may not record for (docs/units.md:
 * its secretary and members it lets record may), or for a unit that does not exist: refused (unit-rules.ts checks).
 */
function createAsBarredUnit(ctx: GenContext, actor: Actor, device: Device): Record<string, unknown> {
  const { rng, world, pool } = ctx
  const barred = [...world.units.keys()].filter((id) => !mayRecordIn(world, actor.accountId, id))
  const changes = createFields(rng, pool, 'studySessions', actor.marker)
  changes.kind = pick(rng, COLLECTIVE_STUDY_KINDS)
  return {
    id: seededUuid(rng),
    seq: ++device.seq,
    at: pick(rng, AT),
    table: 'studySessions',
    recordId: seededUuid(rng),
    op: 'create',
    changes,
    baseRev: null,
    unitId: barred.length > 0 && chance(rng, 0.8) ? pick(rng, barred) : seededUuid(rng),
  }
}

function mutation(ctx: GenContext, actor: Actor, device: Device): { mutation: Record<string, unknown>; kind: string } {
  const { rng, world, pool } = ctx
  if (chance(rng, 0.02))
    return { kind: 'create as a unit it may not record for', mutation: createAsBarredUnit(ctx, actor, device) }
  const record = recordFor(rng, world, actor)
  const kind =
    record === null
      ? 'create'
      : weighted(rng, {
          create: 4,
          update: 6,
          stale: 2,
          delete: 2,
          restore: 1,
          resolve: 2,
          keepConflicts: 1,
          unknownRecord: 1,
        })
  const base = { id: seededUuid(rng), seq: ++device.seq, at: pick(rng, AT) }
  if (kind === 'create' || record === null) {
    const table = pickTable(rng)
    return {
      kind: 'create',
      mutation: {
        ...base,
        table,
        recordId: seededUuid(rng),
        op: 'create',
        changes: createFields(rng, pool, table, actor.marker),
        baseRev: null,
      },
    }
  }
  const target = { table: record.table, recordId: record.id }
  switch (kind) {
    case 'update':
      return {
        kind,
        mutation: {
          ...base,
          ...target,
          op: 'update',
          changes: editFields(rng, pool, record.table),
          baseRev: record.rev,
        },
      }
    case 'stale':
      return {
        kind,
        mutation: {
          ...base,
          ...target,
          op: 'update',
          changes: editFields(rng, pool, record.table),
          baseRev: intBetween(rng, 0, Math.max(0, record.rev - 1)),
        },
      }
    case 'delete':
      return {
        kind,
        mutation: {
          ...base,
          ...target,
          op: 'delete',
          changes: { deletedAt: pick(rng, AT) },
          baseRev: chance(rng, 0.8) ? record.rev : 0,
        },
      }
    case 'restore':
      return {
        kind,
        mutation: { ...base, ...target, op: 'restore', changes: { deletedAt: null }, baseRev: record.rev },
      }
    case 'resolve': {
      const resolves =
        record.conflictIds.length > 0 && chance(rng, 0.8)
          ? record.conflictIds.slice(0, intBetween(rng, 1, record.conflictIds.length))
          : [seededUuid(rng)]
      const changes = chance(rng, 0.5) ? editFields(rng, pool, record.table) : {}
      return { kind, mutation: { ...base, ...target, op: 'resolve', changes, baseRev: record.rev, resolves } }
    }
    case 'keepConflicts': {
      const edit = editFields(rng, pool, record.table)
      const field = Object.keys(edit)[0]!
      const kept = chance(rng, 0.7)
        ? {
            id: seededUuid(rng),
            kind: 'field',
            field,
            value: edit[field],
            deviceId: pick(rng, actor.devices).id,
            at: pick(rng, AT),
            rev: intBetween(rng, 0, record.rev),
          }
        : {
            id: seededUuid(rng),
            kind: 'delete',
            field: 'deletedAt',
            value: pick(rng, AT),
            deviceId: device.id,
            at: pick(rng, AT),
          }
      return {
        kind,
        mutation: {
          ...base,
          ...target,
          op: 'update',
          changes: chance(rng, 0.5) ? {} : editFields(rng, pool, record.table),
          baseRev: record.rev,
          keepConflicts: [kept],
        },
      }
    }
    default:
      return {
        kind,
        mutation: {
          ...base,
          ...target,
          recordId: seededUuid(rng),
          op: pick(rng, ['update', 'delete', 'resolve']),
          changes: {},
          baseRev: 1,
        },
      }
  }
}

export function pushRequest(ctx: GenContext, actor: Actor, token: string): FuzzRequest {
  const { rng, world } = ctx
  const device = deviceOf(rng, world, actor)
  const count = weighted(rng, { one: 6, few: 3, many: 1 })
  const size = count === 'one' ? 1 : count === 'few' ? intBetween(rng, 2, 6) : intBetween(rng, 20, 60)
  const built = Array.from({ length: size }, () => mutation(ctx, actor, device))
  const mutations = built.map((b) => b.mutation)
  let what =
    built
      .map((b) => b.kind)
      .slice(0, 4)
      .join(', ') + (built.length > 4 ? ` …(${built.length})` : '')
  // A replay of mutations already sent (the answer was lost), or a seq below the device's last one.
  if (device.seq > size && chance(rng, 0.05)) {
    mutations[0]!.seq = intBetween(rng, 1, device.seq - size)
    what += '; a seq already used'
  }
  const body: Record<string, unknown> = { protocol: PROTOCOL_VERSION, deviceId: device.id, mutations }
  if (device.timeline && chance(rng, 0.5)) body.timeline = chance(rng, 0.9) ? device.timeline : seededUuid(rng)
  return jsonRequest('POST', '/api/sync/push', token, body, `push: ${what}`)
}

export function pullRequest(ctx: GenContext, actor: Actor, token: string): FuzzRequest {
  const { rng, world } = ctx
  const device = deviceOf(rng, world, actor)
  const top = actor.topRev
  const which = weighted(rng, { own: 8, zero: 2, past: 1, huge: 1 })
  const cursor =
    which === 'own'
      ? device.cursor
      : which === 'zero'
        ? 0
        : which === 'past'
          ? top + intBetween(rng, 1, 5)
          : pick(rng, [2 ** 31, 2 ** 53 - 1])
  const body: Record<string, unknown> = { protocol: PROTOCOL_VERSION, deviceId: device.id, cursor }
  if (chance(rng, 0.5)) body.limit = pick(rng, [1, 2, 5, 100, 2000])
  if (chance(rng, 0.2)) body.countRemaining = true
  if (chance(rng, 0.4)) body.timeline = device.timeline && chance(rng, 0.8) ? device.timeline : seededUuid(rng)
  return jsonRequest('POST', '/api/sync/pull', token, body, `pull: cursor ${which}`)
}

/** A long poll of one second; held only now and then (a cursor at the counter), so that the run stays quick. */
export function waitRequest(ctx: GenContext, actor: Actor, token: string): FuzzRequest {
  const { rng, world } = ctx
  const device = deviceOf(rng, world, actor)
  const top = actor.topRev
  const isHeld = chance(rng, 0.015)
  const cursor = isHeld ? top : pick(rng, [0, Math.max(0, top - 1), top + 1, 2 ** 53 - 1])
  const request = jsonRequest(
    'POST',
    '/api/sync/wait',
    token,
    { protocol: PROTOCOL_VERSION, deviceId: device.id, cursor, timeoutSeconds: 1 },
    `wait: ${isHeld ? 'held' : 'answered at once'}`,
  )
  // Whatever the body becomes (a spoiled timeout of 55 s, or none: 25 s), the client leaves after 1.5 s.
  request.abortAfterMs = 1500
  return request
}

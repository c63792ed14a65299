import { describe, expect, it } from 'vitest'
import type { FuzzAnswer, FuzzRequest } from './fuzz-request'
import { jsonRequest } from './sync-requests'
import { checkUnitRules } from './unit-rules'
import { addToken, emptyWorld, newActor, type World } from './world'

const U1 = '0190a000-0000-7000-8000-000000000001'
const U2 = '0190a000-0000-7000-8000-000000000002'
const ADMIN = '0190a000-0000-7000-8000-00000000000a'
const ALICE = '0190a000-0000-7000-8000-00000000000b'
const BOB = '0190a000-0000-7000-8000-00000000000c'

/** A committee U1 with alice its secretary and bob a member who may not record; U2 below it, empty. */
function world(): World {
  const w = emptyWorld(1)
  addToken(w, newActor(w, 'admin', 'admin', 'pw', ADMIN), 'admin-token')
  addToken(w, newActor(w, 'member', 'alice', 'pw', ALICE), 'alice-token')
  addToken(w, newActor(w, 'member', 'bob', 'pw', BOB), 'bob-token')
  w.units.set(U1, {
    id: U1,
    parentId: null,
    members: new Map([
      [ALICE, { role: 'secretary', canRecord: false }],
      [BOB, { role: 'member', canRecord: false }],
    ]),
    reviewers: new Set(),
  })
  w.units.set(U2, { id: U2, parentId: U1, members: new Map(), reviewers: new Set() })
  return w
}

function answer(status: number, json?: unknown): FuzzAnswer {
  const text = json === undefined ? '' : JSON.stringify(json)
  return { status, headers: new Headers(), text, bytes: new TextEncoder().encode(text) }
}

const as = (token: string, method: string, path: string, body?: unknown): FuzzRequest =>
  jsonRequest(method, path, `${token}-token`, body, 'test')

/** The fuzz's own check of the units' rules, on answers made up to break them. */
describe('the fuzz units rules', () => {
  it('flags a 2xx to a plain member from a secretary’s or the administrator’s endpoints', () => {
    const w = world()
    expect(checkUnitRules(w, as('bob', 'GET', `/api/units/${U1}/members`), answer(200))).toMatch(/not the secretary/)
    expect(checkUnitRules(w, as('alice', 'GET', `/api/units/${U2}/members`), answer(200))).toMatch(/not the secretary/)
    expect(checkUnitRules(w, as('bob', 'GET', '/api/admin/units'), answer(200))).toMatch(/not the administrator/)
    expect(checkUnitRules(w, as('bob', 'PATCH', `/api/admin/units/${U2}`, { name: 'x' }), answer(200))).toMatch(
      /not the administrator/,
    )
    expect(checkUnitRules(w, as('bob', 'GET', `/api/units/${U1}/members`), answer(403))).toBeNull()
    expect(checkUnitRules(w, as('alice', 'GET', `/api/units/${U1}/members`), answer(200))).toBeNull()
    expect(checkUnitRules(w, as('admin', 'GET', `/api/units/${U2}/members`), answer(200))).toBeNull()
    expect(checkUnitRules(w, as('nobody', 'GET', '/api/units'), answer(200))).toMatch(/no account's/)
  })

  it('flags a secretary naming or removing a secretary', () => {
    const w = world()
    const put = (account: string, body: unknown) => as('alice', 'PUT', `/api/units/${U1}/members/${account}`, body)
    expect(checkUnitRules(w, put(BOB, { role: 'secretary' }), answer(200))).toMatch(/named a secretary/)
    expect(checkUnitRules(w, put(ALICE, { canRecord: true }), answer(200))).toMatch(/changed or removed a secretary/)
    expect(checkUnitRules(w, as('alice', 'DELETE', `/api/units/${U1}/members/${ALICE}`), answer(204))).toMatch(
      /changed or removed a secretary/,
    )
    expect(checkUnitRules(w, put(BOB, { canRecord: true }), answer(200))).toBeNull()
  })

  it('flags a cycle, a unit removed with members or units below it, a parent that is no unit', () => {
    const w = world()
    const patch = (id: string, parentId: string) => as('admin', 'PATCH', `/api/admin/units/${id}`, { parentId })
    expect(checkUnitRules(w, patch(U1, U2), answer(200))).toMatch(/below it/)
    expect(checkUnitRules(w, patch(U1, U1), answer(200))).toMatch(/itself/)
    expect(checkUnitRules(w, patch(U2, U2.toUpperCase()), answer(200))).toMatch(/itself/)
    expect(checkUnitRules(w, as('admin', 'DELETE', `/api/admin/units/${U1}`), answer(204))).toMatch(/removed/)
    expect(checkUnitRules(w, as('admin', 'DELETE', `/api/admin/units/${U2}`), answer(204))).toBeNull()
    const made = as('admin', 'POST', '/api/admin/units', { kind: 'branch', name: 'x', parentId: ALICE })
    expect(checkUnitRules(w, made, answer(201))).toMatch(/no unit/)
    expect(checkUnitRules(w, patch(U2, U1), answer(400))).toBeNull()
  })

  it('flags memberships or rosters of units the account is not in', () => {
    const w = world()
    const mine = (unitIds: string[]) => ({
      units: [],
      memberships: unitIds.map((unitId) => ({ unitId, role: 'member', canRecord: false })),
      reviews: [],
      rosters: Object.fromEntries(unitIds.map((id) => [id, []])),
    })
    expect(checkUnitRules(w, as('bob', 'GET', '/api/units'), answer(200, mine([U1])))).toBeNull()
    expect(checkUnitRules(w, as('bob', 'GET', '/api/units'), answer(200, mine([U1, U2])))).toMatch(/not in/)
    expect(checkUnitRules(w, as('bob', 'GET', '/api/units'), answer(200, mine([])))).toMatch(/not told/)
  })

  it('flags a record made as a unit’s by an account that may not record for it, unless its seq was a replay', () => {
    const w = world()
    const create = { id: ADMIN, seq: 5, table: 'studySessions', recordId: U2, op: 'create', unitId: U1 }
    const push = (token: string) =>
      as(token, 'POST', '/api/sync/push', { protocol: 1, deviceId: U2, mutations: [create] })
    const result = (status: string, id = ADMIN) =>
      answer(200, { protocol: 1, results: [{ id, seq: 5, status, rev: 1 }] })
    expect(checkUnitRules(w, push('bob'), result('applied'))).toMatch(/may not record/)
    expect(checkUnitRules(w, push('bob'), result('refused'))).toBeNull()
    expect(checkUnitRules(w, push('bob'), result('applied', BOB))).toBeNull()
    expect(checkUnitRules(w, push('alice'), result('applied'))).toBeNull()
  })
})

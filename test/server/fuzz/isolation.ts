/**
 * After the run: every account still sees only its own. Each account pulls everything from 0 on a fresh device;
 * every personal record and conflict must carry only ids and markers its own accepted pushes sent, every record it
 * created must be there, and a unit's record only reaches the unit's members and the reviewers above it. Photos:
 * each account gets the bytes of the photos it finished uploading (checked against their hash), and a 404 for
 * photos only other accounts uploaded. The organization: the administrator's tree is what the answers said it
 * became (a change answered with a refusal, or not made though answered 2xx, shows here); each account is told
 * exactly its own memberships, gets no roster but of the units it is the secretary of, and nothing of the
 * administrator's /api/admin/units.
 */
import { createHash } from 'node:crypto'
import type { PullResponse, RecordState } from '../../../src/shared/sync/protocol'
import { PROTOCOL_VERSION } from '../../../src/shared/sync/protocol'
import { blobPath } from '../../../src/shared/sync/blob-protocol'
import type { TestServer } from '../harness'
import { seededUuid } from './hostile-values'
import { MARKERS } from './learn'
import { mulberry32 } from '../../fixtures/random'
import type { UnitTree } from '../../../src/shared/units'
import { readsUnit, type Actor, type UnitView, type World } from './world'

async function api(
  server: TestServer,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; json: unknown; bytes: Uint8Array }> {
  const headers: Record<string, string> = {}
  if (token) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  const response = await server.app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const bytes = new Uint8Array(await response.arrayBuffer())
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    json = undefined
  }
  return { status: response.status, json, bytes }
}

/** A token of the account that works now: enabled again and signed in from its own phone if need be. */
async function workingToken(
  server: TestServer,
  world: World,
  actor: Actor,
): Promise<{ token: string } | { refusal: string }> {
  const chief = world.actors.find((a) => a.role === 'admin' && a.tokens.length > 0)
  if (actor.isDisabled && chief)
    await api(server, 'POST', `/api/admin/accounts/${actor.accountId}/enable`, chief.tokens[0]!)
  for (const token of actor.tokens)
    if ((await api(server, 'GET', '/api/auth/me', token)).status === 200) return { token }
  const signedIn = await api(server, 'POST', '/api/auth/login', null, {
    name: actor.name,
    password: actor.password,
    deviceId: actor.signInDevice,
  })
  return signedIn.status === 200
    ? { token: (signedIn.json as { token: string }).token }
    : { refusal: `${signedIn.status} ${JSON.stringify(signedIn.json)}` }
}

async function pullEverything(server: TestServer, token: string): Promise<RecordState[] | string> {
  const deviceId = seededUuid(mulberry32(7))
  const records: RecordState[] = []
  for (let cursor = 0; ;) {
    const page = await api(server, 'POST', '/api/sync/pull', token, {
      protocol: PROTOCOL_VERSION,
      deviceId,
      cursor,
      limit: 2000,
    })
    if (page.status !== 200) return `pull from ${cursor} answered ${page.status}: ${JSON.stringify(page.json)}`
    const body = page.json as PullResponse
    records.push(...body.changes)
    cursor = body.cursor
    if (!body.hasMore) return records
  }
}

function recordViolations(world: World, actor: Actor, records: RecordState[]): string[] {
  const violations: string[] = []
  const allowed = new Set([actor.marker, ...actor.sentMarkers])
  const pulled = new Set(records.map((r) => r.id.toLowerCase()))
  for (const record of records) {
    // A unit's record is its members' and its reviewers' to read, whoever made it.
    if (typeof record.unitId === 'string') {
      if (!readsUnit(world, actor.accountId, record.unitId))
        violations.push(
          `${actor.name} pulled ${record.table}/${record.id} of unit ${record.unitId}, neither a member of it nor a reviewer above it`,
        )
      continue
    }
    const ids = [record.id, record.deviceId, ...record.conflicts.map((c) => c.deviceId)]
    const foreignIds = ids.filter((id) => !actor.sentIds.has(id.toLowerCase()))
    if (foreignIds.length > 0)
      violations.push(
        `${actor.name} pulled ${record.table}/${record.id} carrying ids it never sent: ${foreignIds.join(', ')}`,
      )
    const foreignMarkers = [...JSON.stringify(record).matchAll(MARKERS)].map(([m]) => m).filter((m) => !allowed.has(m))
    if (foreignMarkers.length > 0)
      violations.push(
        `${actor.name} pulled ${record.table}/${record.id} holding another account's text: ${[...new Set(foreignMarkers)].join(', ')}`,
      )
  }
  const missing = [...actor.createdIds].filter((id) => !pulled.has(id.toLowerCase()))
  if (missing.length > 0)
    violations.push(
      `${actor.name}'s pull lacks ${missing.length} records it created (${missing.slice(0, 3).join(', ')})`,
    )
  return violations
}

async function photoViolations(server: TestServer, world: World, actor: Actor, token: string): Promise<string[]> {
  const violations: string[] = []
  for (const photo of world.photos) {
    const held = actor.uploads.get(photo.hash)
    const isOthers = !held && world.actors.some((a) => a.uploads.get(photo.hash)?.isComplete)
    if (!held?.isComplete && !isOthers) continue
    const got = await api(server, 'GET', blobPath(photo.hash), token)
    if (isOthers && got.status !== 404)
      violations.push(`${actor.name} got another account's photo ${photo.hash.slice(0, 12)}…: ${got.status}`)
    if (
      held?.isComplete &&
      (got.status !== 200 || createHash('sha256').update(got.bytes).digest('hex') !== photo.hash)
    ) {
      violations.push(`${actor.name} did not get back its own photo ${photo.hash.slice(0, 12)}… intact: ${got.status}`)
    }
  }
  return violations
}

export interface IsolationReport {
  violations: string[]
  /** Records each account pulled in the end, by name. */
  records: Record<string, number>
}

/** The tree as the answers made it, against the administrator's list; then the list becomes the world's. */
async function treeViolations(server: TestServer, world: World, token: string): Promise<string[]> {
  const got = await api(server, 'GET', '/api/admin/units', token)
  if (got.status !== 200) return [`the administrator's list of units answered ${got.status}`]
  const tree = new Map<string, UnitView>()
  for (const u of (got.json as UnitTree).units)
    tree.set(u.id, {
      id: u.id,
      parentId: u.parentId,
      members: new Map(u.members.map((m) => [m.accountId, { role: m.role, canRecord: m.canRecord }])),
      reviewers: new Set(u.reviewers.map((r) => r.accountId)),
    })
  const violations: string[] = []
  // After a burst the world may be off (the answers were learned in the order sent): nothing to hold it to.
  if (!world.isUnitsUncertain) {
    const said = (u: UnitView | undefined) =>
      u
        ? JSON.stringify({
            parentId: u.parentId,
            members: [...u.members].sort(([a], [b]) => a.localeCompare(b)),
            reviewers: [...u.reviewers].sort(),
          })
        : 'no such unit'
    for (const id of new Set([...world.units.keys(), ...tree.keys()])) {
      const [expected, actual] = [said(world.units.get(id)), said(tree.get(id))]
      if (expected !== actual)
        violations.push(`unit ${id} is not as the answers said: expected ${expected}, the server holds ${actual}`)
    }
  }
  world.units = tree
  return violations
}

/** What the account is told of the organization, and what it is refused, as the tree says. */
async function unitAccessViolations(server: TestServer, world: World, actor: Actor, token: string): Promise<string[]> {
  const violations: string[] = []
  if (actor.role !== 'admin') {
    const tree = await api(server, 'GET', '/api/admin/units', token)
    if (tree.status !== 403) violations.push(`${actor.name} asked for the administrator's units: ${tree.status}`)
  }
  const mine = await api(server, 'GET', '/api/units', token)
  const memberships = (mine.json as { memberships?: { unitId: string; role: string; canRecord: boolean }[] })
    ?.memberships
  const held = [...world.units.values()]
    .filter((u) => u.members.has(actor.accountId))
    .map((u) => ({ unitId: u.id, ...u.members.get(actor.accountId)! }))
  const key = (list: { unitId: string; role: string; canRecord: boolean }[]) =>
    JSON.stringify(list.map((m) => `${m.unitId} ${m.role} ${m.canRecord}`).sort())
  if (mine.status !== 200 || !Array.isArray(memberships) || key(memberships) !== key(held))
    violations.push(
      `${actor.name} was told of its units ${mine.status} ${JSON.stringify(memberships)}, holds ${JSON.stringify(held)}`,
    )
  for (const unit of world.units.values()) {
    const may = actor.role === 'admin' || unit.members.get(actor.accountId)?.role === 'secretary'
    const roster = await api(server, 'GET', `/api/units/${unit.id}/members`, token)
    if (may ? roster.status !== 200 : roster.status !== 403)
      violations.push(
        `${actor.name} asked for the roster of unit ${unit.id}, ${may ? 'its own' : 'not its own'}: ${roster.status}`,
      )
  }
  return violations
}

export async function checkIsolation(server: TestServer, world: World): Promise<IsolationReport> {
  const report: IsolationReport = { violations: [], records: {} }
  const tokens = new Map<Actor, string>()
  for (const actor of world.actors) {
    const signedIn = await workingToken(server, world, actor)
    if ('refusal' in signedIn) {
      report.violations.push(
        `${actor.name} has no working token and could not sign in again to be checked: ${signedIn.refusal.slice(0, 200)}`,
      )
      continue
    }
    tokens.set(actor, signedIn.token)
  }
  const chief = world.actors.find((a) => a.role === 'admin')
  const chiefToken = chief && tokens.get(chief)
  if (chiefToken) report.violations.push(...(await treeViolations(server, world, chiefToken)))
  for (const [actor, token] of tokens) {
    const records = await pullEverything(server, token)
    if (typeof records === 'string') {
      report.violations.push(`${actor.name}: ${records}`)
      continue
    }
    report.records[actor.name] = records.length
    report.violations.push(
      ...recordViolations(world, actor, records),
      ...(await photoViolations(server, world, actor, token)),
      ...(chiefToken ? await unitAccessViolations(server, world, actor, token) : []),
    )
  }
  return report
}

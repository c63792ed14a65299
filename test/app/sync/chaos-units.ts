/**
 * The randomized convergence test with units (docs/units.md) and their 一学一报 packets (docs/review.md): three
 * accounts in one unit (a secretary and two members), one outsider in another, and a reviewer of the unit above, with
 * phones each, record, edit, delete, share, send packets and plans upward, return and accept them, and sync, mostly
 * offline, while the network fails as in chaos-scenario.ts and the administrator changes the organization mid-run (a
 * member allowed to record or not, a member removed and added again, the secretary demoted and named again, the
 * outsider joining for a while, the reviewer removed and named again). Then the faults stop and everyone syncs until
 * nothing moves. What must hold:
 *
 * 1. Every phone holds exactly what its account may read by the rules (evaluated here from the server's tables,
 *    independently of the server's views), as the server holds it, the same on all of an account's phones; beyond
 *    that only records whose unsent changes the server refused (kept, with the reason).
 * 2. The outsider holds nothing of the unit unless it is in it at the end.
 * 3. No value written is lost: it is on the server (as the value or a kept conflict copy), or held on the phone that
 *    wrote it as a refused change, unless someone who had it on screen replaced it.
 * 4. No packet or plan step is lost: each is on the server as it was made, or kept on its phone refused, and then only
 *    for a reason the run can show (its author could not act for the unit at some moment after pressing the button,
 *    its session was deleted or never reached the server, the submission it answers never did). A secretary who stays
 *    one is never refused a submission.
 * 5. A step's receivedAt, once the server stamped it, never changes: not on a replayed push, not on any phone, not on
 *    the server. Every phone that holds a session and nothing unsent about it reads the same packet (packetReviewOf)
 *    as the server's steps give.
 */
import { sameValue } from '../../../src/shared/changes'
import { fieldsOf, type FieldsOf, type RecordTable, type SyncedTable } from '../../../src/shared/records'
import { packetReviewOf, type ReviewEvent } from '../../../src/shared/reporting/review'
import type { UnitInfo } from '../../../src/shared/units'
import type { Selectable } from 'kysely'
import type { RecordsTable } from '../../../src/server/db/schema'
import { recordOfRow } from '../../../src/server/sync/record-rows'
import { mulberry32, pick } from '../../fixtures/random'
import { addAccount, call, createTestServer, setUpAdmin, type TestServer } from '../../server/harness'
import { readingNote, studySession } from '../db/support'
import { SimDevice, syncUntilQuiet, type Fault } from './sim-device'

export interface UnitsChaosOptions {
  steps?: number
  faultRate?: number
  instances?: 1 | 2
  trace?: (line: string) => void
}

export interface UnitsChaosReport {
  seed: number
  violations: string[]
  stats: {
    mutations: number
    unitRecords: number
    refused: number
    memberships: number
    faults: number
    steps: number
    stepsRefused: number
  }
}

const PASSWORD = 'chaos units password 1'
type Name = 'secretary' | 'memberB' | 'memberC' | 'outsider' | 'reviewer'
const NAMES: readonly Name[] = ['secretary', 'memberB', 'memberC', 'outsider', 'reviewer']
/** The day the packets are judged on: only their states are compared, not their timeliness. */
const TODAY = '2026-12-10'

/** A row of the server's records table, as the checks at quiet read it. */
type ServerRow = Selectable<RecordsTable>

/** A packet or plan step as the run made it, to find it again at the end. */
interface StepMade {
  phone: number
  author: Name
  /** The run's step at which the button was pressed. */
  at: number
  kind: FieldsOf['reviewEvents']['kind']
  sessionId: string
  answers: string
  comment: string
}

export async function runUnitsChaos(seed: number, options: UnitsChaosOptions = {}): Promise<UnitsChaosReport> {
  const rng = mulberry32(seed)
  const stepCount = options.steps ?? 70
  const faultRate = options.faultRate ?? 0.2
  const trace = (line: string) => options.trace?.(line)
  const server = await createTestServer({})
  const servers = options.instances === 2 ? [server, await server.secondInstance()] : [server]
  const admin = await setUpAdmin(server)
  const ids = {} as Record<Name, string>
  for (const name of NAMES) ids[name] = (await addAccount(server, admin.token, `cu${name}`, PASSWORD)).account.id
  const unitOf = async (name: string, kind: string, parentId?: string) =>
    (
      (await call(server, 'POST', '/api/admin/units', { name, kind, parentId }, admin.token)).body as {
        unit: UnitInfo
      }
    ).unit.id
  const above = await unitOf('局党委', 'partyCommittee')
  const unit = await unitOf('中心组', 'centerGroup', above)
  const elsewhere = await unitOf('另一支部', 'branch')
  const setMember = async (who: Name, unitId: string, body: object) => {
    const answer = await call(server, 'PUT', `/api/admin/units/${unitId}/members/${ids[who]}`, body, admin.token)
    if (answer.status !== 200) throw new Error(`membership change failed: ${JSON.stringify(answer.body)}`)
    stats.memberships++
  }
  const setReviewer = async (isReviewer: boolean) => {
    const path = `/api/admin/units/${above}/reviewers/${ids.reviewer}`
    const answer = await call(server, isReviewer ? 'PUT' : 'DELETE', path, undefined, admin.token)
    if (answer.status !== 204) throw new Error(`reviewer change failed: ${JSON.stringify(answer.body)}`)
    stats.memberships++
  }
  const stats = { mutations: 0, unitRecords: 0, refused: 0, memberships: 0, faults: 0, steps: 0, stepsRefused: 0 }
  let faultsOn = false
  const faultOf = (random: () => number) => (): Fault => {
    if (!faultsOn || random() >= faultRate) return 'none'
    stats.faults++
    return pick(random, ['dropRequest', 'dropResponse', 'serverError'] as const)
  }
  await setMember('secretary', unit, { role: 'secretary' })
  await setMember('memberB', unit, {})
  await setMember('memberC', unit, {})
  await setMember('outsider', elsewhere, {})
  await setReviewer(true)

  const phones: { name: Name; device: SimDevice }[] = []
  for (const name of NAMES) {
    const count = name === 'outsider' ? 1 : 1 + Math.floor(rng() * 2)
    for (let i = 0; i < count; i++) {
      const device = new SimDevice(servers[phones.length % servers.length]!, {
        fault: faultOf(mulberry32(seed * 97 + phones.length + 1)),
        pullLimit: 6,
        pushBatch: 4,
      })
      await device.signIn(`cu${name}`, PASSWORD)
      device.isOnline = rng() < 0.6
      phones.push({ name, device })
    }
  }
  faultsOn = true

  const written = new Map<string, { table: RecordTable; id: string; field: string; phone: number }>()
  const replaced = new Set<string>()
  const steps = new Map<string, StepMade>()
  /** Sessions someone tried to delete: a submission for one may be refused. */
  const deletedEver = new Set<string>()
  /** receivedAt as first seen, on the server or on any phone: it may never change. */
  const received = new Map<string, string>()
  /** Per account, the last run step at which it could not act for the unit (record, or review from above). */
  const unableAt = new Map<Name, number>()
  const ables = async (at: number) => {
    const able = await ablesOf(server, ids, unit, above)
    for (const name of NAMES) if (!able.has(name)) unableAt.set(name, at)
    return able
  }
  let able = await ables(-1)
  let counter = 0
  const token = () => `单${++counter}`
  const violations: string[] = []
  try {
    for (let step = 0; step < stepCount; step++) {
      const phoneIndex = Math.floor(rng() * phones.length)
      const { name, device } = phones[phoneIndex]!
      const roll = rng()
      // A step pressed by someone who cannot act for the unit now may be refused: the run notes it as it notes changes.
      if (!able.has(name)) unableAt.set(name, step)
      // The app offers 报送 and 通过 only to whom its copy of the organization says may act; that copy can be behind.
      const mayPress = able.has(name) || rng() < 0.15
      if (name === 'reviewer' && roll < 0.7) {
        if (!mayPress) continue
        // A reviewer records nothing of the unit: returns or accepts what reached the phone.
        const decided = await decideStep(device, unit, rng, token)
        if (decided) {
          steps.set(decided.id, { ...decided, phone: phoneIndex, author: name, at: step })
          trace(
            `${step}: ${name}#${phoneIndex} ${decided.kind} ${decided.id.slice(-6)} on ${decided.answers.slice(-6)}`,
          )
        }
      } else if (roll < 0.12) {
        const fields = studySession({ kind: 'centerGroup', topic: token(), place: token() })
        const saved = await device.repository.save('studySessions', fields, { unitId: unit })
        written.set(fields.topic, { table: 'studySessions', id: saved.id, field: 'topic', phone: phoneIndex })
        trace(`${step}: ${name}#${phoneIndex} records unit session ${saved.id.slice(-4)}`)
      } else if (roll < 0.2) {
        const fields = readingNote({ reflection: token() })
        const saved = await device.repository.save('readingNotes', fields)
        written.set(fields.reflection, { table: 'readingNotes', id: saved.id, field: 'reflection', phone: phoneIndex })
        if (rng() < 0.6) await device.repository.share('readingNotes', saved.id, [unit])
      } else if (roll < 0.5) {
        const table: RecordTable = rng() < 0.6 ? 'studySessions' : 'readingNotes'
        const rows = (await device.db.records(table).toArray()).filter((r) => r.deletedAt === null)
        if (rows.length === 0) continue
        const record = pick(rng, rows)
        const field = table === 'studySessions' ? pick(rng, ['topic', 'summary', 'host'] as const) : 'reflection'
        const value = token()
        replaced.add(String((record as unknown as Record<string, unknown>)[field]))
        written.set(value, { table, id: record.id, field, phone: phoneIndex })
        await device.repository.save(
          table,
          { ...fieldsOf(table, record as never), [field]: value } as FieldsOf[typeof table],
          { id: record.id },
        )
      } else if (roll < 0.55) {
        const rows = await device.db.studySessions.toArray()
        if (rows.length > 0) {
          const record = pick(rng, rows)
          if (record.deletedAt === null) deletedEver.add(record.id)
          trace(
            `${step}: ${name}#${phoneIndex} ${record.deletedAt === null ? 'deletes' : 'restores'} ${record.id.slice(-4)}`,
          )
          await (record.deletedAt === null
            ? device.repository.remove('studySessions', record.id)
            : device.repository.restore('studySessions', record.id))
        }
      } else if (roll < 0.7) {
        if (!mayPress) continue
        const made = await sendStep(device, unit, rng, token)
        steps.set(made.id, { ...made, phone: phoneIndex, author: name, at: step })
        trace(`${step}: ${name}#${phoneIndex} sends ${made.id.slice(-6)} for ${made.sessionId.slice(-4) || 'a plan'}`)
      } else if (roll < 0.83) {
        await device.sync()
        trace(`${step}: ${name}#${phoneIndex} syncs${device.isOnline ? '' : ' (offline)'}`)
        violations.push(...(await noteReceived(server, device, received, `${name}#${phoneIndex}`)))
      } else if (roll < 0.9) {
        device.isOnline = !device.isOnline
      } else if (roll < 0.97) {
        const change = Math.floor(rng() * 6)
        if (change === 5) await setReviewer(!able.has('reviewer'))
        else if (change === 0) await setMember('memberB', unit, { canRecord: rng() < 0.5 })
        else if (change === 1) await removeOrAdd(server, admin.token, unit, ids.memberC, setMember, 'memberC')
        else if (change === 2) await setMember('secretary', unit, { role: rng() < 0.5 ? 'member' : 'secretary' })
        else if (change === 3) await removeOrAdd(server, admin.token, unit, ids.outsider, setMember, 'outsider')
        else await setMember('memberC', unit, { canRecord: rng() < 0.5 })
        able = await ables(step)
        trace(`${step}: organization change ${change}: able ${[...able].join(',')}`)
      } else {
        await pick(rng, servers).restart()
      }
    }

    faultsOn = false
    for (const { device } of phones) device.isOnline = true
    await syncUntilQuiet(
      phones.map((p) => p.device),
      25,
    )
    // The server's records as they stand at quiet, read once for every check below.
    const serverRows = await server.storage.db.selectFrom('records').selectAll().execute()
    violations.push(...(await check(server, serverRows, phones, ids, unit, written, replaced)))
    for (const [i, { name, device }] of phones.entries())
      violations.push(...(await noteReceived(server, device, received, `${name}#${i}`)))
    violations.push(...(await checkSteps(serverRows, phones, steps, { able, unableAt, deletedEver })))
    violations.push(...(await checkPackets(serverRows, phones)))
    stats.steps = steps.size
    stats.mutations = (await server.storage.db.selectFrom('mutations').select('seq').execute()).length
    stats.unitRecords = (
      await server.storage.db.selectFrom('records').select('id').where('unit_id', '=', unit).execute()
    ).length
    for (const { device } of phones) {
      stats.refused += await device.db.outbox.where('refusedAt').above('').count()
      stats.stepsRefused += (await device.db.outbox.where('refusedAt').above('').toArray()).filter(
        (e) => e.table === 'reviewEvents',
      ).length
    }
    return { seed, violations, stats }
  } finally {
    for (const { device } of phones) await device.close()
    await server.close()
  }
}

/** Who can act for the unit now, by the server's tables: record it (and so submit), or review it from above. */
async function ablesOf(server: TestServer, ids: Record<Name, string>, unit: string, above: string): Promise<Set<Name>> {
  const { db } = server.storage
  const members = await db.selectFrom('memberships').selectAll().where('unit_id', '=', unit).execute()
  const reviewers = await db.selectFrom('unit_reviewers').select('account_id').where('unit_id', '=', above).execute()
  const able = new Set<Name>()
  for (const name of NAMES) {
    const membership = members.find((m) => m.account_id === ids[name])
    if (membership && (membership.role === 'secretary' || membership.can_record === 1)) able.add(name)
    if (reviewers.some((r) => r.account_id === ids[name])) able.add(name)
  }
  return able
}

/** 报送 for a unit session the phone holds, or now and then a plan for a quarter or the year. */
async function sendStep(
  device: SimDevice,
  unit: string,
  rng: () => number,
  token: () => string,
): Promise<Omit<StepMade, 'phone' | 'author' | 'at'> & { id: string }> {
  if (rng() < 0.2) {
    const quarter = rng() < 0.5 ? null : 1 + Math.floor(rng() * 4)
    const month = `2026-${String(quarter === null ? 1 + Math.floor(rng() * 12) : quarter * 3 - 2).padStart(2, '0')}`
    const made = await device.repository.addPlanStep({
      kind: 'submitted',
      unitId: unit,
      plan: { year: 2026, quarter, sessions: [{ month, topic: token() }] },
      authorName: '书记',
    })
    return { id: made.id, kind: 'submitted', sessionId: '', answers: '', comment: '' }
  }
  // As the app: no 报送 for a session whose own save the server refused (PacketStepsCard says why instead).
  const sessions = (await device.db.studySessions.toArray()).filter(
    (r) => r.unitId === unit && r.deletedAt === null && r.syncState !== 'refused',
  )
  if (sessions.length === 0) return sendStep(device, unit, () => 0, token)
  const session = pick(rng, sessions)
  const made = await device.repository.addPacketStep({ kind: 'submitted', session, authorName: '书记' })
  return { id: made.id, kind: 'submitted', sessionId: session.id, answers: '', comment: '' }
}

/** 通过 or 退回整改 (with a comment) on a submission the phone holds, of a packet or a plan. */
async function decideStep(
  device: SimDevice,
  unit: string,
  rng: () => number,
  token: () => string,
): Promise<(Omit<StepMade, 'phone' | 'author' | 'at'> & { id: string }) | null> {
  const submissions = (await device.db.reviewEvents.toArray()).filter((e) => e.kind === 'submitted')
  if (submissions.length === 0) return null
  const submission = pick(rng, submissions)
  const kind = rng() < 0.5 ? 'returned' : 'accepted'
  const comment = kind === 'returned' ? token() : ''
  if (submission.sessionId === '') {
    const made = await device.repository.addPlanStep({
      kind,
      unitId: unit,
      answers: submission.id,
      comment,
      authorName: '审核人',
    })
    return { id: made.id, kind, sessionId: '', answers: submission.id, comment }
  }
  const session = await device.db.studySessions.get(submission.sessionId)
  if (!session) return null
  const made = await device.repository.addPacketStep({
    kind,
    session,
    answers: submission.id,
    comment,
    authorName: '审核人',
  })
  return { id: made.id, kind, sessionId: session.id, answers: submission.id, comment }
}

/** Notes each step's receivedAt on the server and on the phone; a value different from the first one seen is a violation. */
async function noteReceived(
  server: TestServer,
  device: SimDevice,
  received: Map<string, string>,
  phone: string,
): Promise<string[]> {
  const violations: string[] = []
  const note = (id: string, value: string, where: string) => {
    if (value === '') return
    const first = received.get(id)
    if (first === undefined) received.set(id, value)
    else if (first !== value) violations.push(`step ${id.slice(-6)} was received at ${first}, now ${value} on ${where}`)
  }
  const rows = await server.storage.db
    .selectFrom('records')
    .select(['id', 'data'])
    .where('tbl', '=', 'reviewEvents')
    .execute()
  for (const row of rows) note(row.id, (JSON.parse(row.data) as FieldsOf['reviewEvents']).receivedAt, 'the server')
  for (const row of await device.db.reviewEvents.toArray()) note(row.id, row.receivedAt, phone)
  return violations
}

/** Invariant 4: every step made is on the server as made, or kept refused on its phone for a reason the run shows. */
async function checkSteps(
  rows: readonly ServerRow[],
  phones: readonly { name: Name; device: SimDevice }[],
  steps: Map<string, StepMade>,
  run: { able: Set<Name>; unableAt: Map<Name, number>; deletedEver: Set<string> },
): Promise<string[]> {
  const violations: string[] = []
  const onServer = new Map(rows.map((row) => [row.id, row]))
  for (const [id, step] of steps) {
    const row = onServer.get(id)
    if (row) {
      const fields = JSON.parse(row.data) as FieldsOf['reviewEvents']
      const made = { kind: step.kind, sessionId: step.sessionId, answers: step.answers, comment: step.comment }
      const held = { kind: fields.kind, sessionId: fields.sessionId, answers: fields.answers, comment: fields.comment }
      if (!sameValue(made, held)) violations.push(`step ${id.slice(-6)} is on the server, changed`)
      if (fields.receivedAt === '') violations.push(`step ${id.slice(-6)} is on the server with no receivedAt`)
      continue
    }
    const entries = await phones[step.phone]!.device.db.outbox.where('[table+recordId]')
      .equals(['reviewEvents', id])
      .toArray()
    const refusal = entries.find((e) => e.refusedAt)
    if (!refusal) {
      violations.push(`the ${step.kind} step ${id.slice(-6)} by ${step.author} was lost`)
      continue
    }
    const authorCouldNotAct = (run.unableAt.get(step.author) ?? -2) >= step.at
    const partMissing =
      step.kind === 'submitted'
        ? step.sessionId !== '' &&
          (!onServer.has(step.sessionId) ||
            onServer.get(step.sessionId)!.deleted_at !== null ||
            run.deletedEver.has(step.sessionId))
        : !onServer.has(step.answers)
    if (!authorCouldNotAct && !partMissing)
      violations.push(
        `the ${step.kind} step ${id.slice(-6)} by ${step.author} at ${step.at}, who could act throughout, was refused: ${refusal.refusal?.message ?? ''} (session ${step.sessionId.slice(-6)}: on the server ${onServer.get(step.sessionId)?.created_at ?? 'no'}; refused at ${refusal.refusedAt})`,
      )
  }
  return violations
}

/** Invariant 5, the packet read: a phone with nothing unsent about a session reads the server's packet of it. */
async function checkPackets(
  rows: readonly ServerRow[],
  phones: readonly { name: Name; device: SimDevice }[],
): Promise<string[]> {
  const violations: string[] = []
  const eventOf = (id: string, f: FieldsOf['reviewEvents'], authorId: string): ReviewEvent => ({
    id,
    sessionId: f.sessionId,
    kind: f.kind,
    answers: f.answers,
    receivedAt: f.receivedAt,
    deviceAt: f.deviceAt,
    authorId,
    authorName: f.authorName,
    comment: f.comment,
  })
  const serverEvents = rows
    .filter((r) => r.tbl === 'reviewEvents')
    .map((r) => eventOf(r.id, JSON.parse(r.data) as FieldsOf['reviewEvents'], ''))
  const stateOf = (review: ReturnType<typeof packetReviewOf>) =>
    JSON.stringify({ state: review.state, history: review.history.map((h) => [h.id, h.isSuperseded]) })
  for (const [i, { name, device }] of phones.entries()) {
    const unsent = new Set((await device.db.outbox.toArray()).map((e) => e.recordId))
    const events = (await device.db.reviewEvents.toArray()).map((row) => eventOf(row.id, row, ''))
    if (events.some((e) => unsent.has(e.id))) continue
    for (const session of await device.db.studySessions.toArray()) {
      if (!session.unitId || unsent.has(session.id)) continue
      const mine = stateOf(packetReviewOf(session, events, 3, TODAY))
      const theirs = stateOf(packetReviewOf(session, serverEvents, 3, TODAY))
      if (mine !== theirs)
        violations.push(`${name}#${i} reads the packet of ${session.id.slice(-6)} as ${mine}, the server as ${theirs}`)
    }
  }
  return violations
}

/** A member leaves if in, joins again (a plain member) if out. */
async function removeOrAdd(
  server: TestServer,
  adminToken: string,
  unitId: string,
  accountId: string,
  setMember: (who: Name, unitId: string, body: object) => Promise<void>,
  who: Name,
): Promise<void> {
  const isIn =
    (await server.storage.db
      .selectFrom('memberships')
      .select('account_id')
      .where('unit_id', '=', unitId)
      .where('account_id', '=', accountId)
      .executeTakeFirst()) !== undefined
  if (!isIn) return setMember(who, unitId, { role: 'member' })
  const answer = await call(server, 'DELETE', `/api/admin/units/${unitId}/members/${accountId}`, undefined, adminToken)
  if (answer.status !== 204) throw new Error(`removing a member failed: ${JSON.stringify(answer.body)}`)
}

/**
 * The read rule of docs/units.md, written again here from the server's tables: the units one is a member of, and
 * those strictly below the units one reviews (here the tree is two levels deep).
 */
async function readableBy(server: TestServer, rows: readonly ServerRow[], accountId: string): Promise<Set<string>> {
  const { db } = server.storage
  const units = new Set(
    (await db.selectFrom('memberships').select('unit_id').where('account_id', '=', accountId).execute()).map(
      (m) => m.unit_id,
    ),
  )
  const reviewed = (
    await db.selectFrom('unit_reviewers').select('unit_id').where('account_id', '=', accountId).execute()
  ).map((r) => r.unit_id)
  for (const below of await db.selectFrom('units').select(['id', 'parent_id']).execute())
    if (below.parent_id !== null && reviewed.includes(below.parent_id)) units.add(below.id)
  const readable = new Set<string>()
  for (const row of rows) {
    const shared = JSON.parse(row.shared_with) as string[]
    if (row.unit_id !== null ? units.has(row.unit_id) : row.scope === accountId || shared.some((u) => units.has(u)))
      readable.add(row.id)
  }
  return readable
}

async function check(
  server: TestServer,
  rows: readonly ServerRow[],
  phones: readonly { name: Name; device: SimDevice }[],
  ids: Record<Name, string>,
  unit: string,
  written: Map<string, { table: RecordTable; id: string; field: string; phone: number }>,
  replaced: Set<string>,
): Promise<string[]> {
  const violations: string[] = []
  const onServer = new Map(rows.map((row) => [row.id, recordOfRow(row)]))
  const outsiderIsIn =
    (await server.storage.db
      .selectFrom('memberships')
      .select('account_id')
      .where('unit_id', '=', unit)
      .where('account_id', '=', ids.outsider)
      .executeTakeFirst()) !== undefined
  const held = new Map<Name, string>()
  for (const [i, { name, device }] of phones.entries()) {
    const readable = await readableBy(server, rows, ids[name])
    const mine = new Map<string, { table: SyncedTable; row: Record<string, unknown> }>()
    for (const table of ['studySessions', 'readingNotes', 'reviewEvents'] as const)
      for (const row of await device.db.records(table).toArray())
        mine.set(row.id, { table, row: row as unknown as Record<string, unknown> })
    const unsent = new Set((await device.db.outbox.toArray()).map((e) => e.recordId))
    const refused = new Set((await device.db.outbox.where('refusedAt').above('').toArray()).map((e) => e.recordId))
    for (const id of readable)
      if (!mine.has(id)) violations.push(`${name}#${i} lacks ${id.slice(-6)}, which it may read`)
    for (const [id, { table, row }] of mine) {
      if (!readable.has(id)) {
        if (!refused.has(id))
          violations.push(
            `${name}#${i} holds ${id.slice(-6)}, which it may not read, with no refused change to keep it for`,
          )
        continue
      }
      if (unsent.has(id)) {
        if (!refused.has(id))
          violations.push(`${name}#${i} still has unsent changes of ${id.slice(-6)} that were not refused`)
        continue
      }
      const server = onServer.get(id)!
      // Ownership too: a unit's record the server filed as someone's own would read the same and be the wrong record.
      const local = {
        fields: fieldsOf(table, row as never),
        deletedAt: row.deletedAt,
        rev: row.rev,
        conflicts: row.conflicts,
        unitId: row.unitId ?? null,
        sharedWith: [...((row.sharedWith as string[] | undefined) ?? [])].sort(),
      }
      const remote = {
        fields: server.fields,
        deletedAt: server.deletedAt,
        rev: server.rev,
        conflicts: server.conflicts,
        unitId: server.unitId,
        sharedWith: [...server.sharedWith].sort(),
      }
      if (!sameValue(JSON.parse(JSON.stringify(local)), JSON.parse(JSON.stringify(remote))))
        violations.push(`${name}#${i} differs from the server on ${id.slice(-6)}`)
    }
    if (name === 'outsider' && !outsiderIsIn) {
      for (const [id] of mine)
        if (onServer.get(id)?.unitId === unit && !refused.has(id))
          violations.push(`the outsider holds the unit's record ${id.slice(-6)}`)
    }
    // With every readable record equal to the server's (above, where nothing waits to be sent), this is what is left to say.
    const fingerprint = JSON.stringify([...mine.keys()].filter((id) => readable.has(id)).sort())
    if (held.has(name) && held.get(name) !== fingerprint)
      violations.push(`${name}'s phones hold different records: ${held.get(name)} vs ${fingerprint}`)
    held.set(name, fingerprint)
  }
  for (const [value, { table, id, field, phone }] of written) {
    if (replaced.has(value)) continue
    const record = onServer.get(id)
    const isOnServer =
      record !== undefined &&
      (record.fields[field] === value || record.conflicts.some((c) => c.field === field && c.value === value))
    if (isOnServer) continue
    const device = phones[phone]!.device
    // Still on the phone: a refused change, or one held back behind its record's refused change (all that is left at quiet).
    const kept = (await device.db.outbox.toArray()).some(
      (e) => e.table === table && e.recordId === id && e.changes[field] === value,
    )
    if (!kept) violations.push(`the value ${value} written to ${table}.${field} of ${id.slice(-6)} was lost`)
  }
  return violations
}

/**
 * The randomized convergence test with units (docs/units.md): three accounts in one unit (a secretary and two
 * members) and one outsider in another, with phones each, record, edit, delete, share and sync, mostly offline, while
 * the network fails as in chaos-scenario.ts and the administrator changes the organization mid-run (a member allowed
 * to record or not, a member removed and added again, the secretary demoted and named again, the outsider joining
 * for a while). Then the faults stop and everyone syncs until nothing moves. What must hold:
 *
 * 1. Every phone holds exactly what its account may read by the rules (evaluated here from the server's tables,
 *    independently of the server's views), as the server holds it, the same on all of an account's phones; beyond
 *    that only records whose unsent changes the server refused (kept, with the reason).
 * 2. The outsider holds nothing of the unit unless it is in it at the end.
 * 3. No value written is lost: it is on the server (as the value or a kept conflict copy), or held on the phone that
 *    wrote it as a refused change, unless someone who had it on screen replaced it.
 */
import { sameValue } from '../../../src/shared/changes'
import { fieldsOf, type FieldsOf, type RecordTable } from '../../../src/shared/records'
import type { UnitInfo } from '../../../src/shared/units'
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
  stats: { mutations: number; unitRecords: number; refused: number; memberships: number; faults: number }
}

const PASSWORD = 'chaos units password 1'
type Name = 'secretary' | 'memberB' | 'memberC' | 'outsider'
const NAMES: readonly Name[] = ['secretary', 'memberB', 'memberC', 'outsider']

export async function runUnitsChaos(seed: number, options: UnitsChaosOptions = {}): Promise<UnitsChaosReport> {
  const rng = mulberry32(seed)
  const steps = options.steps ?? 70
  const faultRate = options.faultRate ?? 0.2
  const trace = (line: string) => options.trace?.(line)
  const server = await createTestServer({})
  const servers = options.instances === 2 ? [server, await server.secondInstance()] : [server]
  const admin = await setUpAdmin(server)
  const ids = {} as Record<Name, string>
  for (const name of NAMES) ids[name] = (await addAccount(server, admin.token, `cu${name}`, PASSWORD)).account.id
  const unitOf = async (name: string) =>
    (
      (await call(server, 'POST', '/api/admin/units', { name, kind: 'centerGroup' }, admin.token)).body as {
        unit: UnitInfo
      }
    ).unit.id
  const unit = await unitOf('中心组')
  const elsewhere = await unitOf('另一支部')
  const setMember = async (who: Name, unitId: string, body: object) => {
    const answer = await call(server, 'PUT', `/api/admin/units/${unitId}/members/${ids[who]}`, body, admin.token)
    if (answer.status !== 200) throw new Error(`membership change failed: ${JSON.stringify(answer.body)}`)
    stats.memberships++
  }
  const stats = { mutations: 0, unitRecords: 0, refused: 0, memberships: 0, faults: 0 }
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
  let counter = 0
  const token = () => `单${++counter}`
  const violations: string[] = []
  try {
    for (let step = 0; step < steps; step++) {
      const phoneIndex = Math.floor(rng() * phones.length)
      const { name, device } = phones[phoneIndex]!
      const roll = rng()
      if (roll < 0.12) {
        const fields = studySession({ kind: 'centerGroup', topic: token(), place: token() })
        const saved = await device.repository.save('studySessions', fields, { unitId: unit })
        written.set(fields.topic, { table: 'studySessions', id: saved.id, field: 'topic', phone: phoneIndex })
        trace(`${name}#${phoneIndex} records unit session ${saved.id.slice(-4)}`)
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
          await (record.deletedAt === null
            ? device.repository.remove('studySessions', record.id)
            : device.repository.restore('studySessions', record.id))
        }
      } else if (roll < 0.83) {
        await device.sync()
      } else if (roll < 0.9) {
        device.isOnline = !device.isOnline
      } else if (roll < 0.97) {
        const change = Math.floor(rng() * 5)
        if (change === 0) await setMember('memberB', unit, { canRecord: rng() < 0.5 })
        else if (change === 1) await removeOrAdd(server, admin.token, unit, ids.memberC, setMember, 'memberC')
        else if (change === 2) await setMember('secretary', unit, { role: rng() < 0.5 ? 'member' : 'secretary' })
        else if (change === 3) await removeOrAdd(server, admin.token, unit, ids.outsider, setMember, 'outsider')
        else await setMember('memberC', unit, { canRecord: rng() < 0.5 })
        trace(`organization change ${change}`)
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
    violations.push(...(await check(server, phones, ids, unit, written, replaced)))
    stats.mutations = (await server.storage.db.selectFrom('mutations').select('seq').execute()).length
    stats.unitRecords = (
      await server.storage.db.selectFrom('records').select('id').where('unit_id', '=', unit).execute()
    ).length
    for (const { device } of phones) stats.refused += await device.db.outbox.where('refusedAt').above('').count()
    return { seed, violations, stats }
  } finally {
    for (const { device } of phones) await device.close()
    await server.close()
  }
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

/** The read rule of docs/units.md, written again here from the server's tables (one unit level: no reviewers in this test). */
async function readableBy(server: TestServer, accountId: string): Promise<Set<string>> {
  const { db } = server.storage
  const units = new Set(
    (await db.selectFrom('memberships').select('unit_id').where('account_id', '=', accountId).execute()).map(
      (m) => m.unit_id,
    ),
  )
  const rows = await db.selectFrom('records').select(['id', 'scope', 'unit_id', 'shared_with']).execute()
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
  phones: readonly { name: Name; device: SimDevice }[],
  ids: Record<Name, string>,
  unit: string,
  written: Map<string, { table: RecordTable; id: string; field: string; phone: number }>,
  replaced: Set<string>,
): Promise<string[]> {
  const violations: string[] = []
  const rows = await server.storage.db.selectFrom('records').selectAll().execute()
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
    const readable = await readableBy(server, ids[name])
    const mine = new Map<string, { table: RecordTable; row: Record<string, unknown> }>()
    for (const table of ['studySessions', 'readingNotes'] as const)
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
      const local = {
        fields: fieldsOf(table, row as never),
        deletedAt: row.deletedAt,
        rev: row.rev,
        conflicts: row.conflicts,
      }
      const remote = {
        fields: server.fields,
        deletedAt: server.deletedAt,
        rev: server.rev,
        conflicts: server.conflicts,
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

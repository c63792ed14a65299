/**
 * The randomized convergence test. Several phones of one account make random creates, edits, deletes, restores
 * and conflict resolutions, mostly offline, while the network drops requests, drops answers after the server
 * committed, answers 500, and the server restarts on the same data file. Some records have photos, and the server
 * process is killed inside their uploads (chaos-photos.ts) and started again. In some runs the server's database and
 * photo folder are backed up at one step and restored from that backup at a later one (with `sync:new-timeline`,
 * as the deployment guide says), losing everything in between. Then the faults stop and everyone syncs until
 * nothing moves. What must hold:
 *
 * 1. Every phone holds exactly the records the server holds (fields, deletion, revision, conflicts).
 * 2. No write is lost: every value any phone wrote is still on the record (as its value or as a kept conflict
 *    copy), unless a phone that had it on screen replaced it (an edit over it, or a conflict settled against it).
 * 3. Every photo of every record is on the server, whole, as the account's, and no phone gave up on one.
 * 4. No mutation is applied twice, and none is lost: the server logged each (device, seq) once, and exactly as
 *    many as the phones made (after a restore, the log lost the part after the backup: no more than they made).
 *
 * Every value written is a unique token, so "was it lost?" has a yes-or-no answer. Control flow depends only on
 * the seed; a failing seed replays the same story.
 */
import { sameValue } from '../../../src/shared/changes'
import { fieldsOf, type FieldsOf } from '../../../src/shared/records'
import { recordOfRow } from '../../../src/server/sync/record-rows'
import { renewTimeline } from '../../../src/server/sync/timeline'
import { FileBlobStore } from '../../../src/server/blobs/file-blob-store'
import { createLogger } from '../../../src/server/logger'
import type { PhotoRef } from '../../../src/shared/fields'
import { join } from 'node:path'
import { KillableBlobStore, photoViolations, startAgain, type KillSwitch } from './chaos-photos'
import { takePhoto } from './sim-photos'
import { mulberry32, pick, type Random } from '../../fixtures/random'
import { addAccount, createTestServer, setUpAdmin, type TestServer } from '../../server/harness'
import { studySession } from '../db/support'
import { SimDevice, syncUntilQuiet, type Fault } from './sim-device'

export interface ChaosOptions {
  devices?: number
  steps?: number
  /** Chance that a request fails while faults are on. */
  faultRate?: number
  /** Server instances on one database (2 needs PostgreSQL): phones are spread across them, restarts hit one. */
  instances?: 1 | 2
  /** Back the database up at one step and restore it at a later one. @default decided by the seed (2 runs in 5) */
  restore?: boolean
  /** Photos with some records, and kills of the server inside their uploads. @default true */
  photos?: boolean
  trace?: (line: string) => void
}

export interface ChaosReport {
  seed: number
  violations: string[]
  stats: {
    mutations: number
    records: number
    conflicts: number
    restarts: number
    faults: number
    restores: number
    photos: number
    kills: number
  }
}

const EDITABLE = ['topic', 'place', 'host', 'summary'] as const
type Editable = (typeof EDITABLE)[number]

export async function runChaos(seed: number, options: ChaosOptions = {}): Promise<ChaosReport> {
  const rng = mulberry32(seed)
  const deviceCount = options.devices ?? 2 + Math.floor(rng() * 3)
  const steps = options.steps ?? 60
  const isRestoring = options.restore ?? rng() < 0.4
  const backupStep = Math.floor(rng() * steps * 0.5)
  const restoreStep = backupStep + 1 + Math.floor(rng() * (steps - backupStep - 1))
  const faultRate = options.faultRate ?? 0.25
  const hasPhotos = options.photos ?? true
  const killRng = mulberry32(seed * 7919 + 3)
  const killSwitch: KillSwitch = { shouldKill: () => faultsOn && killRng() < 0.08, isDead: false, kills: 0 }
  // The simulated kills show up as failed requests in the server's log: those lines are expected, any other is not.
  const log = createLogger('error', (line) => line.includes('KilledError') || process.stdout.write(`${line}\n`))
  const server = await createTestServer({ wrapBlobs: (store) => new KillableBlobStore(store, killSwitch), log })
  const freshStore = () => new FileBlobStore(join(server.dataDir, 'blobs'))
  const servers = options.instances === 2 ? [server, await server.secondInstance()] : [server]
  const admin = await setUpAdmin(server)
  await addAccount(server, admin.token, 'chaos', 'chaos password 1')
  let faultsOn = false
  const stats = { mutations: 0, records: 0, conflicts: 0, restarts: 0, faults: 0, restores: 0, photos: 0, kills: 0 }
  const faultOf = (random: Random) => (): Fault => {
    if (!faultsOn || random() >= faultRate) return 'none'
    stats.faults++
    return pick(random, ['dropRequest', 'dropResponse', 'serverError'] as const)
  }
  const devices: SimDevice[] = []
  for (let i = 0; i < deviceCount; i++) {
    const device = new SimDevice(servers[i % servers.length]!, {
      fault: faultOf(mulberry32(seed * 31 + i + 1)),
      pullLimit: 7,
      pushBatch: 5,
      photoBudgetMs: hasPhotos ? 60_000 : undefined,
      isServerDown: () => killSwitch.isDead,
      onExchange: options.trace
        ? (path, request, response, fault) => {
            if (path !== '/api/sync/push') return
            const mutations = (
              request as {
                mutations: {
                  recordId: string
                  seq: number
                  op: string
                  changes: Record<string, unknown>
                  baseRev: number | null
                }[]
              }
            ).mutations
            const results =
              (
                response as {
                  results?: { seq: number; status: string; rev: number | null; conflictFields?: string[] }[]
                }
              ).results ?? []
            for (const m of mutations) {
              const r = results.find((x) => x.seq === m.seq)
              options.trace?.(
                `   push d${i} ${m.recordId.slice(-4)} seq ${m.seq} ${m.op} ${JSON.stringify(Object.fromEntries(Object.entries(m.changes).filter(([k]) => ['summary', 'deletedAt', 'topic', 'host', 'place'].includes(k))))} base ${m.baseRev} -> ${r ? `${r.status} rev ${r.rev} ${r.conflictFields?.join(',') ?? ''}` : 'none'} ${fault}`,
              )
            }
          }
        : undefined,
    })
    await device.signIn('chaos', 'chaos password 1')
    device.isOnline = rng() < 0.5
    devices.push(device)
  }
  faultsOn = true

  const ids: string[] = []
  const written = new Map<string, { id: string; field: Editable }>()
  const replaced = new Set<string>()
  let counter = 0
  const token = () => `值${++counter}`

  /** Most edits go to a few records and one field, so phones often edit the same ones while apart. */
  async function edit(device: SimDevice): Promise<void> {
    const record = await device.get('studySessions', rng() < 0.6 ? pick(rng, ids.slice(0, 3)) : pick(rng, ids))
    if (!record) return
    const field = rng() < 0.5 ? 'summary' : pick(rng, EDITABLE)
    const value = token()
    replaced.add(String(record[field]))
    written.set(value, { id: record.id, field })
    trace(
      `d${devices.indexOf(device)} edit ${record.id.slice(-4)}.${field}: ${String(record[field])} -> ${value} (rev ${record.rev}, conflicts ${JSON.stringify(record.conflicts.map((c) => [c.field, c.value]))})`,
    )
    await device.repository.save(
      'studySessions',
      { ...fieldsOf('studySessions', record), [field]: value } as FieldsOf['studySessions'],
      { id: record.id },
    )
  }

  const trace = (line: string) => options.trace?.(line)
  const violations: string[] = []
  try {
    let restoreBackup: (() => Promise<void>) | null = null
    for (let step = 0; step < steps; step++) {
      if (killSwitch.isDead) {
        trace(`started again after a kill, at step ${step}`)
        await startAgain(servers, killSwitch, freshStore)
      }
      if (isRestoring && step === backupStep) {
        trace(`backup at step ${step}`)
        restoreBackup = await whileOthersStopped(servers, () => server.backup({ withPhotos: true }))
      }
      if (restoreBackup && step === restoreStep) {
        trace(`restore at step ${step}`)
        await whileOthersStopped(servers, restoreBackup)
        await renewTimeline(server.storage.db)
        restoreBackup = null
        stats.restores++
      }
      const device = pick(rng, devices)
      const roll = rng()
      if (roll < 0.15 || ids.length === 0) {
        const photos = hasPhotos && rng() < 0.3 ? [await takePhoto(device, 20_000 + Math.floor(rng() * 680_000))] : []
        stats.photos += photos.length
        const fields = studySession({ topic: token(), place: token(), photos })
        const saved = await device.repository.save('studySessions', fields)
        ids.push(saved.id)
        written.set(fields.topic, { id: saved.id, field: 'topic' })
        written.set(fields.place, { id: saved.id, field: 'place' })
      } else if (roll < 0.5) {
        await edit(device)
      } else if (roll < 0.56) {
        const record = await device.get('studySessions', pick(rng, ids))
        if (record)
          trace(
            `d${devices.indexOf(device)} ${record.deletedAt === null ? 'delete' : 'restore'} ${record.id.slice(-4)}`,
          )
        if (record)
          await (record.deletedAt === null
            ? device.repository.remove('studySessions', record.id)
            : device.repository.restore('studySessions', record.id))
      } else if (roll < 0.64) {
        const withConflicts = (await device.db.studySessions.toArray()).filter((r) => (r.conflicts ?? []).length > 0)
        if (withConflicts.length === 0) continue
        const record = pick(rng, withConflicts)
        const conflict = pick(rng, record.conflicts)
        if (conflict.kind === 'delete') {
          await device.repository.resolveConflicts('studySessions', record.id, [conflict.id], {})
        } else {
          const field = conflict.field as Editable
          const takeTheirs = rng() < 0.5
          replaced.add(takeTheirs ? String(record[field]) : String(conflict.value))
          trace(
            `d${devices.indexOf(device)} resolve ${record.id.slice(-4)}.${field}: current ${String(record[field])} other ${String(conflict.value)} take ${takeTheirs ? 'other' : 'current'}`,
          )
          await device.repository.resolveConflicts(
            'studySessions',
            record.id,
            [conflict.id],
            takeTheirs ? { [field]: conflict.value } : {},
          )
        }
      } else if (roll < 0.9) {
        // Half the time the person keeps editing while the sync runs, as people do: between push and pull.
        if (rng() < 0.5) device.duringNextPull = () => edit(device)
        const outcome = await device.sync()
        trace(
          `d${devices.indexOf(device)} sync ${outcome.kind} ${outcome.kind === 'failed' ? outcome.error.code : ''} online=${device.isOnline}`,
        )
        device.duringNextPull = null
        violations.push(...(await unsentChangesShow(device)))
      } else if (roll < 0.97) {
        device.isOnline = !device.isOnline
      } else {
        await pick(rng, servers).restart()
        stats.restarts++
      }
    }

    faultsOn = false
    if (killSwitch.isDead) await startAgain(servers, killSwitch, freshStore)
    for (const device of devices) device.isOnline = true
    await syncUntilQuiet(devices, 20)
    violations.push(...(await check(server, devices, written, replaced, stats.restores > 0)))
    if (hasPhotos) {
      await movePhotosUntilDone(devices)
      const account = await server.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('name_key', '=', 'chaos')
        .executeTakeFirstOrThrow()
      const live = (
        await server.storage.db
          .selectFrom('records')
          .select(['data', 'deleted_at'])
          .where('scope', '=', account.id)
          .execute()
      ).filter((row) => row.deleted_at === null)
      const photos = live.flatMap((row) => (JSON.parse(row.data) as { photos?: PhotoRef[] }).photos ?? [])
      violations.push(...(await photoViolations(server, account.id, photos, devices)))
    }
    stats.kills = killSwitch.kills
    const rows = await server.storage.db.selectFrom('records').selectAll().execute()
    stats.records = rows.length
    stats.conflicts = rows.reduce((n, row) => n + recordOfRow(row).conflicts.length, 0)
    stats.mutations = (await server.storage.db.selectFrom('mutations').select('seq').execute()).length
    return { seed, violations, stats }
  } finally {
    for (const device of devices) await device.close()
    await server.close()
  }
}

/** After any sync, what a phone shows must include every change it has not yet sent (invariant 5). */
async function unsentChangesShow(device: SimDevice): Promise<string[]> {
  const problems: string[] = []
  const latest = new Map<string, Record<string, unknown>>()
  for (const entry of await device.db.outbox.orderBy('seq').toArray())
    latest.set(entry.recordId, { ...latest.get(entry.recordId), ...entry.changes })
  for (const [id, changes] of latest) {
    const row = await device.db.studySessions.get(id)
    for (const [field, value] of Object.entries(changes)) {
      const shown = (row as unknown as Record<string, unknown> | undefined)?.[field]
      if (!sameValue(shown, value))
        problems.push(
          `after a sync, ${id}.${field} shows ${JSON.stringify(shown)} while ${JSON.stringify(value)} waits to be sent`,
        )
    }
  }
  return problems
}

/** Photos still waiting on a phone go up in later runs (each run has a time budget); a few rounds are plenty. */
async function movePhotosUntilDone(devices: readonly SimDevice[]): Promise<void> {
  for (let round = 0; round < 10; round++) {
    let left = 0
    for (const device of devices) {
      const outcome = await device.sync()
      if (outcome.kind === 'synced') left += outcome.photosLeft ?? 0
      else left++
    }
    if (left === 0) return
  }
}

/** A backup or restore of a PostgreSQL database needs every connection to it closed: the second instance stops too. */
async function whileOthersStopped<T>(servers: readonly TestServer[], work: () => Promise<T>): Promise<T> {
  if (servers.length === 1) return work()
  let result: T | undefined
  await servers[1]!.restart(async () => {
    result = await work()
  })
  return result as T
}

async function check(
  server: TestServer,
  devices: readonly SimDevice[],
  written: Map<string, { id: string; field: Editable }>,
  replaced: Set<string>,
  wasRestored: boolean,
): Promise<string[]> {
  const violations: string[] = []
  const rows = await server.storage.db.selectFrom('records').selectAll().execute()
  const onServer = new Map(
    rows.map((row) => {
      const { fieldRevs: _fieldRevs, ...state } = recordOfRow(row)
      return [row.id, state]
    }),
  )

  for (const [i, device] of devices.entries()) {
    const local = await device.db.studySessions.toArray()
    if (local.length !== onServer.size)
      violations.push(`device ${i} holds ${local.length} records, the server ${onServer.size}`)
    for (const row of local) {
      const server = onServer.get(row.id)
      const mine = {
        fields: fieldsOf('studySessions', row),
        deletedAt: row.deletedAt,
        rev: row.rev,
        conflicts: row.conflicts,
      }
      const theirs = server && {
        fields: server.fields,
        deletedAt: server.deletedAt,
        rev: server.rev,
        conflicts: server.conflicts,
      }
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        violations.push(
          `device ${i} differs from the server on ${row.id}: ${JSON.stringify(mine)} vs ${JSON.stringify(theirs)}`,
        )
      if (row.syncState) violations.push(`device ${i} still marks ${row.id} ${row.syncState}`)
    }
    const left = await device.db.outbox.count()
    if (left > 0) violations.push(`device ${i} still has ${left} unsent changes`)
  }

  for (const [value, { id, field }] of written) {
    if (replaced.has(value)) continue
    const record = onServer.get(id)
    const isKept =
      record !== undefined &&
      (record.fields[field] === value || record.conflicts.some((c) => c.field === field && c.value === value))
    if (!isKept) violations.push(`the value ${value} written to ${field} of ${id} was lost`)
  }

  const logged = await server.storage.db.selectFrom('mutations').select(['device_id', 'seq', 'mutation_id']).execute()
  const made = (
    await Promise.all(
      devices.map(async (d) => {
        const meta = await d.db.meta.get('device')
        return meta?.key === 'device' ? meta.lastSeq : 0
      }),
    )
  ).reduce((a, b) => a + b, 0)
  if (wasRestored ? logged.length > made : logged.length !== made)
    violations.push(`the phones made ${made} mutations, the server applied ${logged.length}`)
  if (new Set(logged.map((m) => m.mutation_id)).size !== logged.length)
    violations.push('a mutation id was applied twice')
  return violations
}

/**
 * Applies one push in one database transaction: all of it or none of it.
 *
 * Idempotency: each device's highest applied sequence number is stored with the effects, in the same
 * transaction. A mutation at or below it is a replay: it changes nothing and gets the result it got the first
 * time (kept in the mutations table), so a client whose answer was lost can simply send the batch again.
 *
 * Ownership and access (docs/units.md): a record belongs to its author's account or to a unit. Which record a
 * mutation means is looked up among those the pushing account may read (its own, and those in its view); what it
 * may do to it is decided here, now, by the rules in units/access-index.ts, whatever the device believed when the
 * change was made. A change it may not make is refused alone (`forbidden`), as is one on a record it cannot see
 * (`not_found`, the same answer as for an id nobody uses).
 *
 * Order: every change takes the next value of its owner's revision counter (the account's, or the unit's), and every
 * account that may read the record gets it at the next position of its view (units/views.ts). Positions must be
 * handed out in commit order: the transaction first locks the view counter, so pushes run one at a time on
 * PostgreSQL too, as SQLite runs them anyway.
 */
import type { Insertable, Kysely, Transaction } from 'kysely'
import { uuidv7 } from '../../shared/ids'
import { COLLECTIVE_STUDY_KINDS, type StudyKind } from '../../shared/records'
import { applyMutation } from '../../shared/sync/merge'
import {
  PROTOCOL_VERSION,
  type Mutation,
  type MutationResult,
  type PushRequest,
  type PushResponse,
  type Refusal,
} from '../../shared/sync/protocol'
import { forWrite } from '../db/lock-for-write'
import type { Database, RecordsTable } from '../db/schema'
import { apiError } from '../http/errors'
import { accessIndexOf, type AccessIndex, type RecordOwner } from '../units/access-index'
import { ViewWriter } from '../units/views'
import { indexRecords } from './record-index'
import { recordOfRow, rowOfRecord, type OwnedRecord } from './record-rows'
import { PacketParts, repeatsStep, reviewEventRefusal } from './review-event-rules'
import { forkRevision, readTimeline } from './timeline'

/** SQLite allows at most 32,766 bound parameters; PostgreSQL 65,535. Lookups by id go in slices well under both. */
const ID_SLICE = 500
/** Rows per multi-row insert: 100 records of 15 columns are 1,500 parameters. */
const ROW_SLICE = 100

/** What a push works on for one record id: the record (null until created) and where it would belong. */
interface Target {
  record: OwnedRecord | null
  isNew: boolean
}

export async function applyPush(
  db: Kysely<Database>,
  accountId: string,
  request: PushRequest,
  options: PushOptions = {},
): Promise<PushOutcome> {
  assertIncreasing(request.mutations)
  let timeline = ''
  let touched = new Map<string, number>()
  const results = await db.transaction().execute(async (trx) => {
    const views = await ViewWriter.open(trx)
    const now = new Date().toISOString()
    const account = await forWrite(
      trx,
      trx.selectFrom('accounts').select('last_rev').where('id', '=', accountId),
    ).executeTakeFirstOrThrow()
    timeline = await readTimeline(trx)
    const device = await deviceOf(trx, accountId, request.deviceId, now)
    const fresh = request.mutations.filter((m) => m.seq > device.last_seq)
    const replayed = await storedResults(
      trx,
      accountId,
      request.deviceId,
      request.mutations.filter((m) => m.seq <= device.last_seq),
    )
    if (fresh.length === 0) return replayed

    const access = await accessIndexOf(trx, options.cacheKey ?? db)
    const targets = await loadTargets(trx, accountId, fresh)
    const packetParts = await PacketParts.load(trx, fresh)
    // Base revisions from a timeline the server was restored away from mean something only up to the fork, per owner.
    const forks = new Map<string, number>()
    const forkOf = async (scope: string) => {
      if (!forks.has(scope)) forks.set(scope, await forkRevision(trx, scope, timeline, request.timeline!))
      return forks.get(scope)!
    }
    const counters = new Map<string, number>([[accountId, Number(account.last_rev)]])
    const changed = new Map<string, { record: OwnedRecord; readersBefore: Set<string> | null; existed: boolean }>()
    const results = new Map(replayed)
    for (const mutation of fresh) {
      const target = targets.get(mutation.recordId)!
      if (mutation.table === 'reviewEvents' && target.record && repeatsStep(mutation, target.record)) {
        results.set(mutation.seq, { id: mutation.id, seq: mutation.seq, status: 'applied', rev: target.record.rev })
        continue
      }
      const refusal =
        mutation.table === 'reviewEvents'
          ? reviewEventRefusal(mutation, target.record !== null, accountId, access, packetParts)
          : refusalOf(mutation, target, accountId, access)
      if (refusal) {
        results.set(mutation.seq, { id: mutation.id, seq: mutation.seq, status: 'refused', rev: null, refusal })
        continue
      }
      const owner: RecordOwner & { scope: string } = target.record ?? newOwner(mutation, accountId)
      if (request.timeline !== undefined && request.timeline !== timeline && mutation.baseRev !== null)
        mutation.baseRev = Math.min(mutation.baseRev, await forkOf(owner.scope))
      const rev = (counters.get(owner.scope) ?? (await unitRevision(trx, owner.scope))) + 1
      const deviceKey = owner.unitId === null ? device.device_no : request.deviceId
      // A packet step's time of arrival is the server's to say (docs/review.md): what a device sent is ignored.
      if (mutation.table === 'reviewEvents') mutation.changes = { ...mutation.changes, receivedAt: now }
      const outcome = applyMutation(target.record, mutation, {
        deviceKey,
        deviceId: request.deviceId,
        nextRev: rev,
        newId: uuidv7,
      })
      if (outcome.changed && outcome.record) {
        counters.set(owner.scope, rev)
        const record: OwnedRecord = {
          ...outcome.record,
          scope: owner.scope,
          unitId: owner.unitId,
          authorId: owner.authorId,
          sharedWith: outcome.record.sharedWith ?? owner.sharedWith,
        }
        const previous = changed.get(record.id)
        changed.set(record.id, {
          record,
          readersBefore: previous ? previous.readersBefore : target.record ? access.readersOf(target.record) : null,
          existed: previous?.existed ?? !target.isNew,
        })
        targets.set(record.id, { record, isNew: false })
        packetParts.noteApplied(record)
      }
      results.set(mutation.seq, outcome.result)
    }

    await writeRecords(trx, [...changed.values()], now)
    for (const { record, readersBefore } of changed.values()) {
      const readers = access.readersOf(record)
      await views.show(record, readers)
      if (readersBefore)
        await views.hide(
          record,
          [...readersBefore].filter((reader) => !readers.has(reader)),
        )
    }
    const logged = fresh.map((m) => ({
      account_id: accountId,
      device_id: request.deviceId,
      seq: m.seq,
      mutation_id: m.id,
      result: JSON.stringify(results.get(m.seq)),
      applied_at: now,
    }))
    for (let i = 0; i < logged.length; i += ROW_SLICE)
      await trx
        .insertInto('mutations')
        .values(logged.slice(i, i + ROW_SLICE))
        .execute()
    await trx
      .updateTable('devices')
      .set({ last_seq: fresh[fresh.length - 1]!.seq, last_seen_at: now })
      .where('account_id', '=', accountId)
      .where('device_id', '=', request.deviceId)
      .execute()
    for (const [scope, rev] of counters) {
      if (scope === accountId) {
        if (rev !== Number(account.last_rev))
          await trx.updateTable('accounts').set({ last_rev: rev }).where('id', '=', accountId).execute()
      } else await trx.updateTable('units').set({ last_rev: rev }).where('id', '=', scope).execute()
    }
    await views.close()
    touched = views.touched
    return results
  })
  return {
    response: { protocol: PROTOCOL_VERSION, results: request.mutations.map((m) => results.get(m.seq)!), timeline },
    views: touched,
  }
}

export interface PushOptions {
  /** What the access index is cached under (one per storage): the database handle by default. */
  cacheKey?: object
}

export interface PushOutcome {
  response: PushResponse
  /** Every account whose view moved, with its last position: whose waiting devices to wake. */
  views: Map<string, number>
}

/** A new record's owner: the unit the create names, or the pushing account. */
function newOwner(m: Mutation, accountId: string): RecordOwner & { scope: string } {
  return m.unitId === undefined
    ? { scope: accountId, unitId: null, authorId: accountId, sharedWith: [] }
    : { scope: m.unitId, unitId: m.unitId, authorId: accountId, sharedWith: [] }
}

/** Why the account may not make this change, if it may not (docs/units.md, "The rules"). */
function refusalOf(m: Mutation, target: Target, accountId: string, access: AccessIndex): Refusal | null {
  const record = target.record
  if (record === null) {
    if (m.unitId === undefined) return null
    if (m.op !== 'create') return null
    if (!access.hasUnit(m.unitId))
      return forbidden('这个党组织不存在或已被删除，无法在其中记录。', 'The unit does not exist')
    if (!access.canRecordIn(accountId, m.unitId))
      return forbidden(
        '你不是这个党组织的书记，也未被允许记录它的学习，无法以组织名义保存。',
        'You may not record for this unit',
      )
    if (
      m.table !== 'studySessions' ||
      !COLLECTIVE_STUDY_KINDS.includes((m.changes as { kind?: StudyKind }).kind as StudyKind)
    ) {
      return {
        code: 'invalid',
        message: '只有集体学习（中心组学习、三会一课、主题党日等）可以记为党组织的记录。',
        messageEn: 'Only collective study sessions can belong to a unit',
        fields: [{ path: 'kind', message: '只有集体学习可以记为党组织的记录' }],
      }
    }
    return null
  }
  // An id this account uses for one of its own records and, in a create, for a unit's: two records, one id.
  if (m.op === 'create' && m.unitId !== undefined && record.unitId !== m.unitId)
    return forbidden(
      '这条记录的编号已被另一条记录使用，请重新保存为新记录。',
      'This record id is already used by another record',
    )
  if (!access.canWrite(accountId, record)) {
    return record.unitId === null
      ? forbidden(
          '这条记录是别人共享给你所在党组织的，只能查看，不能修改。',
          'This record is shared with you to read, not to change',
        )
      : forbidden(
          '你已不是这个党组织的书记，也未被允许记录它的学习，这次修改没有保存到服务器。',
          'You may no longer record for this unit',
        )
  }
  if (m.op === 'share') {
    if (record.unitId !== null)
      return {
        code: 'bad_op',
        message: '党组织的记录不需要共享，它的成员都能看到。',
        messageEn: 'A unit record is not shared',
        fields: [],
      }
    const adding = (m.changes.sharedWith as string[]).filter((unit) => !record.sharedWith.includes(unit))
    const notMine = adding.filter((unit) => !access.unitsOf(accountId).has(unit))
    if (notMine.length > 0)
      return forbidden('只能共享给你所在的党组织。', `You are not a member of ${notMine.join(', ')}`)
  }
  return null
}

function forbidden(message: string, messageEn: string): Refusal {
  return { code: 'forbidden', message, messageEn, fields: [] }
}

async function unitRevision(trx: Transaction<Database>, unitId: string): Promise<number> {
  const row = await trx.selectFrom('units').select('last_rev').where('id', '=', unitId).executeTakeFirst()
  return Number(row?.last_rev ?? 0)
}

/**
 * The records the push names, among those the account may read: its own by id, then the rest through its view.
 * An id it cannot see is simply not there (a create makes its own record; anything else is not_found).
 */
async function loadTargets(
  trx: Transaction<Database>,
  accountId: string,
  mutations: readonly Mutation[],
): Promise<Map<string, Target>> {
  const ids = [...new Set(mutations.map((m) => m.recordId))]
  const targets = new Map<string, Target>()
  for (let i = 0; i < ids.length; i += ID_SLICE) {
    const rows = await trx
      .selectFrom('records')
      .selectAll()
      .where('scope', '=', accountId)
      .where('id', 'in', ids.slice(i, i + ID_SLICE))
      .execute()
    for (const row of rows) targets.set(row.id, { record: recordOfRow(row), isNew: false })
  }
  const others = ids.filter((id) => !targets.has(id))
  for (let i = 0; i < others.length; i += ID_SLICE) {
    const rows = await trx
      .selectFrom('feed as f')
      .innerJoin('records as r', (join) => join.onRef('r.scope', '=', 'f.scope').onRef('r.id', '=', 'f.record_id'))
      .selectAll('r')
      .where('f.account_id', '=', accountId)
      .where('f.is_gone', '=', 0)
      .where('f.record_id', 'in', others.slice(i, i + ID_SLICE))
      .execute()
    for (const row of rows) targets.set(row.id, { record: recordOfRow(row), isNew: false })
  }
  for (const id of ids) if (!targets.has(id)) targets.set(id, { record: null, isNew: true })
  return targets
}

/** New records in a few multi-row inserts, the others one by one; their shares and photos kept findable. */
async function writeRecords(
  trx: Transaction<Database>,
  changed: readonly { record: OwnedRecord; existed: boolean }[],
  now: string,
): Promise<void> {
  const created: Insertable<RecordsTable>[] = []
  for (const { record, existed } of changed) {
    const row = rowOfRecord(record, now)
    if (existed)
      await trx.updateTable('records').set(row).where('scope', '=', record.scope).where('id', '=', record.id).execute()
    else created.push(row)
  }
  for (let i = 0; i < created.length; i += ROW_SLICE)
    await trx
      .insertInto('records')
      .values(created.slice(i, i + ROW_SLICE))
      .execute()
  await indexRecords(
    trx,
    changed.map((c) => c.record),
  )
}

function assertIncreasing(mutations: readonly Mutation[]): void {
  for (let i = 1; i < mutations.length; i++) {
    if (mutations[i]!.seq <= mutations[i - 1]!.seq) {
      throw apiError(
        400,
        'invalid_request',
        `请求内容不符合要求：mutations 须按 seq 从小到大排列且不重复（第 ${i + 1} 项）`,
        { messageEn: 'mutations must be in strictly increasing seq order' },
      )
    }
  }
}

async function deviceOf(trx: Transaction<Database>, accountId: string, deviceId: string, now: string) {
  const found = await trx
    .selectFrom('devices')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('device_id', '=', deviceId)
    .executeTakeFirst()
  if (found) return found
  const top = await trx
    .selectFrom('devices')
    .select((eb) => eb.fn.max<number | null>('device_no').as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  const device = {
    account_id: accountId,
    device_id: deviceId,
    device_no: Number(top?.n ?? 0) + 1,
    last_seq: 0,
    created_at: now,
    last_seen_at: now,
  }
  await trx.insertInto('devices').values(device).execute()
  return device
}

async function storedResults(
  trx: Transaction<Database>,
  accountId: string,
  deviceId: string,
  mutations: readonly Mutation[],
): Promise<Map<number, MutationResult>> {
  const results = new Map<number, MutationResult>()
  if (mutations.length === 0) return results
  const rows = await trx
    .selectFrom('mutations')
    .select(['seq', 'result'])
    .where('account_id', '=', accountId)
    .where('device_id', '=', deviceId)
    .where(
      'seq',
      'in',
      mutations.map((m) => m.seq),
    )
    .execute()
  const stored = new Map(rows.map((row) => [row.seq, JSON.parse(row.result) as MutationResult]))
  for (const m of mutations) {
    const original = stored.get(m.seq)
    // A number at or below the last one applied that was never applied itself (the client skipped it and sent it
    // late), or that another change already used: refused, so the change stays on the device for a person to
    // see rather than being answered "applied" and lost. Results are kept for good, so a true replay always has one.
    if (!original || original.id !== m.id)
      results.set(m.seq, { id: m.id, seq: m.seq, status: 'refused', rev: null, refusal: reusedSeq(m.seq) })
    else results.set(m.seq, original)
  }
  return results
}

function reusedSeq(seq: number): Refusal {
  return {
    code: 'bad_op',
    message: `这次修改的序号（${seq}）不在本设备的修改顺序中，服务器没有保存它。请打开记录检查后重新保存。`,
    messageEn: `Sequence number ${seq} is at or below this device's last applied one and is not a replay of it`,
    fields: [],
  }
}

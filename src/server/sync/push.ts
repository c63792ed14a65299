/**
 * Applies one push in one database transaction: all of it or none of it.
 *
 * Idempotency: each device's highest applied sequence number is stored with the effects, in the same
 * transaction. A mutation at or below it is a replay: it changes nothing and gets the result it got the first
 * time (kept in the mutations table), so a client whose answer was lost can simply send the batch again.
 *
 * Order: every change takes the next value of the account's revision counter, read and written inside the
 * transaction, and revisions must be handed out in commit order: a pull that has read up to N must never later
 * find a change below N appear. SQLite runs one write transaction at a time, which gives that by itself. On
 * PostgreSQL several instances push at once, so the transaction first locks the account's row (SELECT … FOR
 * UPDATE): pushes for one account queue behind each other (a revision is taken only by the lock holder, which
 * commits before the next can take one), while pushes for different accounts run side by side. A sequence would
 * give unique numbers but not commit order, and could leave a gap a pull would step over before it filled.
 */
import type { Insertable, Kysely, Transaction } from 'kysely'
import { uuidv7 } from '../../shared/ids'
import { applyMutation, type ServerRecord } from '../../shared/sync/merge'
import { PROTOCOL_VERSION, type Mutation, type MutationResult, type PushRequest, type PushResponse, type Refusal } from '../../shared/sync/protocol'
import type { DatabaseEngine } from '../db/open'
import type { Database, RecordsTable } from '../db/schema'
import { apiError } from '../http/errors'
import { recordOfRow, rowOfRecord } from './record-rows'

/** SQLite allows at most 32,766 bound parameters; PostgreSQL 65,535. Lookups by id go in slices well under both. */
const ID_SLICE = 500
/** Rows per multi-row insert: 100 records of 12 columns are 1,200 parameters. */
const ROW_SLICE = 100

export async function applyPush(db: Kysely<Database>, accountId: string, request: PushRequest, engine: DatabaseEngine = 'sqlite'): Promise<PushResponse> {
  assertIncreasing(request.mutations)
  const results = await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString()
    const counter = trx.selectFrom('accounts').select('last_rev').where('id', '=', accountId)
    const account = await (engine === 'postgres' ? counter.forUpdate() : counter).executeTakeFirstOrThrow()
    const device = await deviceOf(trx, accountId, request.deviceId, now)
    const fresh = request.mutations.filter((m) => m.seq > device.last_seq)
    const replayed = await storedResults(trx, accountId, request.deviceId, request.mutations.filter((m) => m.seq <= device.last_seq))
    if (fresh.length === 0) return replayed

    const records = await loadRecords(trx, accountId, [...new Set(fresh.map((m) => m.recordId))])
    const existed = new Set(records.keys())
    let rev = account.last_rev
    const changed = new Set<string>()
    const results = new Map(replayed)
    for (const mutation of fresh) {
      const outcome = applyMutation(records.get(mutation.recordId) ?? null, mutation, { deviceNo: device.device_no, deviceId: request.deviceId, nextRev: rev + 1, newId: uuidv7 })
      if (outcome.changed && outcome.record) {
        rev += 1
        records.set(mutation.recordId, outcome.record)
        changed.add(mutation.recordId)
      }
      results.set(mutation.seq, outcome.result)
    }

    // New records go in a few multi-row inserts (one statement per record was most of a push's time on PostgreSQL,
    // a round trip each); records that existed are updated one by one.
    const created: Insertable<RecordsTable>[] = []
    for (const id of changed) {
      const row = rowOfRecord(accountId, records.get(id)!, now)
      if (existed.has(id)) await trx.updateTable('records').set(row).where('id', '=', id).execute()
      else created.push(row)
    }
    for (let i = 0; i < created.length; i += ROW_SLICE) await trx.insertInto('records').values(created.slice(i, i + ROW_SLICE)).execute()
    const logged = fresh.map((m) => ({ account_id: accountId, device_id: request.deviceId, seq: m.seq, mutation_id: m.id, result: JSON.stringify(results.get(m.seq)), applied_at: now }))
    for (let i = 0; i < logged.length; i += ROW_SLICE) await trx.insertInto('mutations').values(logged.slice(i, i + ROW_SLICE)).execute()
    await trx.updateTable('devices').set({ last_seq: fresh[fresh.length - 1]!.seq, last_seen_at: now }).where('account_id', '=', accountId).where('device_id', '=', request.deviceId).execute()
    if (rev !== account.last_rev) await trx.updateTable('accounts').set({ last_rev: rev }).where('id', '=', accountId).execute()
    return results
  })
  return { protocol: PROTOCOL_VERSION, results: request.mutations.map((m) => results.get(m.seq)!) }
}

function assertIncreasing(mutations: readonly Mutation[]): void {
  for (let i = 1; i < mutations.length; i++) {
    if (mutations[i]!.seq <= mutations[i - 1]!.seq) {
      throw apiError(400, 'invalid_request', `请求内容不符合要求：mutations 须按 seq 从小到大排列且不重复（第 ${i + 1} 项）`, { messageEn: 'mutations must be in strictly increasing seq order' })
    }
  }
}

async function deviceOf(trx: Transaction<Database>, accountId: string, deviceId: string, now: string) {
  const found = await trx.selectFrom('devices').selectAll().where('account_id', '=', accountId).where('device_id', '=', deviceId).executeTakeFirst()
  if (found) return found
  const top = await trx.selectFrom('devices').select((eb) => eb.fn.max<number | null>('device_no').as('n')).where('account_id', '=', accountId).executeTakeFirst()
  const device = { account_id: accountId, device_id: deviceId, device_no: Number(top?.n ?? 0) + 1, last_seq: 0, created_at: now, last_seen_at: now }
  await trx.insertInto('devices').values(device).execute()
  return device
}

async function storedResults(trx: Transaction<Database>, accountId: string, deviceId: string, mutations: readonly Mutation[]): Promise<Map<number, MutationResult>> {
  const results = new Map<number, MutationResult>()
  if (mutations.length === 0) return results
  const rows = await trx.selectFrom('mutations').select(['seq', 'result']).where('account_id', '=', accountId).where('device_id', '=', deviceId).where('seq', 'in', mutations.map((m) => m.seq)).execute()
  const stored = new Map(rows.map((row) => [row.seq, JSON.parse(row.result) as MutationResult]))
  for (const m of mutations) {
    const original = stored.get(m.seq)
    // A number at or below the last one applied that was never applied itself (the client skipped it and sent it
    // late), or that another change already used: refused, so the change stays on the device for a person to
    // see rather than being answered "applied" and lost. Results are kept for good, so a true replay always has one.
    if (!original || original.id !== m.id) results.set(m.seq, { id: m.id, seq: m.seq, status: 'refused', rev: null, refusal: reusedSeq(m.seq) })
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

/** The records the push touches, after checking that none belongs to another account. */
async function loadRecords(trx: Transaction<Database>, accountId: string, ids: string[]): Promise<Map<string, ServerRecord>> {
  const records = new Map<string, ServerRecord>()
  for (let i = 0; i < ids.length; i += ID_SLICE) {
    const rows = await trx.selectFrom('records').selectAll().where('id', 'in', ids.slice(i, i + ID_SLICE)).execute()
    for (const row of rows) {
      if (row.account_id !== accountId) {
        throw apiError(403, 'foreign_record', '这次同步涉及不属于当前账号的记录，已全部拒绝。请确认登录的是正确的账号。', { messageEn: `Record ${row.id} belongs to another account; nothing in this push was applied` })
      }
      records.set(row.id, recordOfRow(row))
    }
  }
  return records
}

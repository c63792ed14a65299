/**
 * The device side of sync, each step one Dexie transaction (design.md, invariant 7): reading the next push batch,
 * recording what the server said of it, applying a pulled batch together with the new cursor, and finishing a
 * full resync. A crash between steps leaves a state from which the next sync simply continues.
 */
import { sameValue } from '../../shared/changes'
import { uuidv7 } from '../../shared/ids'
import type { OutboxEntry } from '../../shared/outbox'
import { fieldsOf, RECORD_TABLES, type RecordTable, type StoredRecord } from '../../shared/records'
import { withPending } from '../../shared/sync/pending'
import type { MutationResult, RecordState, Refusal, ResyncReason } from '../../shared/sync/protocol'
import { nextSequence } from '../db/device'
import { indexKeysOf, storedRecordOf } from '../db/index-keys'
import type { RecordChange } from '../db/repository'
import type { RecordRow, SyncState, XsjDatabase } from '../db/schema'
import { readSyncMeta } from './sync-meta'

export interface BatchLimits {
  maxMutations: number
  /** UTF-8 size of the changes at which a batch is closed (a single larger mutation still goes, alone). */
  maxBytes: number
}

const utf8 = new TextEncoder()

/** The next mutations to send, in sequence order, skipping every record that has a refused change. */
export async function nextPushBatch(db: XsjDatabase, limits: BatchLimits): Promise<OutboxEntry[]> {
  const refused = await db.outbox.where('refusedAt').above('').toArray()
  const held = new Set(refused.map((e) => `${e.table}:${e.recordId}`))
  const batch: OutboxEntry[] = []
  let bytes = 0
  await db.outbox.orderBy('seq').until(() => batch.length >= limits.maxMutations || bytes >= limits.maxBytes).each((entry) => {
    if (held.has(`${entry.table}:${entry.recordId}`)) return
    const size = utf8.encode(JSON.stringify(entry.changes)).length
    if (batch.length > 0 && bytes + size > limits.maxBytes) {
      bytes = limits.maxBytes
      return
    }
    batch.push(entry)
    bytes += size
  })
  return batch
}

/** How many changes wait to be sent, not counting those held back by a refusal. */
export async function pushableCount(db: XsjDatabase): Promise<number> {
  const refused = await db.outbox.where('refusedAt').above('').toArray()
  if (refused.length === 0) return db.outbox.count()
  const held = new Set(refused.map((e) => `${e.table}:${e.recordId}`))
  return db.outbox.filter((e) => !held.has(`${e.table}:${e.recordId}`)).count()
}

/**
 * Accepted changes leave the outbox; refused ones stay, marked with the reason, and hold back their record's later
 * changes until the person acts (their records are marked 'refused' at once). The 未同步 mark of accepted records
 * is not touched here: the pull that follows every push rewrites those records anyway, with the mark their
 * remaining unsent changes call for, and settleSyncStates catches the few a pull does not bring back. Rewriting
 * every pushed record here as well was measured as about a third of a large push in Chromium.
 */
export async function applyPushResults(db: XsjDatabase, sent: readonly OutboxEntry[], results: readonly MutationResult[]): Promise<RecordChange[]> {
  const bySeq = new Map(results.map((r) => [r.seq, r]))
  return db.transaction('rw', [...db.recordTables(), db.outbox], async () => {
    const refusedAt = new Date().toISOString()
    const accepted: number[] = []
    const conflicted: OutboxEntry[] = []
    for (const entry of sent) {
      const result = bySeq.get(entry.seq)
      if (!result) continue
      if (result.status === 'refused') await db.outbox.update(entry.seq, { refusal: result.refusal ?? unexplained(), refusedAt })
      else accepted.push(entry.seq)
      if (result.status === 'conflict') conflicted.push(entry)
    }
    await db.outbox.bulkDelete(accepted)
    await forgetWhatWasNotSeen(db, conflicted)
    return refreshSyncStates(db, sent.filter((entry) => bySeq.get(entry.seq)?.status === 'refused'))
  })
}

/**
 * After a pull: records still marked as waiting whose unsent changes are all gone (a change the server found
 * nothing to do for, so no pull brings the record back), or whose mark no longer fits, get the right one. Reads
 * only the marked records, through their index.
 */
export async function settleSyncStates(db: XsjDatabase): Promise<RecordChange[]> {
  return db.transaction('rw', [...db.recordTables(), db.outbox], async () => {
    const marked: { table: RecordTable; recordId: string }[] = []
    for (const table of RECORD_TABLES) {
      const ids = await db.records(table).where('syncState').anyOf('pending', 'refused').primaryKeys()
      marked.push(...ids.map((recordId) => ({ table, recordId })))
    }
    return refreshSyncStates(db, marked)
  })
}

/**
 * A change answered 'conflict' lost to a value this device has not seen; until the next pull the record still
 * shows the device's own value. An edit made now must not claim to have seen the server's state at the record's
 * revision, or the server would take it as a deliberate overwrite of the value that won. So the record's revision
 * goes back to the base of the conflicting change: the next edit is checked against everything since, and the
 * next pull sets it right.
 */
async function forgetWhatWasNotSeen(db: XsjDatabase, conflicted: readonly OutboxEntry[]): Promise<void> {
  for (const entry of conflicted) {
    const row = await db.records(entry.table).get(entry.recordId)
    if (!row || row.rev === null) continue
    const rev = entry.baseRev === null ? null : Math.min(row.rev, entry.baseRev)
    if (rev !== row.rev) await db.records(entry.table).update(entry.recordId, { rev })
  }
}

/** Marks one change refused without the server having judged it alone (the whole request was refused). */
export async function refuseLocally(db: XsjDatabase, entry: OutboxEntry, refusal: Refusal): Promise<RecordChange[]> {
  return db.transaction('rw', [...db.recordTables(), db.outbox], async () => {
    await db.outbox.update(entry.seq, { refusal, refusedAt: new Date().toISOString() })
    return refreshSyncStates(db, [entry])
  })
}

async function refreshSyncStates(db: XsjDatabase, touched: readonly { table: RecordTable; recordId: string }[]): Promise<RecordChange[]> {
  const changes: RecordChange[] = []
  for (const table of RECORD_TABLES) {
    const ids = [...new Set(touched.filter((t) => t.table === table).map((t) => t.recordId))]
    if (ids.length === 0) continue
    const remaining = groupByRecord(await db.outbox.where('[table+recordId]').anyOf(ids.map((id) => [table, id])).toArray())
    const rows = await db.records(table).bulkGet(ids)
    const updated: RecordRow[] = []
    for (const row of rows) {
      if (!row) continue
      const state = syncStateOf(remaining.get(row.id) ?? [])
      if (row.syncState === state) continue
      const next = { ...row }
      if (state) next.syncState = state
      else delete next.syncState
      updated.push(next)
      changes.push({ table, record: storedRecordOf(next) })
    }
    await db.records(table).bulkPut(updated as RecordRow<typeof table>[])
  }
  return changes
}

/**
 * Lays each pulled record down as the server has it, with this device's unsent changes re-applied on top (invariant
 * 5), and moves the cursor, all in one transaction. During a full resync every record the server sends is marked
 * with the resync's number; a record whose local revision is ahead of the server's (the server was restored from
 * an older backup) keeps its local version and is queued to be sent again.
 */
export async function applyPullBatch(db: XsjDatabase, pulled: readonly RecordState[], position: { cursor: number; timeline: string }, resyncEpoch: number | null): Promise<RecordChange[]> {
  return db.transaction('rw', [...db.recordTables(), db.outbox, db.meta], async () => {
    const hasOutbox = (await db.outbox.count()) > 0
    const changes: RecordChange[] = []
    for (const table of RECORD_TABLES) {
      const mine = pulled.filter((c) => c.table === table)
      if (mine.length === 0) continue
      const ids = mine.map((c) => c.id)
      const pending = hasOutbox ? groupByRecord(await db.outbox.where('[table+recordId]').anyOf(ids.map((id) => [table, id])).toArray()) : new Map<string, OutboxEntry[]>()
      const locals = hasOutbox || resyncEpoch !== null ? await db.records(table).bulkGet(ids) : []
      const rows: RecordRow[] = []
      for (const [i, state] of mine.entries()) {
        const local = locals[i]
        const entries = pending.get(state.id) ?? []
        if (resyncEpoch !== null && local && local.rev !== null && local.rev > state.rev && entries.length === 0) {
          rows.push({ ...local, resyncEpoch, syncState: 'pending' })
          await queueLocalVersion(db, table, local, state)
          continue
        }
        const view = withPending({ fields: state.fields, deletedAt: state.deletedAt, conflicts: state.conflicts }, entries)
        const record = {
          ...view.fields,
          id: state.id,
          createdAt: state.createdAt,
          updatedAt: entries.length > 0 && local ? local.updatedAt : state.updatedAt,
          deviceId: state.deviceId,
          deletedAt: view.deletedAt,
          rev: state.rev,
          conflicts: view.conflicts,
        } as unknown as StoredRecord
        const row: RecordRow = { ...record, ...indexKeysOf(table, record) }
        const syncState = syncStateOf(entries)
        if (syncState) row.syncState = syncState
        if (resyncEpoch !== null) row.resyncEpoch = resyncEpoch
        rows.push(row)
        changes.push({ table, record: storedRecordOf(row) })
      }
      await db.records(table).bulkPut(rows as RecordRow<typeof table>[])
    }
    await db.meta.put({ ...(await readSyncMeta(db)), ...position })
    return changes
  })
}

/**
 * The end of a full resync: every synced record the server did not send is one it no longer has.
 * - A tombstone is dropped: its deletion reached the server and was later purged.
 * - A record with unsent changes here is kept and queued to be created again: the person edited it, and an edit
 *   wins over a deletion made elsewhere (merge.ts).
 * - Any other live record: if the server forgot old deletions ('purged'), it was deleted on another device, so it
 *   goes here too; if the server's data is older than this device's ('serverBehind', restored from a backup), the
 *   server lost it, so it is sent again. Nothing recorded on this phone is dropped unless it was deleted.
 */
export async function finishResync(db: XsjDatabase, epoch: number, reason: ResyncReason): Promise<RecordChange[]> {
  return db.transaction('rw', [...db.recordTables(), db.outbox, db.meta], async () => {
    const changes: RecordChange[] = []
    for (const table of RECORD_TABLES) {
      const orphans = await db.records(table).filter((row) => row.rev !== null && row.resyncEpoch !== epoch).toArray()
      for (const row of orphans) {
        const entries = await db.outbox.where('[table+recordId]').equals([table, row.id]).toArray()
        const isEdited = entries.some((e) => e.op !== 'delete')
        if (row.deletedAt !== null || (reason === 'purged' && !isEdited)) {
          await db.outbox.bulkDelete(entries.map((e) => e.seq))
          await db.records(table).delete(row.id)
          changes.push({ table, record: storedRecordOf({ ...row, deletedAt: row.deletedAt ?? new Date().toISOString() }) })
          continue
        }
        await db.outbox.bulkDelete(entries.map((e) => e.seq))
        const device = await nextSequence(db)
        await db.outbox.add({
          seq: device.seq, mutationId: uuidv7(), deviceId: device.deviceId, table, recordId: row.id, op: 'create',
          changes: fieldsOf(table, row) as unknown as Record<string, unknown>, baseRev: null, createdAt: new Date().toISOString(),
        })
        const next: RecordRow = { ...row, rev: null, syncState: 'pending' }
        await db.records(table).put(next as RecordRow<typeof table>)
        changes.push({ table, record: storedRecordOf(next) })
      }
    }
    await db.meta.put({ ...(await readSyncMeta(db)), resyncEpoch: null })
    return changes
  })
}

/** The server is behind this device for this record: send the device's values of every field that differs. */
async function queueLocalVersion(db: XsjDatabase, table: RecordTable, local: RecordRow, server: RecordState): Promise<void> {
  const values = fieldsOf(table, local) as unknown as Record<string, unknown>
  const changes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) if (!sameValue(server.fields[key], value)) changes[key] = value
  const device = await nextSequence(db)
  const base = { seq: device.seq, mutationId: uuidv7(), deviceId: device.deviceId, table, recordId: local.id, baseRev: server.rev, createdAt: new Date().toISOString() }
  if (Object.keys(changes).length > 0) await db.outbox.add({ ...base, op: 'update', changes })
  if (local.deletedAt !== server.deletedAt) {
    const again = await nextSequence(db)
    await db.outbox.add({ ...base, seq: again.seq, mutationId: uuidv7(), op: local.deletedAt ? 'delete' : 'restore', changes: { deletedAt: local.deletedAt } })
  }
}

function groupByRecord(entries: readonly OutboxEntry[]): Map<string, OutboxEntry[]> {
  const grouped = new Map<string, OutboxEntry[]>()
  for (const entry of entries) grouped.set(entry.recordId, [...(grouped.get(entry.recordId) ?? []), entry])
  for (const list of grouped.values()) list.sort((a, b) => a.seq - b.seq)
  return grouped
}

function syncStateOf(entries: readonly OutboxEntry[]): SyncState | undefined {
  if (entries.length === 0) return undefined
  return entries.some((e) => e.refusal) ? 'refused' : 'pending'
}

function unexplained(): Refusal {
  return { code: 'invalid', message: '服务器未接受这次修改', messageEn: 'The server did not accept this change', fields: [] }
}

/**
 * The device side of sync, each step one Dexie transaction (design.md, invariant 7): reading the next push batch,
 * recording what the server said of it, applying a pulled batch together with the new cursor, and finishing a
 * full resync. A crash between steps leaves a state from which the next sync simply continues.
 */
import { sameValue } from '../../shared/changes'
import type { OutboxEntry } from '../../shared/outbox'
import { fieldsOf, isRecordTable, SYNCED_TABLES, type StoredRecord, type SyncedTable } from '../../shared/records'
import { withPending } from '../../shared/sync/pending'
import type { MutationResult, RecordState, Refusal, RemovedRecord, ResyncReason } from '../../shared/sync/protocol'
import { localRow, ownerKeys, storedRecordOf, type LocalRecord } from '../db/index-keys'
import { queueChanges, type OutboxDraft } from '../db/outbox-writer'
import type { RecordChange } from '../db/repository'
import type { RecordRow, SyncState, XsjDatabase } from '../db/schema'
import { foldConfirmations, noteConfirmed, queueWhatServerLost, retryNotFound } from './restore-resync'
import { readAccount, readSyncMeta } from './sync-meta'

export interface BatchLimits {
  maxMutations: number
  /** UTF-8 size of the changes at which a batch is closed (a single larger mutation still goes, alone). */
  maxBytes: number
}

/** The next mutations to send, and what was held back among them. */
export interface PushBatch {
  /** In sequence order. */
  entries: OutboxEntry[]
  /**
   * Sequence numbers of the entries skipped while reading (a refused record's, held back): the batch's answer deletes
   * accepted entries by ranges of sequence numbers, which must not reach these.
   */
  held: number[]
}

/**
 * The next mutations to send, in sequence order, after `after` (a batch already sent), skipping every record that
 * has a refused change. Read a page at a time (getAll), in one read-only transaction: one request per page instead
 * of one per entry, which was most of a large push's reading.
 */
export async function nextPushBatch(db: XsjDatabase, limits: BatchLimits, after = 0): Promise<PushBatch> {
  return db.transaction('r', db.outbox, async () => {
    const refused = await db.outbox.where('refusedAt').above('').toArray()
    const heldRecords = new Set(refused.map((e) => `${e.table}:${e.recordId}`))
    const batch: PushBatch = { entries: [], held: [] }
    let bytes = 0
    let from = after
    for (;;) {
      const page = await db.outbox.where('seq').above(from).limit(limits.maxMutations).toArray()
      for (const entry of page) {
        if (heldRecords.has(`${entry.table}:${entry.recordId}`)) {
          batch.held.push(entry.seq)
          continue
        }
        const size = utf8Length(JSON.stringify(entry.changes))
        if (batch.entries.length > 0 && bytes + size > limits.maxBytes) return batch
        batch.entries.push(entry)
        bytes += size
        if (batch.entries.length >= limits.maxMutations || bytes >= limits.maxBytes) return batch
      }
      if (page.length < limits.maxMutations) return batch
      from = page[page.length - 1]!.seq
    }
  })
}

/** Bytes of a string in UTF-8, without encoding it (lone surrogates count as the 3-byte replacement character). */
function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
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
 * changes until the person acts (their records are marked 'refused' at once). The whole answer is one transaction
 * of a few requests, whatever the batch's size: accepted entries go by ranges of sequence numbers, and what the
 * server confirmed is noted in one row (noteConfirmed), not on each record.
 *
 * The 未同步 mark of accepted records is not touched here: the pull that follows every push rewrites those records
 * anyway, with the mark their remaining unsent changes call for, and settleSyncStates catches the few a pull does
 * not bring back. Rewriting every pushed record here as well was measured as about a third of a large push in
 * Chromium.
 */
export async function applyPushResults(
  db: XsjDatabase,
  batch: PushBatch,
  results: readonly MutationResult[],
  options: { isSameTimeline: boolean } = { isSameTimeline: true },
): Promise<RecordChange[]> {
  const sent = batch.entries
  const bySeq = new Map(results.map((r) => [r.seq, r]))
  return db.transaction('rw', [...db.recordTables(), db.outbox, db.meta], async () => {
    const refusedAt = new Date().toISOString()
    const accepted = new Set<number>()
    const conflicted: OutboxEntry[] = []
    for (const entry of sent) {
      const result = bySeq.get(entry.seq)
      if (!result) continue
      if (result.status === 'refused')
        await db.outbox.update(entry.seq, { refusal: result.refusal ?? unexplained(), refusedAt })
      else accepted.add(entry.seq)
      if (result.status === 'conflict') conflicted.push(entry)
    }
    for (const [first, last] of acceptedRuns(batch, accepted)) {
      if (first === last) await db.outbox.delete(first)
      else await db.outbox.where('seq').between(first, last, true, true).delete()
    }
    // Revisions of another timeline than the record's known ones (the server was restored and this device has not
    // resynced yet) do not compare with them: the resync that follows lays down the server's own.
    if (options.isSameTimeline) await noteConfirmed(db, sent, bySeq)
    await forgetWhatWasNotSeen(db, conflicted)
    return refreshSyncStates(
      db,
      sent.filter((entry) => bySeq.get(entry.seq)?.status === 'refused'),
    )
  })
}

/**
 * The accepted entries as ranges [first, last] of sequence numbers holding nothing else of the outbox: a range ends
 * at an entry that stays (refused, or without a result) and at an entry held back between two of the batch's. No
 * other entry can lie inside one: the batch was read in sequence order, and new entries take higher numbers.
 */
export function acceptedRuns(batch: PushBatch, accepted: ReadonlySet<number>): [number, number][] {
  const held = [...batch.held].sort((a, b) => a - b)
  const runs: [number, number][] = []
  let h = 0
  let run: [number, number] | null = null
  for (const entry of batch.entries) {
    while (h < held.length && held[h]! < entry.seq) h++
    const isHeldBetween = run !== null && h > 0 && held[h - 1]! > run[1]
    if (!accepted.has(entry.seq) || isHeldBetween) {
      if (run) runs.push(run)
      run = null
    }
    if (!accepted.has(entry.seq)) continue
    if (run) run[1] = entry.seq
    else run = [entry.seq, entry.seq]
  }
  if (run) runs.push(run)
  return runs
}

/**
 * After a pull: records still marked as waiting whose unsent changes are all gone (a change the server found
 * nothing to do for, so no pull brings the record back), or whose mark no longer fits, get the right one. Reads
 * only the marked records, through their index.
 */
export async function settleSyncStates(db: XsjDatabase): Promise<RecordChange[]> {
  return db.transaction('rw', [...db.recordTables(), db.outbox], async () => {
    const marked: { table: SyncedTable; recordId: string }[] = []
    for (const table of SYNCED_TABLES) {
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

async function refreshSyncStates(
  db: XsjDatabase,
  touched: readonly { table: SyncedTable; recordId: string }[],
): Promise<RecordChange[]> {
  const changes: RecordChange[] = []
  for (const table of SYNCED_TABLES) {
    const ids = [...new Set(touched.filter((t) => t.table === table).map((t) => t.recordId))]
    if (ids.length === 0) continue
    const remaining = groupByRecord(
      await db.outbox
        .where('[table+recordId]')
        .anyOf(ids.map((id) => [table, id]))
        .toArray(),
    )
    const rows = await db.records(table).bulkGet(ids)
    const updated: RecordRow<SyncedTable>[] = []
    for (const row of rows) {
      if (!row) continue
      const state = syncStateOf(remaining.get(row.id) ?? [])
      if (row.syncState === state) continue
      const next = { ...row }
      if (state) next.syncState = state
      else delete next.syncState
      updated.push(next)
      changes.push(...toldOf(table, storedRecordOf(next)))
    }
    await db.records(table).bulkPut(updated as RecordRow<typeof table>[])
  }
  return changes
}

/** How a pulled batch is laid down: normally, or as part of a full resync (and after a restore, from where). */
export interface ResyncContext {
  epoch: number
  /**
   * Set when the server was restored from a backup: the last revision its history shares with this device's. What
   * this device knows the server confirmed above it, the server lost, and gets back (lostOnServer).
   */
  forkRev?: number
  /** The same for the other owners whose records the account reads (units, accounts sharing with it), by owner id. */
  forkRevs?: Record<string, number>
}

/**
 * Lays each pulled record down as the server has it, with this device's unsent changes re-applied on top (invariant
 * 5), and moves the cursor, all in one transaction. During a full resync every record the server sent is marked
 * with the resync's number. After a restore, what the server lost of a record is queued to go back to it first.
 */
export async function applyPullBatch(
  db: XsjDatabase,
  pulled: readonly RecordState[],
  position: { cursor: number; timeline: string },
  resync: ResyncContext | null,
  removed: readonly RemovedRecord[] = [],
): Promise<RecordChange[]> {
  return db.transaction('rw', [...db.recordTables(), db.outbox, db.meta], async () => {
    // A resync reads the records' field revisions: what push answers confirmed since it began goes onto them first.
    if (resync !== null) await foldConfirmations(db)
    const hasOutbox = (await db.outbox.count()) > 0
    const changes: RecordChange[] = await applyRemoved(db, removed)
    for (const table of SYNCED_TABLES) {
      const mine = pulled.filter((c) => c.table === table)
      if (mine.length === 0) continue
      const ids = mine.map((c) => c.id)
      const pending = hasOutbox
        ? groupByRecord(
            await db.outbox
              .where('[table+recordId]')
              .anyOf(ids.map((id) => [table, id]))
              .toArray(),
          )
        : new Map<string, OutboxEntry[]>()
      const locals = hasOutbox || resync !== null ? await db.records(table).bulkGet(ids) : []
      const rows: RecordRow<SyncedTable>[] = []
      for (const [i, state] of mine.entries()) {
        const local = locals[i]
        let entries = pending.get(state.id) ?? []
        if (resync?.forkRev !== undefined && local) {
          entries = await retryNotFound(db, entries)
          const fork = resync.forkRevs?.[state.unitId ?? state.authorId ?? ''] ?? resync.forkRev
          const sentBack = await queueWhatServerLost(db, table, local, state, entries, fork)
          entries = [...entries, ...sentBack]
        } else if (resync !== null && local && local.rev !== null && local.rev > state.rev && entries.length === 0) {
          // The same timeline, so revisions compare: the server is behind this device for this record.
          rows.push({ ...local, resyncEpoch: resync.epoch, syncState: 'pending' })
          await queueLocalVersion(db, table, local, state)
          continue
        }
        const view = withPending(
          { fields: state.fields, deletedAt: state.deletedAt, conflicts: state.conflicts },
          entries,
        )
        const record = {
          ...view.fields,
          id: state.id,
          createdAt: state.createdAt,
          updatedAt: entries.length > 0 && local ? local.updatedAt : state.updatedAt,
          deviceId: state.deviceId,
          deletedAt: view.deletedAt,
          rev: state.rev,
          conflicts: view.conflicts,
          ...ownerKeys({
            unitId: state.unitId,
            authorId: state.authorId,
            sharedWith: view.sharedWith ?? state.sharedWith,
          }),
        } as unknown as StoredRecord
        const row = localRow(table, record, {
          syncState: syncStateOf(entries),
          resyncEpoch: resync?.epoch,
          fieldRevs: state.fieldRevs,
        })
        rows.push(row)
        changes.push(...toldOf(table, storedRecordOf(row)))
      }
      await db.records(table).bulkPut(rows as RecordRow<typeof table>[])
    }
    await db.meta.put({ ...(await readSyncMeta(db)), ...position })
    return changes
  })
}

/**
 * Records the account may no longer read (it left a unit, a record was unshared: docs/units.md) leave the device,
 * unless the person has changes of them still to send: those stay, with the record, marked refused with the
 * reason, under 同步问题, until the person deals with them (invariant 14: kept, never dropped, never blocking).
 */
async function applyRemoved(db: XsjDatabase, removed: readonly RemovedRecord[]): Promise<RecordChange[]> {
  const changes: RecordChange[] = []
  for (const { table, id } of removed) {
    const row = await db.records(table).get(id)
    if (!row) continue
    const entries = await db.outbox.where('[table+recordId]').equals([table, id]).toArray()
    if (entries.length === 0) {
      await db.records(table).delete(id)
      // Told as a deletion: lists and search let it go.
      changes.push(...toldOf(table, storedRecordOf({ ...row, deletedAt: row.deletedAt ?? new Date().toISOString() })))
      continue
    }
    const refusedAt = new Date().toISOString()
    for (const entry of entries)
      if (!entry.refusal) await db.outbox.update(entry.seq, { refusal: noLongerYours(), refusedAt })
    const next = { ...row, syncState: 'refused' as const }
    await db.records(table).put(next as RecordRow<typeof table>)
    changes.push(...toldOf(table, storedRecordOf(next)))
  }
  return changes
}

function noLongerYours(): Refusal {
  return {
    code: 'forbidden',
    message: '你已无权查看或修改这条记录（已不在它所属的党组织，或它已不再共享给你），这些修改只保存在本机。',
    messageEn:
      'You may no longer read or change this record (you left its unit, or it is no longer shared with you); these changes are kept on this phone only.',
    fields: [],
  }
}

/**
 * The end of a full resync: every synced record the server did not send is one it no longer has.
 * - If the server forgot old deletions ('purged'): a tombstone is dropped (its deletion reached the server and was
 *   later purged), and so is a live record with no unsent edit (it was deleted on another device). One the person
 *   edited here is kept and created again: an edit wins over a deletion made elsewhere (merge.ts).
 * - If the server's data is older than this device's ('serverBehind', restored from a backup), the server lost it:
 *   it is created again, a tombstone deleted again right after, so the deletion still reaches the other phones.
 * Nothing recorded on this phone is dropped unless it was deleted.
 */
export async function finishResync(db: XsjDatabase, epoch: number, reason: ResyncReason): Promise<RecordChange[]> {
  return db.transaction('rw', [...db.recordTables(), db.outbox, db.meta], async () => {
    await foldConfirmations(db)
    const changes: RecordChange[] = []
    const me = (await readAccount(db))?.accountId
    for (const table of SYNCED_TABLES) {
      // Synced before: pulled (a revision) or confirmed by a push answer not yet followed by a pull (field revisions).
      const orphans = await db
        .records(table)
        .filter((row) => (row.rev !== null || row.fieldRevs !== undefined) && row.resyncEpoch !== epoch)
        .toArray()
      for (const row of orphans) {
        const entries = await db.outbox.where('[table+recordId]').equals([table, row.id]).toArray()
        const isEdited = entries.some((e) => e.op !== 'delete')
        // Another account's record shared with this one: never this device's to send again (its owner does that).
        const isSomeoneElses = !row.unitId && row.authorId !== undefined && me !== undefined && row.authorId !== me
        if (
          (reason === 'purged' && (row.deletedAt !== null || !isEdited)) ||
          (isSomeoneElses && entries.length === 0)
        ) {
          await db.outbox.bulkDelete(entries.map((e) => e.seq))
          await db.records(table).delete(row.id)
          changes.push(
            ...toldOf(table, storedRecordOf({ ...row, deletedAt: row.deletedAt ?? new Date().toISOString() })),
          )
          continue
        }
        await db.outbox.bulkDelete(entries.map((e) => e.seq))
        // The server lost the record with its conflicts: they go back with it. A deleted one goes back deleted, so
        // the deletion still reaches a phone that holds the record alive (and the record can still be restored).
        const create: OutboxDraft = {
          table,
          recordId: row.id,
          op: 'create',
          changes: fieldsOf(table, row) as unknown as Record<string, unknown>,
          baseRev: null,
          keepConflicts: row.conflicts ?? [],
        }
        // A unit's record goes back as the unit's: the server decides whether this account may still record it.
        if (row.unitId) create.unitId = row.unitId
        await queueChanges(
          db,
          row.deletedAt === null
            ? [create]
            : [create, { table, recordId: row.id, op: 'delete', changes: { deletedAt: row.deletedAt }, baseRev: null }],
        )
        const next: RecordRow<SyncedTable> = { ...row, rev: null, syncState: 'pending' }
        delete next.fieldRevs
        await db.records(table).put(next as RecordRow<typeof table>)
        changes.push(...toldOf(table, storedRecordOf(next)))
      }
    }
    const { resyncForkRev: _forkRev, resyncForkRevs: _forkRevs, ...meta } = await readSyncMeta(db)
    await db.meta.put({ ...meta, resyncEpoch: null })
    return changes
  })
}

/** The server is behind this device for this record: send the device's values of every field that differs. */
async function queueLocalVersion(
  db: XsjDatabase,
  table: SyncedTable,
  local: RecordRow<SyncedTable>,
  server: RecordState,
): Promise<void> {
  const values = fieldsOf(table, local) as unknown as Record<string, unknown>
  const changes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values)) if (!sameValue(server.fields[key], value)) changes[key] = value
  const drafts: OutboxDraft[] = []
  if (Object.keys(changes).length > 0)
    drafts.push({ table, recordId: local.id, op: 'update', changes, baseRev: server.rev })
  if (local.deletedAt !== server.deletedAt)
    drafts.push({
      table,
      recordId: local.id,
      op: local.deletedAt ? 'delete' : 'restore',
      changes: { deletedAt: local.deletedAt },
      baseRev: server.rev,
    })
  await queueChanges(db, drafts)
}

/**
 * The change to tell lists and search about: a record's. Packet events are read by the screens that show them, from
 * their own table, and never appear in a list.
 */
function toldOf(table: SyncedTable, record: LocalRecord<SyncedTable>): RecordChange[] {
  return isRecordTable(table) ? [{ table, record: record as LocalRecord }] : []
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
  return {
    code: 'invalid',
    message: '服务器未接受这次修改',
    messageEn: 'The server did not accept this change',
    fields: [],
  }
}

/**
 * After the server was restored from a backup (docs/sync-protocol.md §7, "Restoring the server from a backup"):
 * revisions from before and after a restore do not compare, so what a device sends back is decided by what it knows
 * the server had confirmed (field revisions, kept from pulls and push answers) against the fork revision, the last one
 * both histories share. Each function runs inside the caller's Dexie transaction.
 */
import { sameValue } from '../../shared/changes'
import type { OutboxEntry } from '../../shared/outbox'
import { fieldsOf, SYNCED_TABLES, type SyncedTable } from '../../shared/records'
import type { MutationResult, RecordState } from '../../shared/sync/protocol'
import { uuidv7 } from '../../shared/ids'
import { queueChanges, type OutboxDraft } from '../db/outbox-writer'
import type { ConfirmedChange, PushConfirmationsMeta, RecordRow, XsjDatabase } from '../db/schema'

/** Meta rows of push answers whose confirmations are not on the records yet (PushConfirmationsMeta). */
export const CONFIRMED_PREFIX = 'confirmed:'

/**
 * The server now holds these values at the result's revision (set, or kept as a conflict copy): remembered, so
 * that if the server is restored from a backup before the next pull, this device still knows what the server had
 * and sends it back (applyPullBatch). Only the few fields each change carried count.
 *
 * Noted as one meta row per answer, not on each record: rewriting every pushed record cost as much as a plain write
 * of them all. The pull that follows lays each record down again with the server's own field revisions, which
 * supersede these; so the rows are folded onto the records only when a resync needs them (foldConfirmations), and
 * dropped once a whole pull has passed (dropConfirmations). Runs inside the caller's transaction, with meta.
 */
export async function noteConfirmed(
  db: XsjDatabase,
  sent: readonly OutboxEntry[],
  bySeq: ReadonlyMap<number, MutationResult>,
): Promise<void> {
  const confirmed: ConfirmedChange[] = []
  for (const entry of sent) {
    const result = bySeq.get(entry.seq)
    if (!result || result.status === 'refused' || result.rev === null) continue
    confirmed.push([entry.table, entry.recordId, result.rev, Object.keys(entry.changes)])
  }
  if (confirmed.length > 0) await db.meta.put({ key: `${CONFIRMED_PREFIX}${uuidv7()}`, changes: confirmed })
}

/** The keys of the confirmation rows there are now (read as a pull starts: those a whole pull then supersedes). */
export async function confirmationKeys(db: XsjDatabase): Promise<PushConfirmationsMeta['key'][]> {
  return (await db.meta.where('key').startsWith(CONFIRMED_PREFIX).primaryKeys()) as PushConfirmationsMeta['key'][]
}

/**
 * After a whole pull: the records of these confirmations were pushed before it started, so it brought each one
 * back with the server's own field revisions (or took it away), and the rows are no longer needed.
 */
export async function dropConfirmations(db: XsjDatabase, keys: readonly PushConfirmationsMeta['key'][]): Promise<void> {
  if (keys.length > 0) await db.meta.bulkDelete([...keys])
}

/**
 * Writes the noted confirmations onto the records, as the push answer would have, and drops the rows: at the start
 * of a resync and before each of its steps, which read the records' field revisions. A record laid down by a pull
 * at or after a confirmation's revision already holds the server's own word and is left alone. Runs inside the
 * caller's transaction, with meta and the record tables.
 */
export async function foldConfirmations(db: XsjDatabase): Promise<void> {
  const rows = (await db.meta.where('key').startsWith(CONFIRMED_PREFIX).toArray()) as PushConfirmationsMeta[]
  if (rows.length === 0) return
  const changes = rows.flatMap((row) => row.changes)
  for (const table of SYNCED_TABLES) {
    const mine = changes.filter(([t]) => t === table)
    if (mine.length === 0) continue
    const found = await db.records(table).bulkGet([...new Set(mine.map(([, id]) => id))])
    const current = new Map<string, RecordRow<SyncedTable>>()
    for (const row of found) if (row) current.set(row.id, row)
    const updated = new Map<string, RecordRow<SyncedTable>>()
    for (const [, id, rev, keys] of mine) {
      const row = current.get(id)
      // Pulled at or after this revision; or pulled before field revisions were kept, where it stays "unknown"
      // (everything counts as after a fork): a partial map would make its other fields look confirmed long ago.
      if (!row || (row.rev !== null && row.rev >= rev) || (row.fieldRevs === undefined && row.rev !== null)) continue
      const revs = { ...row.fieldRevs }
      for (const key of keys) revs[key] = Math.max(revs[key] ?? 0, rev)
      const next = { ...row, fieldRevs: revs }
      current.set(id, next)
      updated.set(id, next)
    }
    await db.records(table).bulkPut([...updated.values()] as RecordRow<typeof table>[])
  }
  await db.meta.bulkDelete(rows.map((row) => row.key))
}

/**
 * After a restore from a backup (docs/sync-protocol.md §7): the values this device knows the server confirmed
 * above the fork revision, which the restored server lacks, are queued to go back, made on the fork revision, so
 * that a value someone changed on the server since the restore becomes a conflict rather than being overwritten.
 * Values confirmed at the fork or below are the server's business: it has them, or changed them since. A record
 * stored before field revisions were kept counts as confirmed after the fork throughout (safe: at worst a conflict).
 */
export async function queueWhatServerLost(
  db: XsjDatabase,
  table: SyncedTable,
  local: RecordRow<SyncedTable>,
  server: RecordState,
  pending: readonly OutboxEntry[],
  fork: number,
): Promise<OutboxEntry[]> {
  const isAfterFork = (key: string) => local.fieldRevs === undefined || (local.fieldRevs[key] ?? 0) > fork
  const values = fieldsOf(table, local) as unknown as Record<string, unknown>
  const changes: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(values))
    if (isAfterFork(key) && !sameValue(server.fields[key], value)) changes[key] = value
  const onServer = new Set(server.conflicts.map((c) => c.id))
  const keepConflicts = (local.conflicts ?? []).filter((c) => c.rev > fork && !onServer.has(c.id))
  const drafts: OutboxDraft[] = []
  if (Object.keys(changes).length > 0 || keepConflicts.length > 0)
    drafts.push({ table, recordId: local.id, op: 'update', changes, baseRev: fork, keepConflicts })
  const hasPendingDeletion = pending.some((e) => e.op === 'delete' || e.op === 'restore')
  if (!hasPendingDeletion && isAfterFork('deletedAt') && local.deletedAt !== server.deletedAt) {
    drafts.push({
      table,
      recordId: local.id,
      op: local.deletedAt === null ? 'restore' : 'delete',
      changes: { deletedAt: local.deletedAt },
      baseRev: fork,
    })
  }
  return queueChanges(db, drafts)
}

/**
 * Changes refused `not_found` while the restored server lacked their record (another phone has since sent it back):
 * each goes again as a new change (a refused sequence number is never sent again). The record's changes after it,
 * held back behind the refusal, are numbered again after it, so they still go in the order they were made.
 */
export async function retryNotFound(db: XsjDatabase, entries: readonly OutboxEntry[]): Promise<OutboxEntry[]> {
  const first = entries.findIndex((e) => e.refusal?.code === 'not_found')
  if (first === -1) return [...entries]
  // Behind a refusal of another kind the record stays held as it was; those are left where they are.
  const again = entries.slice(first).filter((e) => !e.refusal || e.refusal.code === 'not_found')
  await db.outbox.bulkDelete(again.map((e) => e.seq))
  const renumbered = await queueChanges(
    db,
    again.map(
      ({ seq: _seq, mutationId: _id, deviceId: _device, refusal: _refusal, refusedAt: _at, ...draft }) => draft,
    ),
  )
  const kept = entries.filter((e) => !again.includes(e))
  return [...kept, ...renumbered]
}

/**
 * At the start of a resync after a restore: the server may have lost the proof that this account uploaded photos
 * (its account_blobs rows after the backup). Every photo whose bytes are here goes back in the upload queue; one
 * the server still holds costs a status request, one it lost is sent again, from this phone or any other that has it.
 */
export async function recheckUploads(db: XsjDatabase): Promise<void> {
  await db.attachments
    .where('uploadState')
    .equals('uploaded')
    .filter((row) => row.blob !== null)
    .modify({ uploadState: 'pending' })
}

/** At the start of a resync after a restore: no queued change may claim a base on the history the server lost. */
export async function rebaseOutbox(db: XsjDatabase, fork: number): Promise<void> {
  await db.outbox.filter((e) => e.baseRev !== null && e.baseRev > fork).modify({ baseRev: fork })
}

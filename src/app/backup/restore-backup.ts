/**
 * 从备份恢复: what a checked backup file (read-backup-file.ts) would change, and then changing it, in one Dexie
 * transaction with the photos, the account binding and the sync state, so a failure leaves the phone as it was.
 *
 * How restored records reach the server without breaking the sync invariants (design.md):
 * - A copy that had changes not yet on the server when the backup was made, or was never synced (rev null), takes
 *   the path every local write takes (db/repository.ts): the row, marked pending, and outbox entries in the same
 *   transaction, with this phone's sequence numbers. The server merges them against what it has: a field changed
 *   there since the copy's revision becomes a visible conflict, never a silent loss.
 * - A copy that was on the server as it is (a revision, nothing unsent) is the server's own state at that revision:
 *   sending it back as an edit would only turn every later change made elsewhere into a conflict with stale values.
 *   It is stored as a pull would store it, and the next sync is made a full resync (cursor 0) as for a server that
 *   is behind: the server's newer copies then replace it, and any the server no longer has are sent to it again
 *   (sync/local-sync.ts, finishResync). So nothing in the backup is lost, and nothing newer is overwritten.
 */
import {
  accountProblemOf,
  planRecords,
  settingsActionOf,
  type LocalCopy,
  type RecordCounts,
  type RecordDecision,
  type SettingsAction,
} from '../../shared/backup/restore-plan'
import { refused, type BackupCheck } from '../../shared/backup/problems'
import { changedFields } from '../../shared/changes'
import type { MutationOp, OutboxEntry } from '../../shared/outbox'
import { fieldsOf, isRecordTable, SYNCED_TABLES, type StoredRecord, type SyncedTable } from '../../shared/records'
import type { ReportSettings } from '../../shared/reporting/report-settings'
import type { AttachmentRow } from '../db/attachment-row'
import { localRow, storedRecordOf } from '../db/index-keys'
import { queueChanges } from '../db/outbox-writer'
import type { RecordChange } from '../db/repository'
import type { AccountMeta, RecordRow, XsjDatabase } from '../db/schema'
import { readAccount, readSyncMeta } from '../sync/sync-meta'
import type { BackupFile } from './read-backup-file'

export interface RestoreSummary {
  records: RecordCounts
  photos: { added: number; present: number }
  settings: SettingsAction
  /** The account the records are tied to from now on, when this phone had none. */
  boundAccount: string | null
}

export interface RestoreOutcome extends RestoreSummary {
  /** The records written, for lists, search and sync to hear of (after the transaction committed). */
  changes: RecordChange[]
}

type Locals = Map<string, RecordRow<SyncedTable>>

function localCopyOf(row: RecordRow<SyncedTable>): LocalCopy {
  return {
    updatedAt: row.updatedAt,
    deletedAt: row.deletedAt,
    rev: row.rev,
    fields: row,
    hasUnsentChanges: row.syncState !== undefined,
  }
}

async function readLocals(db: XsjDatabase, backup: BackupFile): Promise<Map<SyncedTable, Locals>> {
  const locals = new Map<SyncedTable, Locals>()
  for (const table of SYNCED_TABLES) {
    const ids = (backup.data.records[table] as StoredRecord<SyncedTable>[]).map((r) => r.id)
    const rows = (await db.records(table).bulkGet(ids)) as (RecordRow<SyncedTable> | undefined)[]
    locals.set(table, new Map(rows.filter((row) => row !== undefined).map((row) => [row.id, row])))
  }
  return locals
}

async function summaryOf(
  db: XsjDatabase,
  backup: BackupFile,
  localReport: ReportSettings,
  locals: Map<SyncedTable, Locals>,
): Promise<{ summary: RestoreSummary; decisions: RecordDecision[]; held: (AttachmentRow | undefined)[] }> {
  const plan = planRecords(backup.data.records, backup.data.unsent, (table, id) => {
    const row = locals.get(table)!.get(id)
    return row && localCopyOf(row)
  })
  const held = await db.attachments.bulkGet(backup.data.photos.map((p) => p.hash))
  const present = held.filter((row) => row?.blob).length
  const account = await readAccount(db)
  const summary: RestoreSummary = {
    records: plan.counts,
    photos: { added: held.length - present, present },
    settings: settingsActionOf(backup.data.settings.report, localReport),
    boundAccount: !account && backup.manifest.account ? backup.manifest.account.name : null,
  }
  return { summary, decisions: plan.decisions, held }
}

async function accountCheck(db: XsjDatabase, backup: BackupFile) {
  const account = await readAccount(db)
  return accountProblemOf(backup.manifest.account, account)
}

/** What restoring would do, for the person to confirm; writes nothing. */
export async function previewRestore(
  db: XsjDatabase,
  backup: BackupFile,
  localReport: ReportSettings,
): Promise<BackupCheck<RestoreSummary>> {
  return db.transaction('r', [...db.recordTables(), db.attachments, db.meta], async () => {
    const problem = await accountCheck(db, backup)
    if (problem) return refused(problem)
    return {
      ok: true as const,
      value: (await summaryOf(db, backup, localReport, await readLocals(db, backup))).summary,
    }
  })
}

/**
 * Restores, deciding again inside the transaction (a sync may have written since the preview). The settings are
 * not written here: the caller replaces them in the store once this has committed, when the summary says 'adopt'.
 */
export async function restoreBackup(
  db: XsjDatabase,
  backup: BackupFile,
  localReport: ReportSettings,
): Promise<BackupCheck<RestoreOutcome>> {
  return db.transaction('rw', [...db.recordTables(), db.outbox, db.meta, db.attachments], async () => {
    const problem = await accountCheck(db, backup)
    if (problem) return refused(problem)
    const locals = await readLocals(db, backup)
    const { summary, decisions, held } = await summaryOf(db, backup, localReport, locals)
    const writes = decisions.flatMap((d) =>
      d.action === 'add' || d.action === 'replace' ? [writeOf(d, locals.get(d.table)!.get(d.record.id))] : [],
    )
    const changes: RecordChange[] = []
    for (const table of SYNCED_TABLES) {
      const rows = writes.filter((w) => w.table === table).map((w) => w.row)
      await db.records(table).bulkPut(rows as RecordRow<typeof table>[])
      // Lists and search hear of records; packet steps are read by their own screens.
      if (isRecordTable(table))
        changes.push(...rows.map((row) => ({ table, record: storedRecordOf(row as RecordRow) })))
    }
    await queueChanges(
      db,
      writes.flatMap((write) =>
        write.entries.map((entry) => ({ ...entry, table: write.table, recordId: write.row.id })),
      ),
    )
    await storePhotos(db, backup, held)
    if (summary.boundAccount !== null) await db.meta.put(accountFromBackup(backup))
    if (writes.some((w) => w.entries.length === 0)) {
      // Stored as pulled, at the backup's revisions: the next sync starts over from 0 and settles them (see above).
      await db.meta.put({
        ...(await readSyncMeta(db)),
        cursor: 0,
        resyncEpoch: Date.now(),
        resyncReason: 'serverBehind',
      })
    }
    return { ok: true as const, value: { ...summary, changes } }
  })
}

type EntryDraft = Pick<OutboxEntry, 'op' | 'changes' | 'baseRev' | 'createdAt' | 'unitId'>

interface Write {
  table: SyncedTable
  row: RecordRow<SyncedTable>
  entries: EntryDraft[]
}

/** The lower of two revisions, null (never seen from the server) being the lowest: the base a change may claim. */
function lowerRev(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.min(a, b)
}

/**
 * The row and outbox entries of one restored record (none for a copy that was on the server as it is). The entries
 * carry the backup copy's time (`at` is when the person made the change). A deletion or its undoing is a change of
 * its own, as the repository writes it.
 */
function writeOf(
  { table, record, hasUnsentChanges, action }: RecordDecision,
  local: RecordRow<SyncedTable> | undefined,
): Write {
  if (record.rev !== null && !hasUnsentChanges) return { table, row: rowOf(table, record, false), entries: [] }
  const fields = fieldsOf(table, record)
  const at = record.updatedAt
  const entry = (op: MutationOp, changes: Record<string, unknown>, baseRev: number | null): EntryDraft => ({
    op,
    changes,
    baseRev,
    createdAt: at,
  })
  const entries: EntryDraft[] = []
  if (action === 'add' || !local) {
    // The revision the backup's copy was based on: the server checks which fields changed there since.
    // A unit's record goes back as the unit's: the server decides whether this account may still record it.
    entries.push({
      ...entry('create', fields as unknown as Record<string, unknown>, record.rev),
      ...(record.unitId ? { unitId: record.unitId } : {}),
    })
    if (record.deletedAt !== null) entries.push(entry('delete', { deletedAt: record.deletedAt }, record.rev))
    return { table, row: rowOf(table, { ...record, rev: null }, true), entries }
  }
  const baseRev = lowerRev(local.rev, record.rev)
  if (local.deletedAt !== null && record.deletedAt === null)
    entries.push(entry('restore', { deletedAt: null }, baseRev))
  const changes = changedFields(
    fieldsOf(table, local as never) as unknown as Record<string, unknown>,
    fields as unknown as Record<string, unknown>,
  )
  if (Object.keys(changes).length > 0) entries.push(entry('update', changes, baseRev))
  if (local.deletedAt === null && record.deletedAt !== null)
    entries.push(entry('delete', { deletedAt: record.deletedAt }, baseRev))
  // The revision and conflicts are this phone's: they describe its place in sync, which an unsent copy's do not.
  return { table, row: rowOf(table, { ...record, rev: local.rev, conflicts: local.conflicts ?? [] }, true), entries }
}

function rowOf(table: SyncedTable, record: StoredRecord<SyncedTable>, isPending: boolean): RecordRow<SyncedTable> {
  return localRow(table, record, { syncState: isPending ? 'pending' : undefined })
}

/** New photos wait for upload like any taken here; a photo whose original had been freed gets its bytes back. */
async function storePhotos(
  db: XsjDatabase,
  backup: BackupFile,
  held: readonly (AttachmentRow | undefined)[],
): Promise<void> {
  const added: AttachmentRow[] = []
  for (const [i, photo] of backup.data.photos.entries()) {
    const existing = held[i]
    if (existing?.blob) continue
    const blob = new Blob([backup.photoBytes.get(photo.hash)! as Uint8Array<ArrayBuffer>], { type: photo.type })
    if (existing) await db.attachments.update(photo.hash, { blob })
    else added.push({ ...photo, blob, uploadState: 'pending' })
  }
  await db.attachments.bulkAdd(added)
}

function accountFromBackup(backup: BackupFile): AccountMeta {
  const { accountId, name, displayName } = backup.manifest.account!
  // Signed out: the phone knows whose records these are, and asks for that account's password before it syncs.
  return {
    key: 'account',
    accountId,
    name,
    displayName,
    isAdmin: false,
    token: null,
    signedInAt: backup.manifest.createdAt,
  }
}

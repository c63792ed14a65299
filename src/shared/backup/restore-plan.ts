/**
 * What restoring a backup does to each record, decided against the phone's own copy. The rule: restoring never
 * silently replaces something newer, and never touches a change that has not reached the server yet.
 *
 * - No copy here: the backup's is added (a deleted one too, so its deletion is not lost).
 * - The same content (fields and deletion) here: nothing to do.
 * - Which copy is newer: when both were on the server as they are (a revision, no unsent change), the higher
 *   revision, which the server handed out in order (design.md, invariant 2); otherwise updatedAt, the best there
 *   is, compared as instants (Date.parse: times may be written with or without milliseconds). A deletion counts as
 *   a change, so a tombstone newer than the backup's copy stays deleted.
 * - This phone's copy is newer, or as new: kept.
 * - The backup's copy is newer but this phone's has changes not yet sent (or refused by the server): kept, and said
 *   so, because replacing it would throw away the person's unsent work.
 * - Otherwise the backup's newer copy replaces this phone's, deletion included.
 * Kept copies are counted and shown to the person before and after; nothing is decided silently.
 */
import { sameValue } from '../changes'
import { fieldsOf, isRecordTable, SYNCED_TABLES, type StoredRecord, type SyncedTable } from '../records'
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../reporting/report-settings'
import type { BackupAccount, BackupRecords, RecordIds } from './format'
import { otherAccount, type BackupProblem } from './problems'

export type RestoreAction = 'add' | 'replace' | 'same' | 'keepNewer' | 'keepUnsent'

/** This phone's copy of a record, as far as the decision needs it. */
export interface LocalCopy {
  updatedAt: string
  deletedAt: string | null
  rev: number | null
  /** The record (its fields are picked from it by the type's field list). */
  fields: object
  /** Changes of this copy wait in the outbox (unsent, or refused by the server). */
  hasUnsentChanges: boolean
}

/** The backup's copy, and whether it had changes not yet on the server when the backup was made. */
export interface BackupCopy<T extends SyncedTable = SyncedTable> {
  record: StoredRecord<T>
  hasUnsentChanges: boolean
}

function isBackupNewer(backup: BackupCopy, local: LocalCopy): boolean {
  const { record } = backup
  const isBothOnServer =
    record.rev !== null && local.rev !== null && !backup.hasUnsentChanges && !local.hasUnsentChanges
  if (isBothOnServer) return record.rev! > local.rev!
  return Date.parse(record.updatedAt) > Date.parse(local.updatedAt)
}

export function restoreActionOf<T extends SyncedTable>(
  table: T,
  backup: BackupCopy<T>,
  local: LocalCopy | undefined,
): RestoreAction {
  if (!local) return 'add'
  const isSame =
    local.deletedAt === backup.record.deletedAt &&
    sameValue(fieldsOf(table, local.fields as never), fieldsOf(table, backup.record))
  if (isSame) return 'same'
  if (!isBackupNewer(backup, local)) return 'keepNewer'
  if (local.hasUnsentChanges) return 'keepUnsent'
  return 'replace'
}

export interface RecordDecision<T extends SyncedTable = SyncedTable> extends BackupCopy<T> {
  table: T
  action: RestoreAction
}

export interface RecordCounts {
  added: number
  replaced: number
  same: number
  keptNewer: number
  keptUnsent: number
  /** Of the replaced: records live here that the backup holds as deleted, so they are deleted here too. */
  deleted: number
}

export interface RecordPlan {
  decisions: RecordDecision[]
  counts: RecordCounts
}

const COUNTED: Record<RestoreAction, keyof RecordCounts> = {
  add: 'added',
  replace: 'replaced',
  same: 'same',
  keepNewer: 'keptNewer',
  keepUnsent: 'keptUnsent',
}

export function planRecords(
  records: BackupRecords,
  unsent: RecordIds,
  localOf: (table: SyncedTable, id: string) => LocalCopy | undefined,
): RecordPlan {
  const counts: RecordCounts = { added: 0, replaced: 0, same: 0, keptNewer: 0, keptUnsent: 0, deleted: 0 }
  const decisions: RecordDecision[] = []
  for (const table of SYNCED_TABLES) {
    const isUnsent = new Set(unsent[table])
    for (const record of records[table] as StoredRecord[]) {
      const local = localOf(table, record.id)
      const copy = { record, hasUnsentChanges: isUnsent.has(record.id) }
      const action = restoreActionOf(table, copy, local)
      // The counts a person is shown are of records; packet steps travel with their sessions, uncounted.
      if (isRecordTable(table)) {
        counts[COUNTED[action]]++
        if (action === 'replace' && record.deletedAt !== null && local?.deletedAt === null) counts.deleted++
      }
      decisions.push({ table, ...copy, action })
    }
  }
  return { decisions, counts }
}

export type SettingsAction = 'adopt' | 'same' | 'keepLocal'

/**
 * Settings carry no time, so "newer" cannot be told: the backup's are taken only where this phone still has the
 * defaults (a new phone); settings someone chose here are kept.
 */
export function settingsActionOf(backup: ReportSettings, local: ReportSettings): SettingsAction {
  if (sameValue(backup, local)) return 'same'
  return sameValue(local, DEFAULT_REPORT_SETTINGS) ? 'adopt' : 'keepLocal'
}

export interface DeviceAccount {
  accountId: string
  name: string
}

/**
 * Records belong to one account: the server refuses a push that holds another account's records, and would stop
 * syncing this phone. A backup of account A is therefore never restored onto a phone bound to account B. A phone
 * bound to no account takes the backup's (signed out): signing in to another account is then refused, as for a
 * phone that has recorded under one (sync/account-session.ts).
 */
export function accountProblemOf(
  backup: BackupAccount | null,
  device: DeviceAccount | undefined,
): BackupProblem | null {
  if (!backup || !device || backup.accountId === device.accountId) return null
  return otherAccount(backup.name, device.name)
}

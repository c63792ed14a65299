/** Writing a backup's JSON: the records as they sync (fields and bookkeeping, no local keys), photos, settings. */
import { fieldsOf, type StoredRecord, type SyncedTable } from '../records'
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupAccount,
  type BackupData,
  type BackupManifest,
} from './format'

/**
 * The record without this phone's own keys (sort keys, sync state, resync marks): picked by the type's fields and
 * the bookkeeping every record carries, so nothing local leaks into a file another phone reads.
 */
export function backupRecordOf<T extends SyncedTable>(table: T, record: StoredRecord<T>): StoredRecord<T> {
  const { id, createdAt, updatedAt, deviceId, deletedAt, rev, conflicts, unitId, authorId, sharedWith } = record
  const owner = {
    ...(unitId ? { unitId } : {}),
    ...(authorId ? { authorId } : {}),
    ...(sharedWith && sharedWith.length > 0 ? { sharedWith } : {}),
  }
  return {
    ...fieldsOf(table, record),
    id,
    createdAt,
    updatedAt,
    deviceId,
    deletedAt,
    rev,
    conflicts: conflicts ?? [],
    ...owner,
  } as StoredRecord<T>
}

export interface ManifestInput {
  data: BackupData
  createdAt: string
  appVersion: string
  account: BackupAccount | null
  dataSha256: string
}

export function manifestOf({ data, createdAt, appVersion, account, dataSha256 }: ManifestInput): BackupManifest {
  const { studySessions, readingNotes, visits, reviewEvents } = data.records
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt,
    appVersion,
    account,
    counts: {
      studySessions: studySessions.length,
      readingNotes: readingNotes.length,
      visits: visits.length,
      reviewEvents: reviewEvents.length,
      photos: data.photos.length,
    },
    dataSha256,
  }
}

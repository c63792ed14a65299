/** Keys derived from a record only so IndexedDB can sort and filter by them; they are never synced. */
import type { FieldsOf, RecordTable, StoredRecord, SyncedTable } from '../../shared/records'
import type { Conflict } from '../../shared/sync/protocol'
import type { LocalKeys, SyncState } from './schema'

export interface IndexKeys {
  /** `date|startTime|id`: newest first by the date a person gave, ties broken by creation order. */
  sortKey: string
  /** Visits only: the statuses of their problems, for the 待办/办理中/已办结 filter. */
  problemStatuses?: string[]
  /** 1 while the record has conflicts to settle, absent otherwise: 待处理 and its count read this index. */
  conflicted?: 1
}

export function indexKeysOf<T extends SyncedTable>(
  table: T,
  record: FieldsOf[T] & { id: string; conflicts?: readonly Conflict[] },
): IndexKeys {
  // A packet step has no date of its own: the phone's time of the press orders the steps a device has not sent yet.
  if (table === 'reviewEvents') return { sortKey: `${(record as FieldsOf['reviewEvents']).deviceAt}|${record.id}` }
  const dated = record as FieldsOf[RecordTable]
  const time = 'startTime' in dated ? dated.startTime : ''
  const keys: IndexKeys = { sortKey: `${dated.date}|${time}|${record.id}` }
  if ((record.conflicts?.length ?? 0) > 0) keys.conflicted = 1
  if (table === 'visits') {
    keys.problemStatuses = [...new Set((record as FieldsOf['visits']).problems.map((p) => p.status))]
  }
  return keys
}

/** A record as screens see it: its fields and bookkeeping, and whether it still waits to be sent. */
export type LocalRecord<T extends SyncedTable = RecordTable> = StoredRecord<T> & { syncState?: SyncState }

/** The record without its local index keys. Records from before v3 get an empty conflict list. */
export function storedRecordOf<T extends SyncedTable = RecordTable>(
  row: StoredRecord<T> & IndexKeys & LocalKeys,
): LocalRecord<T> {
  const {
    sortKey: _sortKey,
    problemStatuses: _problemStatuses,
    conflicted: _conflicted,
    resyncEpoch: _resyncEpoch,
    fieldRevs: _fieldRevs,
    ...record
  } = row
  return { ...record, conflicts: record.conflicts ?? [] } as unknown as LocalRecord<T>
}

/**
 * The one builder of a local row: the record, the index keys derived from it, and the local bookkeeping given
 * (absent keys stay absent: a row without syncState is one with nothing left to send).
 */
export function localRow<T extends SyncedTable = RecordTable>(
  table: T,
  record: StoredRecord<T>,
  keys: LocalKeys = {},
): StoredRecord<T> & IndexKeys & LocalKeys {
  const defined = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined)) as LocalKeys
  return { ...record, ...indexKeysOf<SyncedTable>(table, record as StoredRecord<SyncedTable>), ...defined }
}

/**
 * A record's ownership as a row keeps it (docs/units.md): only what says something. A personal, unshared record
 * carries none of these keys, as records made before units did, so every copy of one record looks the same.
 */
export function ownerKeys(owner: {
  unitId?: string | null
  authorId?: string
  sharedWith?: readonly string[]
}): Partial<Pick<StoredRecord, 'unitId' | 'authorId' | 'sharedWith'>> {
  return {
    ...(owner.unitId ? { unitId: owner.unitId } : {}),
    ...(owner.authorId ? { authorId: owner.authorId } : {}),
    ...(owner.sharedWith && owner.sharedWith.length > 0 ? { sharedWith: [...owner.sharedWith] } : {}),
  }
}

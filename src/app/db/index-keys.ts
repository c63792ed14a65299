/** Keys derived from a record only so IndexedDB can sort and filter by them; they are never synced. */
import type { FieldsOf, RecordTable, StoredRecord } from '../../shared/records'
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

export function indexKeysOf<T extends RecordTable>(table: T, record: FieldsOf[T] & { id: string; conflicts?: readonly Conflict[] }): IndexKeys {
  const time = 'startTime' in record ? record.startTime : ''
  const keys: IndexKeys = { sortKey: `${record.date}|${time}|${record.id}` }
  if ((record.conflicts?.length ?? 0) > 0) keys.conflicted = 1
  if (table === 'visits') {
    keys.problemStatuses = [...new Set((record as FieldsOf['visits']).problems.map((p) => p.status))]
  }
  return keys
}

/** A record as screens see it: its fields and bookkeeping, and whether it still waits to be sent. */
export type LocalRecord<T extends RecordTable = RecordTable> = StoredRecord<T> & { syncState?: SyncState }

/** The record without its local index keys. Records from before v3 get an empty conflict list. */
export function storedRecordOf<T extends RecordTable>(row: StoredRecord<T> & IndexKeys & LocalKeys): LocalRecord<T> {
  const { sortKey: _sortKey, problemStatuses: _problemStatuses, conflicted: _conflicted, resyncEpoch: _resyncEpoch, ...record } = row
  return { ...record, conflicts: record.conflicts ?? [] } as unknown as LocalRecord<T>
}

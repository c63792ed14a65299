/** Keys derived from a record only so IndexedDB can sort and filter by them; they are never synced. */
import type { FieldsOf, RecordTable, StoredRecord } from '../../shared/records'

export interface IndexKeys {
  /** `date|startTime|id`: newest first by the date a person gave, ties broken by creation order. */
  sortKey: string
  /** Visits only: the statuses of their problems, for the 待办/办理中/已办结 filter. */
  problemStatuses?: string[]
}

export function indexKeysOf<T extends RecordTable>(table: T, record: FieldsOf[T] & { id: string }): IndexKeys {
  const time = 'startTime' in record ? record.startTime : ''
  const keys: IndexKeys = { sortKey: `${record.date}|${time}|${record.id}` }
  if (table === 'visits') {
    keys.problemStatuses = [...new Set((record as FieldsOf['visits']).problems.map((p) => p.status))]
  }
  return keys
}

/** The record without its local index keys: what forms edit and sync sends. */
export function storedRecordOf<T extends RecordTable>(row: StoredRecord<T> & IndexKeys): StoredRecord<T> {
  const { sortKey: _sortKey, problemStatuses: _problemStatuses, ...record } = row
  return record as unknown as StoredRecord<T>
}

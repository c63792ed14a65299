/** Stored records for the reporting tests: a type's blank record, the fields given, and bookkeeping. */
import { recordTypes, type FieldsOf, type StoredRecord, type SyncedTable } from '../../../src/shared/records'

let serial = 0

export function stored<T extends SyncedTable>(
  table: T,
  fields: Partial<FieldsOf[T]>,
  meta: { deletedAt?: string } = {},
): StoredRecord<T> {
  serial++
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, serial)).toISOString()
  return {
    ...recordTypes[table].blank('2026-03-01'),
    ...fields,
    id: `00000000-0000-7000-8000-${String(serial).padStart(12, '0')}`,
    createdAt: at,
    updatedAt: at,
    deviceId: 'test-device',
    deletedAt: meta.deletedAt ?? null,
    rev: null,
    conflicts: [],
  } as StoredRecord<T>
}

/** Between a records-table row and the record the merge rule works on. */
import type { Insertable, Selectable } from 'kysely'
import type { RecordTable } from '../../shared/records'
import type { ServerRecord } from '../../shared/sync/merge'
import type { RecordState } from '../../shared/sync/protocol'
import type { RecordsTable } from '../db/schema'

/** The record as devices receive it, without parsing the per-field bookkeeping a pull never sends. */
export function stateOfRow(row: Selectable<RecordsTable>): RecordState {
  return {
    table: row.tbl as RecordTable,
    id: row.id,
    rev: row.rev,
    fields: JSON.parse(row.data) as Record<string, unknown>,
    conflicts: JSON.parse(row.conflicts) as RecordState['conflicts'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deviceId: row.device_id,
    deletedAt: row.deleted_at,
  }
}

/** The record with its per-field revisions, as the merge rule needs it. */
export function recordOfRow(row: Selectable<RecordsTable>): ServerRecord {
  return { ...stateOfRow(row), fieldRevs: JSON.parse(row.field_revs) as ServerRecord['fieldRevs'] }
}

export function rowOfRecord(accountId: string, record: ServerRecord, changedAt: string): Insertable<RecordsTable> {
  return {
    id: record.id,
    account_id: accountId,
    tbl: record.table,
    rev: record.rev,
    data: JSON.stringify(record.fields),
    field_revs: JSON.stringify(record.fieldRevs),
    conflicts: JSON.stringify(record.conflicts),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    device_id: record.deviceId,
    deleted_at: record.deletedAt,
    changed_at: changedAt,
  }
}

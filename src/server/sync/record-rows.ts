/** Between a records-table row and the record the merge rule works on. */
import type { Insertable, Selectable } from 'kysely'
import type { RecordTable } from '../../shared/records'
import type { ServerRecord } from '../../shared/sync/merge'
import type { RecordState } from '../../shared/sync/protocol'
import type { RecordsTable } from '../db/schema'
import type { RecordOwner } from '../units/access-index'

/** A record as the server holds it: the merge rule's view of it, and who owns it. */
export type OwnedRecord = ServerRecord & RecordOwner & { scope: string }

/** The record as devices receive it: the per-field bookkeeping as revisions only (which device is the server's business). */
export function stateOfRow(row: Selectable<RecordsTable>): RecordState {
  const fieldRevs: Record<string, number> = {}
  for (const [field, [rev]] of Object.entries(JSON.parse(row.field_revs) as ServerRecord['fieldRevs']))
    fieldRevs[field] = rev
  return { ...baseStateOfRow(row), fieldRevs }
}

function baseStateOfRow(row: Selectable<RecordsTable>): Omit<RecordState, 'fieldRevs'> & RecordOwner {
  return {
    table: row.tbl as RecordTable,
    id: row.id,
    rev: Number(row.rev),
    fields: JSON.parse(row.data) as Record<string, unknown>,
    conflicts: JSON.parse(row.conflicts) as RecordState['conflicts'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deviceId: row.device_id,
    deletedAt: row.deleted_at,
    unitId: row.unit_id,
    authorId: row.author_id,
    sharedWith: JSON.parse(row.shared_with) as string[],
  }
}

/** The record with its per-field revisions, as the merge rule needs it. */
export function recordOfRow(row: Selectable<RecordsTable>): OwnedRecord {
  return {
    ...baseStateOfRow(row),
    scope: row.scope,
    fieldRevs: JSON.parse(row.field_revs) as ServerRecord['fieldRevs'],
  }
}

export function rowOfRecord(record: OwnedRecord, changedAt: string): Insertable<RecordsTable> {
  return {
    scope: record.scope,
    id: record.id,
    author_id: record.authorId,
    unit_id: record.unitId,
    tbl: record.table,
    rev: record.rev,
    data: JSON.stringify(record.fields),
    field_revs: JSON.stringify(record.fieldRevs),
    conflicts: JSON.stringify(record.conflicts),
    shared_with: JSON.stringify(record.sharedWith),
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    device_id: record.deviceId,
    deleted_at: record.deletedAt,
    changed_at: changedAt,
  }
}

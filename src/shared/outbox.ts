import type { RecordTable } from './records'

export type MutationOp = 'create' | 'update' | 'delete' | 'restore'

/** One local change waiting to be pushed. Written in the same transaction as the record it describes. */
export interface OutboxEntry {
  /** Per-device sequence number: strictly increasing, never reused. The outbox's primary key. */
  seq: number
  mutationId: string
  deviceId: string
  table: RecordTable
  recordId: string
  op: MutationOp
  /** The fields this change set, with their new values (deletedAt for a delete or restore). */
  changes: Record<string, unknown>
  /** Server revision of the record this change was made on; null while the record has never synced. */
  baseRev: number | null
  createdAt: string
}

import type { SyncedTable } from './records'
import type { Conflict, MutationOp, Refusal } from './sync/protocol'

export type { MutationOp } from './sync/protocol'

/** One local change waiting to be pushed. Written in the same transaction as the record it describes. */
export interface OutboxEntry {
  /** Per-device sequence number: strictly increasing, never reused. The outbox's primary key. */
  seq: number
  mutationId: string
  deviceId: string
  table: SyncedTable
  recordId: string
  op: MutationOp
  /** The fields this change set, with their new values (deletedAt for a delete or restore). */
  changes: Record<string, unknown>
  /** Server revision of the record this change was made on; null while the record has never synced. */
  baseRev: number | null
  createdAt: string
  /** For op 'resolve' (or a delete that settles a conflict): the conflicts this change settles. */
  resolves?: string[]
  /** After the server was restored from a backup: conflicts this device holds that the server lost. */
  keepConflicts?: Conflict[]
  /** With a create: the unit that will own the record (docs/units.md). */
  unitId?: string
  /** Set when the server refused the change for good: why, in words a person can act on. */
  refusal?: Refusal
  /** When it was refused (indexed, so the few refused entries are found without reading the whole outbox). */
  refusedAt?: string
}

/**
 * What a device shows for a record: the server's latest state with the device's own unsent changes laid on top,
 * in the order they were made. Pulled changes therefore never hide an edit that is still waiting to be pushed.
 */
import type { Conflict, MutationOp } from './protocol'

export interface PendingChange {
  op: MutationOp
  changes: Record<string, unknown>
  resolves?: string[]
  /** Conflicts the server lost in a restore, on their way back to it: shown until it has them again. */
  keepConflicts?: Conflict[]
}

export interface RecordView {
  fields: Record<string, unknown>
  deletedAt: string | null
  conflicts: Conflict[]
  sharedWith?: string[]
}

export function withPending(state: RecordView, pending: readonly PendingChange[]): RecordView {
  if (pending.length === 0) return state
  let { fields, deletedAt, conflicts, sharedWith } = state
  for (const change of pending) {
    const { deletedAt: changedDeletedAt, sharedWith: changedSharedWith, ...changedFields } = change.changes
    fields = { ...fields, ...changedFields }
    if (Object.hasOwn(change.changes, 'deletedAt')) deletedAt = changedDeletedAt as string | null
    if (change.op === 'share') sharedWith = changedSharedWith as string[]
    if (change.resolves && change.resolves.length > 0) {
      const resolved = new Set(change.resolves)
      conflicts = conflicts.filter((c) => !resolved.has(c.id))
    }
    if (change.keepConflicts && change.keepConflicts.length > 0) {
      const present = new Set(conflicts.map((c) => c.id))
      conflicts = [...conflicts, ...change.keepConflicts.filter((c) => !present.has(c.id))]
    }
  }
  return sharedWith === undefined ? { fields, deletedAt, conflicts } : { fields, deletedAt, conflicts, sharedWith }
}

/**
 * What a device shows for a record: the server's latest state with the device's own unsent changes laid on top,
 * in the order they were made. Pulled changes therefore never hide an edit that is still waiting to be pushed.
 */
import type { Conflict, MutationOp } from './protocol'

export interface PendingChange {
  op: MutationOp
  changes: Record<string, unknown>
  resolves?: string[]
}

export interface RecordView {
  fields: Record<string, unknown>
  deletedAt: string | null
  conflicts: Conflict[]
}

export function withPending(state: RecordView, pending: readonly PendingChange[]): RecordView {
  if (pending.length === 0) return state
  let { fields, deletedAt, conflicts } = state
  for (const change of pending) {
    const { deletedAt: changedDeletedAt, ...changedFields } = change.changes
    fields = { ...fields, ...changedFields }
    if (Object.hasOwn(change.changes, 'deletedAt')) deletedAt = changedDeletedAt as string | null
    if (change.resolves && change.resolves.length > 0) {
      const resolved = new Set(change.resolves)
      conflicts = conflicts.filter((c) => !resolved.has(c.id))
    }
  }
  return { fields, deletedAt, conflicts }
}

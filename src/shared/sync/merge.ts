/**
 * How the server applies one mutation to the record it holds: field-level merge, nothing silently lost.
 *
 * - Each field remembers the revision and the device of its last change (`fieldRevs`).
 * - A change to field f, made on base revision B, is concurrent with another device's change when f was last
 *   changed after B by a different device. A device's own earlier changes never conflict with its later ones.
 * - Fields changed on one side only merge. The same field changed on both sides with different values: the value
 *   the server already has stays (the one every other device has seen), and the incoming value is kept as a
 *   conflict on the record, for every device to see until a person settles it.
 * - Delete against edit: an edit always wins. A delete made without knowing of another device's later edit is not
 *   applied; an edit made without knowing of another device's delete brings the record back. Either way the record
 *   carries a 'delete' conflict, so the person who deleted it sees why it is still there and can delete it again.
 * - The merged record must pass the same validation as a form; a change that would break it is refused with the
 *   reason, and the record stays as it was.
 */
import { sameValue } from '../changes'
import { recordTypes, type RecordTable } from '../records'
import { validateRecord } from '../validation'
import type { Conflict, Mutation, MutationResult, RecordState, Refusal } from './protocol'

/** field → [revision, device number] of its last change; 'deletedAt' too. Server bookkeeping, never sent. */
export type FieldRevs = Record<string, [rev: number, deviceNo: number]>

export interface ServerRecord extends RecordState {
  fieldRevs: FieldRevs
}

export interface MergeContext {
  /** The account-local number of the pushing device (smaller to store than its UUID). */
  deviceNo: number
  deviceId: string
  /** The revision this mutation gets if it changes anything. */
  nextRev: number
  newId: () => string
}

export interface MergeOutcome {
  /** The record after the mutation; the same object when nothing changed or the mutation was refused. */
  record: ServerRecord | null
  changed: boolean
  result: MutationResult
}

export function applyMutation(current: ServerRecord | null, m: Mutation, ctx: MergeContext): MergeOutcome {
  const refuse = (refusal: Refusal): MergeOutcome => ({ record: current, changed: false, result: { id: m.id, seq: m.seq, status: 'refused', rev: null, refusal } })
  const shapeProblem = checkShape(m)
  if (shapeProblem) return refuse(shapeProblem)

  if (current === null) {
    if (m.op !== 'create') return refuse(notFound())
    const validation = validateRecord(m.table, m.changes)
    if (!validation.ok) return refuse(invalid(validation.errors))
    const fields = validation.value as Record<string, unknown>
    const fieldRevs: FieldRevs = Object.fromEntries(Object.keys(fields).map((key) => [key, [ctx.nextRev, ctx.deviceNo]]))
    const record: ServerRecord = {
      table: m.table, id: m.recordId, rev: ctx.nextRev, fields, createdAt: m.at, updatedAt: m.at, deviceId: ctx.deviceId,
      deletedAt: null, conflicts: [], fieldRevs,
    }
    return { record, changed: true, result: { id: m.id, seq: m.seq, status: 'applied', rev: ctx.nextRev } }
  }
  if (current.table !== m.table) return refuse(notFound())

  const base = m.baseRev ?? 0
  const byOtherSinceBase = (field: string): boolean => {
    const last = current.fieldRevs[field]
    return last !== undefined && last[0] > base && last[1] !== ctx.deviceNo
  }
  const fieldKeys = Object.keys(recordTypes[m.table].specs)
  const resolved = new Set(m.resolves ?? [])
  const fields = { ...current.fields }
  const fieldRevs = { ...current.fieldRevs }
  let deletedAt = current.deletedAt
  let changed = current.conflicts.some((c) => resolved.has(c.id))
  const conflicts: Omit<Conflict, 'id' | 'rev' | 'deviceId' | 'at'>[] = []
  const stamp = (field: string) => {
    fieldRevs[field] = [ctx.nextRev, ctx.deviceNo]
    changed = true
  }

  if (m.op === 'delete') {
    if (current.deletedAt === null) {
      if (fieldKeys.some(byOtherSinceBase)) conflicts.push({ kind: 'delete', field: 'deletedAt', value: m.changes.deletedAt })
      else {
        deletedAt = m.changes.deletedAt as string
        stamp('deletedAt')
      }
    }
  } else if (m.op === 'restore') {
    if (current.deletedAt !== null) {
      deletedAt = null
      stamp('deletedAt')
    }
  } else {
    let isEdit = false
    for (const [field, value] of Object.entries(m.changes)) {
      if (sameValue(fields[field], value)) continue
      isEdit = true
      if (byOtherSinceBase(field)) conflicts.push({ kind: 'field', field, value })
      else {
        fields[field] = value
        stamp(field)
      }
    }
    if (isEdit && current.deletedAt !== null && byOtherSinceBase('deletedAt')) {
      conflicts.push({ kind: 'delete', field: 'deletedAt', value: current.deletedAt })
      deletedAt = null
      stamp('deletedAt')
    }
  }

  if (!changed && conflicts.length === 0) {
    return { record: current, changed: false, result: { id: m.id, seq: m.seq, status: 'applied', rev: current.rev } }
  }
  // Only a change of fields is checked: a record that an older, looser schema let in can still be deleted,
  // restored or have its conflicts settled.
  const hasFieldChange = Object.keys(fields).some((key) => fields[key] !== current.fields[key])
  const validation = hasFieldChange ? validateRecord(m.table, fields) : { ok: true as const, value: current.fields }
  if (!validation.ok) return refuse(invalid(validation.errors))

  const kept: Conflict[] = [
    ...current.conflicts.filter((c) => !resolved.has(c.id)),
    ...conflicts.map((c) => ({ ...c, id: ctx.newId(), deviceId: ctx.deviceId, at: m.at, rev: ctx.nextRev })),
  ]
  // updatedAt and deviceId name the last change that was applied: a change kept only as a conflict did not change
  // the record, so it does not make its device the record's last editor.
  const record: ServerRecord = {
    ...current, rev: ctx.nextRev, fields: validation.value as Record<string, unknown>, fieldRevs, deletedAt, conflicts: kept,
    ...(changed ? { updatedAt: m.at, deviceId: ctx.deviceId } : {}),
  }
  const status = conflicts.length > 0 ? 'conflict' : Object.keys(current.fieldRevs).some(byOtherSinceBase) ? 'merged' : 'applied'
  const result: MutationResult = { id: m.id, seq: m.seq, status, rev: ctx.nextRev }
  if (conflicts.length > 0) result.conflictFields = conflicts.map((c) => c.field)
  return { record, changed: true, result }
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

function checkShape(m: Mutation): Refusal | null {
  const fieldKeys = new Set(Object.keys(recordTypes[m.table as RecordTable].specs))
  const keys = Object.keys(m.changes)
  const unknown = keys.filter((key) => key !== 'deletedAt' && !fieldKeys.has(key))
  if (unknown.length > 0) {
    return {
      code: 'unknown_field',
      message: `记录中有无法识别的字段：${unknown.join('、')}。请更新应用后再同步。`,
      messageEn: `Unknown fields: ${unknown.join(', ')}. Update the app and sync again.`,
      fields: unknown.map((path) => ({ path, message: `无法识别的字段：${path}` })),
    }
  }
  const isDeletion = m.op === 'delete' || m.op === 'restore'
  const deletedAt = m.changes.deletedAt
  const isDeletionShape = keys.length === 1 && keys[0] === 'deletedAt' && (m.op === 'delete' ? typeof deletedAt === 'string' && ISO_TIME.test(deletedAt) : deletedAt === null)
  if (isDeletion ? !isDeletionShape : keys.includes('deletedAt')) {
    return {
      code: 'bad_op',
      message: '删除或恢复的请求格式不正确，请更新应用后再同步。',
      messageEn: 'A delete or restore is malformed. Update the app and sync again.',
      fields: [],
    }
  }
  return null
}

function notFound(): Refusal {
  return {
    code: 'not_found',
    message: '服务器上没有这条记录（它的创建可能没有成功），请打开记录检查后重新保存。',
    messageEn: 'The server does not have this record (its creation may have failed). Open it, check it and save again.',
    fields: [],
  }
}

function invalid(errors: Refusal['fields']): Refusal {
  return {
    code: 'invalid',
    message: `服务器未接受这次修改：${errors.map((e) => e.message).join('；')}`,
    messageEn: `The server did not accept this change: ${errors.map((e) => e.path).join(', ')}`,
    fields: errors,
  }
}

/**
 * How the server applies one mutation to the record it holds: field-level merge, nothing silently lost.
 *
 * - Each field remembers the revision and the device of its last change (`fieldRevs`).
 * - A change to field f, made on base revision B, is concurrent with another device's change when f was last
 *   changed after B by a different device. A device's own earlier changes never conflict with its later ones.
 * - Fields changed on one side only merge. The same field changed on both sides with different values: the value
 *   the server already has stays (the one every other device has seen), and the incoming value is kept as a
 *   conflict on the record, for every device to see until a person settles it.
 * - Delete against edit or restore: the living record wins. A delete made without knowing of another device's later
 *   edit is not applied; an edit, or an undo of a delete, made without knowing of another device's delete brings the
 *   record back. Either way the record carries a 'delete' conflict, so the person who deleted it sees why it is
 *   still there and can delete it again.
 * - Every incoming value must be a valid value of its field, even one that is only kept as a conflict; the merged
 *   record must pass the same validation as a form. A change that breaks either is refused with the reason, and the
 *   record stays as it was. A record holds at most MAX_CONFLICTS_PER_RECORD conflicts.
 * - Conflicts a device sends back after a restore from a backup (keepConflicts) are added if the record lacks them.
 */
import { sameValue } from '../changes'
import { recordTypes, type RecordTable } from '../records'
import { validateFieldValue, validateRecord, type FieldError } from '../validation'
import {
  MAX_CONFLICTS_PER_RECORD,
  type Conflict,
  type Mutation,
  type MutationResult,
  type RecordState,
  type Refusal,
} from './protocol'

/**
 * field → [revision, device] of its last change; 'deletedAt' and 'sharedWith' too. The device is the per-account
 * number in a personal record; in a unit's record, which several accounts' devices edit, its UUID (numbers repeat
 * across accounts). Server bookkeeping: pulls send the revisions only.
 */
export type FieldRevs = Record<string, [rev: number, device: number | string]>

export interface ServerRecord extends Omit<RecordState, 'fieldRevs'> {
  fieldRevs: FieldRevs
}

export interface MergeContext {
  /** The pushing device as the record's bookkeeping names it (FieldRevs). */
  deviceKey: number | string
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
  const refuse = (refusal: Refusal): MergeOutcome => ({
    record: current,
    changed: false,
    result: { id: m.id, seq: m.seq, status: 'refused', rev: null, refusal },
  })
  const shapeProblem = checkShape(m)
  if (shapeProblem) return refuse(shapeProblem)

  if (current === null) {
    if (m.op !== 'create') return refuse(notFound())
    const validation = validateRecord(m.table, m.changes)
    if (!validation.ok) return refuse(invalid(validation.errors))
    const fields = validation.value as Record<string, unknown>
    const kept = keptConflicts(m, [], ctx)
    if (!kept.ok) return refuse(invalid(kept.errors))
    const fieldRevs: FieldRevs = Object.fromEntries(
      Object.keys(fields).map((key) => [key, [ctx.nextRev, ctx.deviceKey]]),
    )
    const record: ServerRecord = {
      table: m.table,
      id: m.recordId,
      rev: ctx.nextRev,
      fields,
      createdAt: m.at,
      updatedAt: m.at,
      deviceId: ctx.deviceId,
      deletedAt: null,
      conflicts: kept.value,
      fieldRevs,
    }
    return { record, changed: true, result: { id: m.id, seq: m.seq, status: 'applied', rev: ctx.nextRev } }
  }
  if (current.table !== m.table) return refuse(notFound())

  const base = m.baseRev ?? 0
  const byOtherSinceBase = (field: string): boolean => {
    const last = current.fieldRevs[field]
    return last !== undefined && last[0] > base && last[1] !== ctx.deviceKey
  }
  const fieldKeys = Object.keys(recordTypes[m.table].specs)
  const resolved = new Set(m.resolves ?? [])
  const fields = { ...current.fields }
  const fieldRevs = { ...current.fieldRevs }
  let deletedAt = current.deletedAt
  const record0: { sharedWith?: string[] } = {}
  let changed = current.conflicts.some((c) => resolved.has(c.id))
  const conflicts: Omit<Conflict, 'id' | 'rev' | 'deviceId' | 'at'>[] = []
  const stamp = (field: string) => {
    fieldRevs[field] = [ctx.nextRev, ctx.deviceKey]
    changed = true
  }

  if (m.op === 'delete') {
    if (current.deletedAt === null) {
      if (fieldKeys.some(byOtherSinceBase))
        conflicts.push({ kind: 'delete', field: 'deletedAt', value: m.changes.deletedAt })
      else {
        deletedAt = m.changes.deletedAt as string
        stamp('deletedAt')
      }
    }
  } else if (m.op === 'share') {
    // Who reads a personal record is its owner's to say: the last setting sent wins, no conflict (push.ts checks it).
    const sharedWith = [...new Set(m.changes.sharedWith as string[])].sort()
    if (!sameValue(current.sharedWith ?? [], sharedWith)) {
      record0.sharedWith = sharedWith
      stamp('sharedWith')
    }
  } else if (m.op === 'restore') {
    if (current.deletedAt !== null) {
      if (byOtherSinceBase('deletedAt'))
        conflicts.push({ kind: 'delete', field: 'deletedAt', value: current.deletedAt })
      deletedAt = null
      stamp('deletedAt')
    }
  } else {
    const incoming = normalizedValues(m)
    if (!incoming.ok) return refuse(invalid(incoming.errors))
    let isEdit = false
    for (const [field, value] of Object.entries(incoming.value)) {
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

  const remaining = current.conflicts.filter((c) => !resolved.has(c.id))
  const kept = keptConflicts(m, remaining, ctx)
  if (!kept.ok) return refuse(invalid(kept.errors))
  if (!changed && conflicts.length === 0 && kept.value.length === 0) {
    return { record: current, changed: false, result: { id: m.id, seq: m.seq, status: 'applied', rev: current.rev } }
  }
  const added = conflicts.length + kept.value.length
  if (added > 0 && remaining.length + added > MAX_CONFLICTS_PER_RECORD) return refuse(tooManyConflicts())
  // Only a change of fields is checked: a record that an older, looser schema let in can still be deleted,
  // restored or have its conflicts settled.
  const hasFieldChange = Object.keys(fields).some((key) => fields[key] !== current.fields[key])
  const validation = hasFieldChange ? validateRecord(m.table, fields) : { ok: true as const, value: current.fields }
  if (!validation.ok) return refuse(invalid(validation.errors))

  const allConflicts: Conflict[] = [
    ...remaining,
    ...kept.value,
    ...conflicts.map((c) => ({ ...c, id: ctx.newId(), deviceId: ctx.deviceId, at: m.at, rev: ctx.nextRev })),
  ]
  // updatedAt and deviceId name the last change that was applied: a change kept only as a conflict did not change
  // the record, so it does not make its device the record's last editor.
  const record: ServerRecord = {
    ...current,
    ...record0,
    rev: ctx.nextRev,
    fields: validation.value as Record<string, unknown>,
    fieldRevs,
    deletedAt,
    conflicts: allConflicts,
    ...(changed ? { updatedAt: m.at, deviceId: ctx.deviceId } : {}),
  }
  const status =
    conflicts.length > 0 ? 'conflict' : Object.keys(current.fieldRevs).some(byOtherSinceBase) ? 'merged' : 'applied'
  const result: MutationResult = { id: m.id, seq: m.seq, status, rev: ctx.nextRev }
  if (conflicts.length > 0) result.conflictFields = conflicts.map((c) => c.field)
  return { record, changed: true, result }
}

/** Units one record may be shared with at most. */
const MAX_SHARES = 50
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/

type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

/** The values of an edit, each checked by its own field's rules and normalized as stored, whatever becomes of it. */
function normalizedValues(m: Mutation): Checked<Record<string, unknown>> {
  const values: Record<string, unknown> = {}
  const errors: FieldError[] = []
  for (const [field, value] of Object.entries(m.changes)) {
    const checked = validateFieldValue(m.table, field, value)
    if (checked.ok) values[field] = checked.value
    else errors.push(...checked.errors)
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: values }
}

/** The conflicts a device sends back that the record lacks, checked like the values they hold. */
function keptConflicts(m: Mutation, present: readonly Conflict[], ctx: MergeContext): Checked<Conflict[]> {
  const ids = new Set(present.map((c) => c.id))
  const added: Conflict[] = []
  const errors: FieldError[] = []
  for (const [i, sent] of (m.keepConflicts ?? []).entries()) {
    if (ids.has(sent.id)) continue
    ids.add(sent.id)
    if (sent.kind === 'delete') {
      if (sent.field === 'deletedAt' && typeof sent.value === 'string' && ISO_TIME.test(sent.value))
        added.push({ ...sent, value: sent.value, rev: ctx.nextRev })
      else errors.push({ path: `keepConflicts.${i}`, message: '冲突记录的格式不正确' })
      continue
    }
    const checked = validateFieldValue(m.table, sent.field, sent.value)
    if (checked.ok) added.push({ ...sent, value: checked.value, rev: ctx.nextRev })
    else errors.push(...checked.errors.map((e) => ({ ...e, path: `keepConflicts.${i}.${e.path}` })))
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: added }
}

function checkShape(m: Mutation): Refusal | null {
  const fieldKeys = new Set(Object.keys(recordTypes[m.table as RecordTable].specs))
  const keys = Object.keys(m.changes)
  const unknown = keys.filter(
    (key) => key !== 'deletedAt' && !(key === 'sharedWith' && m.op === 'share') && !fieldKeys.has(key),
  )
  if (unknown.length > 0) {
    return {
      code: 'unknown_field',
      message: `记录中有无法识别的字段：${unknown.join('、')}。请更新应用后再同步。`,
      messageEn: `Unknown fields: ${unknown.join(', ')}. Update the app and sync again.`,
      fields: unknown.map((path) => ({ path, message: `无法识别的字段：${path}` })),
    }
  }
  if (m.keepConflicts && m.keepConflicts.length > 0 && m.op !== 'create' && m.op !== 'update') {
    return {
      code: 'bad_op',
      message: '只有新建或修改可以附带冲突记录，请更新应用后再同步。',
      messageEn: 'Only a create or an update may carry keepConflicts.',
      fields: [],
    }
  }
  if (m.op === 'share') {
    const value = m.changes.sharedWith
    const isShareShape =
      keys.length === 1 &&
      keys[0] === 'sharedWith' &&
      Array.isArray(value) &&
      value.length <= MAX_SHARES &&
      value.every((u) => typeof u === 'string' && UUID.test(u))
    return isShareShape
      ? null
      : {
          code: 'bad_op',
          message: '共享设置的格式不正确，请更新应用后再同步。',
          messageEn: 'A share is malformed: changes must be exactly { sharedWith: unit ids }.',
          fields: [],
        }
  }
  const isDeletion = m.op === 'delete' || m.op === 'restore'
  const deletedAt = m.changes.deletedAt
  const isDeletionShape =
    keys.length === 1 &&
    keys[0] === 'deletedAt' &&
    (m.op === 'delete' ? typeof deletedAt === 'string' && ISO_TIME.test(deletedAt) : deletedAt === null)
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

function tooManyConflicts(): Refusal {
  return {
    code: 'invalid',
    message: `这条记录已有 ${MAX_CONFLICTS_PER_RECORD} 处未处理的冲突，请先打开记录处理冲突，再保存这次修改。`,
    messageEn: `This record already holds ${MAX_CONFLICTS_PER_RECORD} unsettled conflicts: settle some, then save this change again.`,
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

/**
 * Who may add which step to a unit session's 一学一报 packet (docs/review.md, "How events travel"), checked when the
 * push arrives, whatever the device believed when the button was pressed:
 *
 *   submitted  whoever may record the session's unit (its secretary, or a member it lets record)
 *   returned   a reviewer of a unit strictly above the session's unit, with a comment (validation.ts)
 *   accepted   the same
 *
 * Events are only ever created: an update, delete or restore is refused, and so is a create under an id in use. The
 * session must be a study session of the unit the event names; a decision must answer a submission of that session.
 * A plan (学习计划) is filed the same way with no session: its submission holds the plan, a decision on it answers it.
 */
import type { Transaction } from 'kysely'
import { sameValue } from '../../shared/changes'
import type { FieldsOf } from '../../shared/records'
import { validateRecord } from '../../shared/validation'
import type { Mutation, Refusal } from '../../shared/sync/protocol'
import type { Database } from '../db/schema'
import type { AccessIndex } from '../units/access-index'

/** ID_SLICE as in push.ts: lookups by id go in slices well under SQLite's parameter limit. */
const ID_SLICE = 500

/** A session or a submission an event refers to, as the unit holds it. */
interface PacketPart {
  tbl: string
  unitId: string | null
  isDeleted: boolean
  /** For an event: its kind and session. */
  kind?: string
  sessionId?: string
}

/** The sessions and submissions a push's events refer to, by id; events created by the push are added as applied. */
export class PacketParts {
  private readonly parts = new Map<string, PacketPart>()

  static async load(trx: Transaction<Database>, mutations: readonly Mutation[]): Promise<PacketParts> {
    const found = new PacketParts()
    const ids = new Set<string>()
    for (const m of mutations) {
      if (m.table !== 'reviewEvents' || m.op !== 'create') continue
      const { sessionId, answers } = m.changes as Partial<FieldsOf['reviewEvents']>
      if (typeof sessionId === 'string' && sessionId !== '') ids.add(sessionId)
      if (typeof answers === 'string' && answers !== '') ids.add(answers)
    }
    const list = [...ids]
    for (let i = 0; i < list.length; i += ID_SLICE) {
      const rows = await trx
        .selectFrom('records')
        .select(['id', 'tbl', 'unit_id', 'deleted_at', 'data'])
        .where('id', 'in', list.slice(i, i + ID_SLICE))
        .where('unit_id', 'is not', null)
        .where('tbl', 'in', ['studySessions', 'reviewEvents'])
        .execute()
      for (const row of rows) {
        const part: PacketPart = { tbl: row.tbl, unitId: row.unit_id, isDeleted: row.deleted_at !== null }
        if (row.tbl === 'reviewEvents') {
          const fields = JSON.parse(row.data) as FieldsOf['reviewEvents']
          part.kind = fields.kind
          part.sessionId = fields.sessionId
        }
        found.parts.set(`${row.unit_id}:${row.id}`, part)
      }
    }
    return found
  }

  get(unitId: string, id: string): PacketPart | undefined {
    return this.parts.get(`${unitId}:${id}`)
  }

  /**
   * A unit's record as this push leaves it: a session made offline is sent in the same push as its 报送, just before
   * it, and a decision may answer a submission made earlier in the same push.
   */
  noteApplied(record: {
    table: string
    id: string
    unitId: string | null
    deletedAt: string | null
    fields: object
  }): void {
    if (record.unitId === null || (record.table !== 'studySessions' && record.table !== 'reviewEvents')) return
    const part: PacketPart = { tbl: record.table, unitId: record.unitId, isDeleted: record.deletedAt !== null }
    if (record.table === 'reviewEvents') {
      const fields = record.fields as Partial<FieldsOf['reviewEvents']>
      part.kind = fields.kind
      part.sessionId = fields.sessionId
    }
    this.parts.set(`${record.unitId}:${record.id}`, part)
  }
}

/** Why this account may not add this step, if it may not. `exists`: the id already names a record it can see. */
export function reviewEventRefusal(
  m: Mutation,
  exists: boolean,
  accountId: string,
  access: AccessIndex,
  parts: PacketParts,
): Refusal | null {
  if (m.op !== 'create' || exists)
    return forbidden(
      '报送和审核记录一经提交不能修改或删除。如有错误，请重新报送或重新审核。',
      'A packet step cannot be changed or deleted once sent: send or decide again',
    )
  if (m.unitId === undefined)
    return invalid('报送和审核记录必须属于一个党组织。', 'A packet step belongs to a unit', 'unitId')
  if (!access.hasUnit(m.unitId))
    return forbidden('这个党组织不存在或已被删除，无法报送或审核。', 'The unit does not exist')
  const { kind, sessionId, answers, plan } = m.changes as Partial<FieldsOf['reviewEvents']>
  if (kind === 'submitted' && !access.canRecordIn(accountId, m.unitId))
    return forbidden('你不是这个党组织的书记，也未被允许记录它的学习，无法报送。', 'You may not submit for this unit')
  if ((kind === 'returned' || kind === 'accepted') && !access.reviewsAbove(accountId, m.unitId))
    return forbidden(
      '你不是上级党组织的审核人（或已不再是），这次审核没有保存到服务器。',
      'You do not review a unit above this one',
    )
  // A plan's steps have no session: a plan stands alone, a decision on it answers the plan's submission.
  const isPlan = kind === 'submitted' ? plan !== null && plan !== undefined : sessionId === ''
  if (isPlan) {
    if (kind === 'submitted') return null
    const submission = typeof answers === 'string' ? parts.get(m.unitId, answers) : undefined
    return submission?.kind === 'submitted' && submission.sessionId === ''
      ? null
      : invalid(
          '所审核的学习计划不在服务器上，或不是这个党组织的计划。',
          'The decision does not answer a plan of this unit',
          'answers',
        )
  }
  const session = typeof sessionId === 'string' ? parts.get(m.unitId, sessionId) : undefined
  if (!session || session.tbl !== 'studySessions')
    return invalid(
      '服务器上没有这个党组织的这次学习记录，请先同步学习记录再报送。',
      'The session is not a study session of this unit on the server',
      'sessionId',
    )
  if (kind === 'submitted' && session.isDeleted)
    return invalid('这次学习记录已被删除，无法报送。', 'The session was deleted', 'sessionId')
  if (kind === 'returned' || kind === 'accepted') {
    const submission = typeof answers === 'string' ? parts.get(m.unitId, answers) : undefined
    if (!submission || submission.kind !== 'submitted' || submission.sessionId !== sessionId)
      return invalid(
        '所审核的报送不在服务器上，或不是这次学习的报送。',
        'The decision does not answer a submission of this session',
        'answers',
      )
  }
  return null
}

function forbidden(message: string, messageEn: string): Refusal {
  return { code: 'forbidden', message, messageEn, fields: [] }
}

function invalid(message: string, messageEn: string, path: string): Refusal {
  return { code: 'invalid', message, messageEn, fields: [{ path, message }] }
}

/**
 * Whether a create repeats a step the unit already holds, field for field but the time of arrival: the same step sent
 * again (restored from a backup, or after the server was restored), answered as applied, changing nothing.
 */
export function repeatsStep(
  m: Mutation,
  existing: { unitId: string | null; fields: Record<string, unknown> },
): boolean {
  if (m.op !== 'create' || m.unitId === undefined || existing.unitId !== m.unitId) return false
  const sent = validateRecord('reviewEvents', m.changes)
  if (!sent.ok) return false
  const { receivedAt: _sent, ...sentFields } = sent.value
  const { receivedAt: _held, ...heldFields } = existing.fields
  return sameValue(sentFields, heldFields)
}

/**
 * Every local write to records goes through here. One Dexie transaction writes the record and its outbox entry (and
 * clears the form's draft), so a failed write leaves neither. Listeners hear of a change only after the
 * transaction has committed: storage first, then memory.
 */
import { changedFields } from '../../shared/changes'
import { uuidv7 } from '../../shared/ids'
import type { MutationOp } from '../../shared/outbox'
import type { FieldsOf, RecordTable, ReviewEventKind, StoredRecord, SyncedTable } from '../../shared/records'
import type { Conflict } from '../../shared/sync/protocol'
import type { FieldError, Validation } from '../../shared/validation'
import { ensureDevice } from './device'
import { queueChanges, type OutboxDraft } from './outbox-writer'
import { localRow, ownerKeys, storedRecordOf, type LocalRecord } from './index-keys'
import type { RecordRow, XsjDatabase } from './schema'

type RecordRules = typeof import('./record-rules')
let rulesLoading: Promise<RecordRules> | undefined

/**
 * The record definitions, loaded on the first write. Each write awaits them before its transaction opens: inside
 * one, waiting for a module would let IndexedDB commit the transaction under it.
 */
function recordRules(): Promise<RecordRules> {
  rulesLoading ??= import('./record-rules')
  return rulesLoading
}

export class RecordInvalidError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('；'))
    this.name = 'RecordInvalidError'
  }
}

export interface RecordChange {
  table: RecordTable
  record: LocalRecord
}

/** 'local': the person changed something on this device; 'sync': sync wrote what came from the server. */
export type ChangeOrigin = 'local' | 'sync'

export type RecordChangeListener = (changes: readonly RecordChange[], origin: ChangeOrigin) => void

export interface SaveOptions<T extends RecordTable = RecordTable> {
  /** Update this record instead of creating one. */
  id?: string
  /** Draft to delete in the same transaction once the record is safely stored. */
  draftKey?: string
  /**
   * The record as the form loaded it. The change is what the person changed from this, laid onto the record as it
   * is now: a field that sync updated while the form was open is not put back to the value the form loaded.
   */
  base?: { fields: FieldsOf[T]; rev: number | null }
  /** A new collective session recorded for this unit (docs/units.md); the server decides whether this account may. */
  unitId?: string
  /**
   * For a personal record: the units it is shared with after this save (共享给…), when that changes; sent as a share
   * after the record's own change, in the same transaction.
   */
  sharedWith?: readonly string[]
}

/** What every step a person takes carries (RecordRepository.addPacketStep, addPlanStep). */
interface StepBase {
  kind: ReviewEventKind
  /** For a decision: the submission it answers. */
  answers?: string
  comment?: string
  /** The person's name as it is now: the history reads it as it was. */
  authorName: string
}

/** A step of a unit session's packet. */
export interface PacketStep extends StepBase {
  session: LocalRecord<'studySessions'>
}

/** A step of a unit's study plan; a submission holds the plan as filed. */
export interface PlanStep extends StepBase {
  unitId: string
  plan?: FieldsOf['reviewEvents']['plan']
}

interface Entry {
  op: MutationOp
  changes: Record<string, unknown>
  baseRev: number | null
  resolves?: string[]
  unitId?: string
  /** A folded refusal that held a share: the record's sharing goes again, after this change (foldRefused). */
  thenShare?: string[]
}

interface NextState<T extends SyncedTable> {
  fields: FieldsOf[T]
  deletedAt: string | null
  conflicts: Conflict[]
  /** Ownership as the record keeps it (unchanged by an edit). */
  owner?: { unitId?: string | null; authorId?: string; sharedWith?: string[] }
}

export class RecordRepository {
  private readonly listeners = new Set<RecordChangeListener>()

  constructor(private readonly db: XsjDatabase) {}

  onChange(listener: RecordChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async get<T extends RecordTable>(table: T, id: string): Promise<LocalRecord<T> | undefined> {
    const row = await this.db.records(table).get(id)
    return row && storedRecordOf<T>(row)
  }

  /** Validates, then stores the record and its outbox entry atomically. Throws RecordInvalidError. */
  async save<T extends RecordTable>(
    table: T,
    input: FieldsOf[T],
    options: SaveOptions<T> = {},
  ): Promise<LocalRecord<T>> {
    const rules = await recordRules()
    const { fieldsOf } = rules
    const fields = validated(rules.validateRecord(table, input))
    const stored = await this.db.transaction(
      'rw',
      [this.db.records(table), this.db.outbox, this.db.meta, this.db.drafts],
      async () => {
        const existing = options.id === undefined ? undefined : await this.db.records(table).get(options.id)
        if (options.id !== undefined && !existing) throw new Error(`record ${options.id} not found in ${table}`)
        if (options.draftKey) await this.db.drafts.delete(options.draftKey)
        if (!existing) {
          const owner = options.unitId === undefined ? undefined : { unitId: options.unitId }
          const entry: Entry = {
            op: 'create',
            changes: fields,
            baseRev: null,
            ...(options.unitId === undefined ? {} : { unitId: options.unitId }),
          }
          const created = await this.write(table, undefined, { fields, deletedAt: null, conflicts: [], owner }, entry)
          return (await this.shareInside(rules, table, created.id, options.sharedWith)) ?? created
        }
        const current = fieldsOf(table, existing)
        const changes = changedFields(options.base ? fieldsOf(table, options.base.fields) : current, fields)
        const next = { ...current, ...changes } as FieldsOf[T]
        const folded = await this.foldRefused(table, existing, next)
        if (!folded && Object.keys(changes).length === 0)
          return (await this.shareInside(rules, table, existing.id, options.sharedWith)) ?? storedRecordOf<T>(existing)
        const entry = folded
          ? { ...folded, changes: { ...folded.changes, ...changes } }
          : { op: 'update' as const, changes, baseRev: options.base?.rev ?? existing.rev }
        // A form only opens a live record: if sync brought another device's deletion while it was open, the person's
        // edit brings the record back here, as the server will (an edit wins over a deletion it did not know of).
        const deletedAt = options.base ? null : existing.deletedAt
        const updated = await this.write(
          table,
          existing,
          { fields: next, deletedAt, conflicts: existing.conflicts ?? [] },
          entry,
        )
        return (await this.shareInside(rules, table, existing.id, options.sharedWith)) ?? updated
      },
    )
    this.emit([{ table, record: stored }])
    return stored
  }

  /**
   * Adds a step to a unit session's 一学一报 packet (docs/review.md): the event and its outbox entry in one transaction,
   * owned by the session's unit, whatever the network. A submission carries the session as it stands. Steps are
   * never edited: a mistake is answered by another step. Throws RecordInvalidError (a return without a comment).
   */
  async addPacketStep(step: PacketStep): Promise<LocalRecord<'reviewEvents'>> {
    const rules = await recordRules()
    const unitId = step.session.unitId
    if (!unitId) throw new Error(`session ${step.session.id} belongs to no unit`)
    return this.writeStep(rules, unitId, {
      kind: step.kind,
      sessionId: step.session.id,
      answers: step.answers ?? '',
      comment: step.comment ?? '',
      authorName: step.authorName,
      snapshot: step.kind === 'submitted' ? rules.fieldsOf('studySessions', step.session) : null,
      plan: null,
    })
  }

  /**
   * Adds a step to a unit's study plan for a period (docs/review.md, "Plans"): its submission holds the plan, a
   * decision answers that submission. As addPacketStep, offline, in one transaction with its outbox entry.
   */
  async addPlanStep(step: PlanStep): Promise<LocalRecord<'reviewEvents'>> {
    const rules = await recordRules()
    return this.writeStep(rules, step.unitId, {
      kind: step.kind,
      sessionId: '',
      answers: step.answers ?? '',
      comment: step.comment ?? '',
      authorName: step.authorName,
      snapshot: null,
      plan: step.kind === 'submitted' ? (step.plan ?? null) : null,
    })
  }

  private async writeStep(
    rules: RecordRules,
    unitId: string,
    step: Omit<FieldsOf['reviewEvents'], 'deviceAt' | 'receivedAt'>,
  ): Promise<LocalRecord<'reviewEvents'>> {
    const fields = validated(
      rules.validateRecord('reviewEvents', {
        ...step,
        deviceAt: new Date().toISOString(),
        // The server stamps it on arrival (docs/review.md): until then the step has not been received.
        receivedAt: '',
      }),
    )
    const stored = await this.db.transaction('rw', [this.db.reviewEvents, this.db.outbox, this.db.meta], () =>
      this.write(
        'reviewEvents',
        undefined,
        { fields, deletedAt: null, conflicts: [], owner: { unitId } },
        { op: 'create', changes: fields, baseRev: null, unitId },
      ),
    )
    // Not a record lists or search show; told so that sync sends it.
    this.emit([])
    return stored
  }

  /** Deletion leaves a tombstone (deletedAt) so that it can reach other devices. */
  async remove(table: RecordTable, id: string): Promise<void> {
    await this.setDeleted(table, id, new Date().toISOString(), 'delete')
  }

  /** Undoes a delete. */
  async restore(table: RecordTable, id: string): Promise<void> {
    await this.setDeleted(table, id, null, 'restore')
  }

  /**
   * Settles conflicts: `changes` holds the value the person kept (or merged) for each field; with `deleteRecord`
   * the person confirms a deletion that an edit elsewhere had undone. The chosen record must still be valid.
   */
  async resolveConflicts<T extends RecordTable>(
    table: T,
    id: string,
    resolves: readonly string[],
    changes: Partial<FieldsOf[T]>,
    options: { deleteRecord?: boolean } = {},
  ): Promise<LocalRecord<T>> {
    const { fieldsOf, validateRecord } = await recordRules()
    const stored = await this.db.transaction('rw', [this.db.records(table), this.db.outbox, this.db.meta], async () => {
      const existing = await this.db.records(table).get(id)
      if (!existing) throw new Error(`record ${id} not found in ${table}`)
      const current = fieldsOf(table, existing)
      const fields = validated(validateRecord(table, { ...current, ...changes }))
      const fieldChanges = changedFields(current, fields)
      const settled = new Set(resolves)
      const conflicts = (existing.conflicts ?? []).filter((c) => !settled.has(c.id))
      if (options.deleteRecord) {
        const deletedAt = new Date().toISOString()
        return this.write(
          table,
          existing,
          { fields: current, deletedAt, conflicts },
          { op: 'delete', changes: { deletedAt }, baseRev: existing.rev, resolves: [...resolves] },
        )
      }
      return this.write(
        table,
        existing,
        { fields, deletedAt: existing.deletedAt, conflicts },
        { op: 'resolve', changes: fieldChanges, baseRev: existing.rev, resolves: [...resolves] },
      )
    })
    this.emit([{ table, record: stored }])
    return stored
  }

  /**
   * Shares a personal record with these units (all of them: an empty list unshares), read-only for their members.
   * The server checks that the record is this account's and that it belongs to each unit added.
   */
  async share(table: RecordTable, id: string, unitIds: readonly string[]): Promise<void> {
    const { fieldsOf } = await recordRules()
    const stored = await this.db.transaction('rw', [this.db.records(table), this.db.outbox, this.db.meta], async () => {
      const existing = await this.db.records(table).get(id)
      if (!existing) throw new Error(`record ${id} not found in ${table}`)
      const sharedWith = [...new Set(unitIds)].sort()
      const state = {
        fields: fieldsOf(table, existing),
        deletedAt: existing.deletedAt,
        conflicts: existing.conflicts ?? [],
        owner: { sharedWith },
      }
      return this.write(table, existing, state, { op: 'share', changes: { sharedWith }, baseRev: existing.rev })
    })
    this.emit([{ table, record: stored }])
  }

  /**
   * Inside a write's transaction: shares the record with exactly these units when that is a change (a unit record,
   * or an unchanged list, writes nothing). Undefined when nothing was written.
   */
  private async shareInside<T extends RecordTable>(
    { fieldsOf }: RecordRules,
    table: T,
    id: string,
    unitIds: readonly string[] | undefined,
  ): Promise<LocalRecord<T> | undefined> {
    if (unitIds === undefined) return undefined
    const existing = await this.db.records(table).get(id)
    if (!existing || existing.unitId) return undefined
    const sharedWith = [...new Set(unitIds)].sort()
    if (sameUnits(existing.sharedWith ?? [], sharedWith)) return undefined
    const state = {
      fields: fieldsOf(table, existing),
      deletedAt: existing.deletedAt,
      conflicts: existing.conflicts ?? [],
      owner: { sharedWith },
    }
    return this.write(table, existing, state, { op: 'share', changes: { sharedWith }, baseRev: existing.rev })
  }

  /** Sends a refused change again as it is (for a refusal that was the server's mistake, since put right). */
  async resend(table: RecordTable, id: string): Promise<void> {
    const { fieldsOf } = await recordRules()
    const stored = await this.db.transaction('rw', [this.db.records(table), this.db.outbox, this.db.meta], async () => {
      const existing = await this.db.records(table).get(id)
      if (!existing) throw new Error(`record ${id} not found in ${table}`)
      const current = fieldsOf(table, existing)
      const folded = await this.foldRefused(table, existing, current)
      if (!folded) return storedRecordOf(existing)
      return this.write(
        table,
        existing,
        { fields: current, deletedAt: existing.deletedAt, conflicts: existing.conflicts ?? [] },
        folded,
      )
    })
    this.emit([{ table, record: stored }])
  }

  /**
   * Tells listeners (lists, search, sync) about changes written elsewhere, after their transaction committed: by sync,
   * or 'local' for a restored backup, whose outbox entries wait to be pushed like any edit.
   */
  announce(changes: readonly RecordChange[], origin: ChangeOrigin = 'sync'): void {
    if (changes.length > 0) this.emit(changes, origin)
  }

  private async setDeleted(table: RecordTable, id: string, deletedAt: string | null, op: MutationOp): Promise<void> {
    const { fieldsOf } = await recordRules()
    const stored = await this.db.transaction('rw', [this.db.records(table), this.db.outbox, this.db.meta], async () => {
      const existing = await this.db.records(table).get(id)
      if (!existing) throw new Error(`record ${id} not found in ${table}`)
      if (existing.deletedAt === deletedAt) return storedRecordOf(existing)
      const state = { fields: fieldsOf(table, existing), deletedAt, conflicts: existing.conflicts ?? [] }
      return this.write(table, existing, state, { op, changes: { deletedAt }, baseRev: existing.rev })
    })
    this.emit([{ table, record: stored }])
  }

  /**
   * A record whose change the server refused stops syncing until the person acts (design.md, invariant 6). Acting
   * (saving an edit, or 重新发送) folds every unsent change of that record into one new change that carries the
   * record's current values, with a new sequence number; the refused entries are removed in the same transaction.
   */
  private async foldRefused<T extends RecordTable>(
    table: T,
    existing: RecordRow<T>,
    fields: FieldsOf[T],
  ): Promise<Entry | null> {
    if (existing.syncState !== 'refused') return null
    const entries = await this.db.outbox.where('[table+recordId]').equals([table, existing.id]).sortBy('seq')
    if (!entries.some((e) => e.refusal)) return null
    await this.db.outbox.bulkDelete(entries.map((e) => e.seq))
    const values = fields as unknown as Record<string, unknown>
    const create = entries.find((e) => e.op === 'create')
    const changes: Record<string, unknown> = create ? { ...values } : {}
    const resolves = entries.flatMap((e) => e.resolves ?? [])
    // A share's sharedWith is not a field: it goes again as a share of its own, with the record's sharing as it is now.
    for (const entry of entries)
      if (entry.op !== 'share')
        for (const key of Object.keys(entry.changes)) if (key !== 'deletedAt') changes[key] = values[key]
    const base = entries
      .map((e) => e.baseRev)
      .reduce<number | null>((low, rev) => (low === null ? rev : rev === null ? low : Math.min(low, rev)), null)
    const entry: Entry = { op: create ? 'create' : 'update', changes, baseRev: create ? null : base }
    // A unit's record created again stays the unit's: without its unitId the server would file it as the person's own.
    if (create?.unitId !== undefined) entry.unitId = create.unitId
    if (resolves.length > 0) entry.resolves = resolves
    if (entries.some((e) => e.op === 'share')) entry.thenShare = existing.sharedWith ?? []
    return entry
  }

  /**
   * The revision a change claims the person had seen. Where the record has unsent changes to the same fields, the
   * screen showed those, laid over whatever the last pull brought (shared/sync/pending.ts): for those fields the
   * person has seen nothing newer than the unsent changes' own base. Claiming the record's later revision would let
   * the server take this change as a deliberate overwrite of a value the person never saw.
   */
  private async baseOf(table: SyncedTable, id: string, entry: Entry): Promise<number | null> {
    const unsent = await this.db.outbox.where('[table+recordId]').equals([table, id]).toArray()
    const overlapping = unsent.filter((e) => Object.keys(e.changes).some((key) => Object.hasOwn(entry.changes, key)))
    return overlapping.reduce<number | null>(
      (low, e) => (low === null || e.baseRev === null ? null : Math.min(low, e.baseRev)),
      entry.baseRev,
    )
  }

  private async write<T extends SyncedTable>(
    table: T,
    existing: RecordRow<T> | undefined,
    next: NextState<T>,
    entry: Entry,
  ): Promise<LocalRecord<T>> {
    const baseRev = existing ? await this.baseOf(table, existing.id, entry) : entry.baseRev
    const now = new Date().toISOString()
    const id = existing?.id ?? uuidv7()
    const stored = {
      ...next.fields,
      id,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      deviceId: (await ensureDevice(this.db)).deviceId,
      deletedAt: next.deletedAt,
      rev: existing?.rev ?? null,
      conflicts: next.conflicts,
      ...ownerKeys({
        unitId: next.owner?.unitId ?? existing?.unitId,
        authorId: existing?.authorId,
        sharedWith: next.owner?.sharedWith ?? existing?.sharedWith,
      }),
    } as StoredRecord<T>
    // What the server confirmed stays known through local edits: after a restore it tells what the server lost.
    const row = localRow(table, stored, { syncState: 'pending', fieldRevs: existing?.fieldRevs }) as RecordRow<T>
    await this.db.records(table).put(row)
    const drafts: OutboxDraft[] = []
    // A folded refusal of nothing but a share sends the share alone, not an empty update before it.
    const isEmptyUpdate =
      entry.op === 'update' && Object.keys(entry.changes).length === 0 && !entry.resolves && entry.thenShare
    if (!isEmptyUpdate)
      drafts.push({
        table,
        recordId: id,
        op: entry.op,
        changes: entry.changes,
        baseRev,
        createdAt: now,
        resolves: entry.resolves,
        ...(entry.unitId === undefined ? {} : { unitId: entry.unitId }),
      })
    if (entry.thenShare)
      drafts.push({
        table,
        recordId: id,
        op: 'share',
        changes: { sharedWith: entry.thenShare },
        baseRev: entry.op === 'create' ? null : baseRev,
        createdAt: now,
      })
    await queueChanges(this.db, drafts)
    return storedRecordOf<T>(row)
  }

  private emit(changes: readonly RecordChange[], origin: ChangeOrigin = 'local'): void {
    for (const listener of this.listeners) listener(changes, origin)
  }
}

function validated<T>(validation: Validation<T>): T {
  if (!validation.ok) throw new RecordInvalidError(validation.errors)
  return validation.value
}

function sameUnits(a: readonly string[], b: readonly string[]): boolean {
  const sorted = [...a].sort()
  return sorted.length === b.length && sorted.every((id, i) => id === b[i])
}

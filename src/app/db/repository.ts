/**
 * Every write to records goes through here. One Dexie transaction writes the record and its outbox entry (and
 * clears the form's draft), so a failed write leaves neither. Listeners hear of a change only after the
 * transaction has committed: storage first, then memory.
 */
import { changedFields } from '../../shared/changes'
import { uuidv7 } from '../../shared/ids'
import type { MutationOp, OutboxEntry } from '../../shared/outbox'
import { fieldsOf, type FieldsOf, type RecordTable, type StoredRecord } from '../../shared/records'
import { validateRecord, type FieldError } from '../../shared/validation'
import { indexKeysOf, storedRecordOf } from './index-keys'
import type { RecordRow, XsjDatabase } from './schema'

export class RecordInvalidError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('；'))
    this.name = 'RecordInvalidError'
  }
}

export interface RecordChange {
  table: RecordTable
  record: StoredRecord
}

export type RecordChangeListener = (changes: readonly RecordChange[]) => void

export interface SaveOptions {
  /** Update this record instead of creating one. */
  id?: string
  /** Draft to delete in the same transaction once the record is safely stored. */
  draftKey?: string
}

export class RecordRepository {
  private readonly listeners = new Set<RecordChangeListener>()

  constructor(private readonly db: XsjDatabase) {}

  onChange(listener: RecordChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async get<T extends RecordTable>(table: T, id: string): Promise<StoredRecord<T> | undefined> {
    const row = await this.db.records(table).get(id)
    return row && storedRecordOf<T>(row)
  }

  /** Validates, then stores the record and its outbox entry atomically. Throws RecordInvalidError. */
  async save<T extends RecordTable>(table: T, input: FieldsOf[T], options: SaveOptions = {}): Promise<StoredRecord<T>> {
    const validation = validateRecord(table, input)
    if (!validation.ok) throw new RecordInvalidError(validation.errors)
    const fields = validation.value
    const stored = await this.db.transaction('rw', [this.db.records(table), this.db.outbox, this.db.meta, this.db.drafts], async () => {
      const existing = options.id === undefined ? undefined : await this.db.records(table).get(options.id)
      if (options.id !== undefined && !existing) throw new Error(`record ${options.id} not found in ${table}`)
      if (options.draftKey) await this.db.drafts.delete(options.draftKey)
      const changes = changedFields(existing ? fieldsOf(storedRecordOf<T>(existing)) : null, fields)
      if (existing && Object.keys(changes).length === 0) return storedRecordOf<T>(existing)
      return this.writeInTransaction(table, existing, { ...fields }, existing ? 'update' : 'create', changes)
    })
    this.emit([{ table, record: stored }])
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

  private async setDeleted(table: RecordTable, id: string, deletedAt: string | null, op: MutationOp): Promise<void> {
    const stored = await this.db.transaction('rw', [this.db.records(table), this.db.outbox, this.db.meta], async () => {
      const existing = await this.db.records(table).get(id)
      if (!existing) throw new Error(`record ${id} not found in ${table}`)
      if (existing.deletedAt === deletedAt) return storedRecordOf(existing)
      return this.writeInTransaction(table, existing, { ...fieldsOf(storedRecordOf(existing)), deletedAt }, op, { deletedAt })
    })
    this.emit([{ table, record: stored }])
  }

  private async writeInTransaction<T extends RecordTable>(
    table: T,
    existing: RecordRow<T> | undefined,
    values: FieldsOf[T] & { deletedAt?: string | null },
    op: MutationOp,
    changes: Record<string, unknown>,
  ): Promise<StoredRecord<T>> {
    const device = await this.nextSequence()
    const now = new Date().toISOString()
    const id = existing?.id ?? uuidv7()
    const stored = {
      ...values,
      id,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      deviceId: device.deviceId,
      deletedAt: values.deletedAt === undefined ? (existing?.deletedAt ?? null) : values.deletedAt,
      rev: existing?.rev ?? null,
    } as StoredRecord<T>
    await this.db.records(table).put({ ...stored, ...indexKeysOf(table, stored) } as RecordRow<T>)
    const entry: OutboxEntry = {
      seq: device.seq,
      mutationId: uuidv7(),
      deviceId: device.deviceId,
      table,
      recordId: id,
      op,
      changes,
      baseRev: existing?.rev ?? null,
      createdAt: now,
    }
    await this.db.outbox.add(entry)
    return stored
  }

  /** Hands out the next per-device sequence number; must run inside a transaction that includes meta. */
  private async nextSequence(): Promise<{ deviceId: string; seq: number }> {
    const meta = (await this.db.meta.get('device')) ?? { key: 'device' as const, deviceId: uuidv7(), lastSeq: 0 }
    const next = { ...meta, lastSeq: meta.lastSeq + 1 }
    await this.db.meta.put(next)
    return { deviceId: next.deviceId, seq: next.lastSeq }
  }

  private emit(changes: readonly RecordChange[]): void {
    for (const listener of this.listeners) listener(changes)
  }
}

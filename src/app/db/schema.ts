/**
 * The device database. Each version's stores are kept here as they were, so that an upgrade test can build a
 * database of any earlier version with the real historical definition and open it with the current code.
 */
import { Dexie, type Table, type Transaction } from 'dexie'
import type { OutboxEntry } from '../../shared/outbox'
import type { FieldsOf, RecordTable, StoredRecord } from '../../shared/records'
import { indexKeysOf, type IndexKeys } from './index-keys'

/** A record as the device stores it: fields, bookkeeping, and local index keys that never sync. */
export type RecordRow<T extends RecordTable = RecordTable> = StoredRecord<T> & IndexKeys

export interface MetaRow {
  key: 'device'
  deviceId: string
  /** The last outbox sequence number handed out on this device. */
  lastSeq: number
}

export interface DraftRow {
  /** `${table}:new` for a new record, `${table}:${id}` while editing one. */
  key: string
  table: RecordTable
  recordId: string | null
  fields: Partial<FieldsOf[RecordTable]>
  savedAt: string
}

export const DB_NAME = 'xuesijian'

export const SCHEMA_VERSIONS: ReadonlyArray<{ version: number; stores: Record<string, string>; upgrade?: (tx: Transaction) => Promise<void> }> = [
  {
    version: 1,
    stores: {
      studySessions: 'id, sortKey, kind, updatedAt, *tags',
      readingNotes: 'id, sortKey, kind, updatedAt, studySessionId, *tags',
      visits: 'id, sortKey, kind, updatedAt, *tags',
      outbox: 'seq, &mutationId, [table+recordId]',
      meta: 'key',
    },
  },
  {
    // v2: form drafts survive reloads; visits get an index of their problems' statuses for the status filter.
    version: 2,
    stores: {
      visits: 'id, sortKey, kind, updatedAt, *tags, *problemStatuses',
      drafts: 'key, savedAt',
    },
    upgrade: async (tx) => {
      await tx.table<RecordRow<'visits'>>('visits').toCollection().modify((row) => {
        Object.assign(row, indexKeysOf('visits', row))
      })
    },
  },
]

export class XsjDatabase extends Dexie {
  studySessions!: Table<RecordRow<'studySessions'>, string>
  readingNotes!: Table<RecordRow<'readingNotes'>, string>
  visits!: Table<RecordRow<'visits'>, string>
  outbox!: Table<OutboxEntry, number>
  meta!: Table<MetaRow, string>
  drafts!: Table<DraftRow, string>

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options)
    for (const { version, stores, upgrade } of SCHEMA_VERSIONS) {
      const declared = this.version(version).stores(stores)
      if (upgrade) declared.upgrade(upgrade)
    }
  }

  records<T extends RecordTable>(table: T): Table<RecordRow<T>, string> {
    return this.table(table)
  }
}

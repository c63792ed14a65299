/**
 * The device database. Each version's stores are kept here as they were, so that an upgrade test can build a
 * database of any earlier version with the real historical definition and open it with the current code.
 */
import { Dexie, type Table, type Transaction } from 'dexie'
import type { OutboxEntry } from '../../shared/outbox'
import type { ResyncReason } from '../../shared/sync/protocol'
import type { MyUnits } from '../../shared/units'
import type { FieldsOf, RecordTable, StoredRecord, SyncedTable } from '../../shared/records'
import { RECORD_TABLES, SYNCED_TABLES } from '../../shared/records/tables'
import type { SearchBlockRow, SearchDocRow, SearchPostingRow, SearchStateRow } from '../search/search-rows'
import type { AttachmentRow } from './attachment-row'
import { indexKeysOf, type IndexKeys } from './index-keys'
import { frozenPageGuard } from './frozen-page-guard'

/** 'pending': changes not yet on the server; 'refused': the server refused one of them (see the outbox). */
export type SyncState = 'pending' | 'refused'

/** Local bookkeeping on a record row; never synced. */
export interface LocalKeys {
  /** Absent once everything about the record is on the server. */
  syncState?: SyncState
  /** Set by a full resync on every record the server sent, to find those it no longer has. */
  resyncEpoch?: number
  /**
   * For each field (and deletedAt), the server revision at which the server last confirmed the value this device
   * knows: from pulls (RecordState.fieldRevs) and from push results for this device's own changes (noted in meta,
   * PushConfirmationsMeta, and written here when a resync needs them). After the server is restored from a backup,
   * what it lost is what was confirmed above the fork revision (local-sync.ts).
   */
  fieldRevs?: Record<string, number>
}

/** A record as the device stores it: fields, bookkeeping, local index keys and sync state that never sync. */
export type RecordRow<T extends SyncedTable = RecordTable> = StoredRecord<T> & IndexKeys & LocalKeys

export interface DeviceMeta {
  key: 'device'
  deviceId: string
  /** The last outbox sequence number handed out on this device. */
  lastSeq: number
}

/** The account this device syncs with. Kept after sign-out so the device's records stay tied to their owner. */
export interface AccountMeta {
  key: 'account'
  accountId: string
  name: string
  displayName: string
  isAdmin: boolean
  /** Null when signed out or when the server said the token is no longer valid (sign in again). */
  token: string | null
  signedInAt: string
}

export interface SyncErrorInfo {
  code: 'offline' | 'server' | 'unauthorized' | 'updateRequired' | 'rejected' | 'storage'
  /** The server's own (Chinese) message, when it gave one. */
  message?: string
  at: string
}

export interface SyncMeta {
  key: 'sync'
  /** The highest server revision applied here. */
  cursor: number
  lastSyncAt: string | null
  lastError: SyncErrorInfo | null
  /** While a full resync is under way: its number, so a crash in the middle resumes it. */
  resyncEpoch: number | null
  /** Why the server asked for it, which decides what happens to records it no longer has (see finishResync). */
  resyncReason?: ResyncReason
  /**
   * For a resync after the server was restored from a backup: the last revision its history shares with what this
   * device saw (PullResponse.forkRev; 0 when the server could not say). Absent when revisions stayed comparable.
   */
  resyncForkRev?: number
  /** The same for the other owners whose records the account reads (PullResponse.forkRevs). */
  resyncForkRevs?: Record<string, number>
  /** The server timeline the cursor belongs to (PullResponse.timeline). */
  timeline?: string
  /** The organization's version the last pull answered (PullResponse.unitsVersion). */
  unitsVersion?: number
}

/**
 * The names of the account's devices by id (GET /api/auth/devices), kept so that a conflict says which device wrote
 * a version (另一台设备（Android · Chrome）) offline too.
 */
export interface DeviceNamesMeta {
  key: 'deviceNames'
  names: Record<string, string>
  /** For a colleague's device (a conflict on a unit's record): the person's name, by device id. */
  people?: Record<string, string>
  /** Devices the server would not name, and when it was asked (asked again a day later). */
  askedAt?: Record<string, string>
  fetchedAt: string
}

/**
 * What the account knows of its organization (GET /api/units): its units, their rosters, what it reviews. Kept so
 * that forms (who may record, 共享给…, the roster), record names and the unit figures on 首页 work offline.
 */
export interface MyUnitsMeta {
  key: 'units'
  units: MyUnits
  fetchedAt: string
  /** The organization's version when it was fetched (SyncMeta.unitsVersion then). */
  version?: number
}

/** One change the server accepted: its record, the record's revision after it, and the fields it carried. */
export type ConfirmedChange = [table: SyncedTable, recordId: string, rev: number, fields: string[]]

/**
 * What one push answer confirmed, until the pull after it brings the records back with the server's own field
 * revisions (sync/restore-resync.ts, noteConfirmed): one row per answer instead of a rewrite of every record.
 */
export interface PushConfirmationsMeta {
  key: `confirmed:${string}`
  changes: ConfirmedChange[]
}

export type MetaRow = DeviceMeta | AccountMeta | SyncMeta | DeviceNamesMeta | MyUnitsMeta | PushConfirmationsMeta

export interface DraftRow {
  /** `${table}:new` for a new record, `${table}:${id}` while editing one. */
  key: string
  table: RecordTable
  recordId: string | null
  fields: Partial<FieldsOf[RecordTable]>
  /** While editing: the record as the form loaded it, so a restored draft's change is measured from there. */
  base?: { fields: FieldsOf[RecordTable]; rev: number | null }
  /** Whose the record is to be (a unit, or personal and shared with units), when the person chose it in the form. */
  owner?: DraftOwner
  savedAt: string
}

export interface DraftOwner {
  unitId: string | null
  sharedWith: string[]
}

export const DB_NAME = 'xuesijian'

export const SCHEMA_VERSIONS: ReadonlyArray<{
  version: number
  stores: Record<string, string>
  upgrade?: (tx: Transaction) => Promise<void>
}> = [
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
      await tx
        .table<RecordRow<'visits'>>('visits')
        .toCollection()
        .modify((row) => {
          Object.assign(row, indexKeysOf('visits', row))
        })
    },
  },
  {
    // v3, sync: records carry their conflicts and a local sync state, both indexed (so 待处理 never scans a table);
    // refused outbox entries are indexed. Every record written before this version has only ever been on this
    // device, so it is waiting to be sent.
    version: 3,
    stores: {
      studySessions: 'id, sortKey, kind, updatedAt, *tags, syncState, conflicted',
      readingNotes: 'id, sortKey, kind, updatedAt, studySessionId, *tags, syncState, conflicted',
      visits: 'id, sortKey, kind, updatedAt, *tags, *problemStatuses, syncState, conflicted',
      outbox: 'seq, &mutationId, [table+recordId], refusedAt',
    },
    upgrade: async (tx) => {
      for (const table of RECORD_TABLES) {
        await tx
          .table<RecordRow>(table)
          .toCollection()
          .modify((row) => {
            row.conflicts ??= []
            if (row.rev === null) row.syncState = 'pending'
          })
      }
    },
  },
  {
    // v4, photos: blobs named by the SHA-256 of their bytes, full size and thumbnails alike. The upload queue reads
    // the pending ones through the uploadState index. Nothing to convert: records from before have no photos.
    version: 4,
    stores: {
      attachments: 'hash, uploadState',
    },
  },
  {
    // v5, search kept on the device (src/app/search/search-rows.ts): posting lists by gram and segment, what the index
    // knows of each record, the per-ordinal facts a query ranks by, and the index's state. Nothing to convert: the
    // index starts empty and fills itself from the records in quiet moments.
    version: 5,
    stores: {
      searchPostings: '[gram+seg], seg',
      searchDocs: 'key',
      searchBlocks: 'block',
      searchState: 'key',
    },
  },
  {
    // v6, 一学一报 for real (docs/review.md): the steps of units' packets, synced as records of their own kind and
    // read by session. Nothing to convert: there were none before.
    version: 6,
    stores: {
      reviewEvents: 'id, sortKey, sessionId, syncState, conflicted',
    },
  },
]

export class XsjDatabase extends Dexie {
  studySessions!: Table<RecordRow<'studySessions'>, string>
  readingNotes!: Table<RecordRow<'readingNotes'>, string>
  visits!: Table<RecordRow<'visits'>, string>
  reviewEvents!: Table<RecordRow<'reviewEvents'>, string>
  outbox!: Table<OutboxEntry, number>
  meta!: Table<MetaRow, MetaRow['key']>
  drafts!: Table<DraftRow, string>
  attachments!: Table<AttachmentRow, string>
  searchPostings!: Table<SearchPostingRow, [string, number]>
  searchDocs!: Table<SearchDocRow, string>
  searchBlocks!: Table<SearchBlockRow, number>
  searchState!: Table<SearchStateRow, 'state'>

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    // No query cache: in its default mode ('cloned') Dexie 4 deep-copies every live query's result on each read, and
    // 首页's figures read a year of records through live queries: the copying was most of the main thread's work
    // between the first paint and 首页's figures. Without the cache each live query reads IndexedDB afresh, whose
    // objects are copies already; what is lost is showing a write before it commits, which the app does not do.
    super(name, { cache: 'disabled', ...options })
    for (const { version, stores, upgrade } of SCHEMA_VERSIONS) {
      const declared = this.version(version).stores(stores)
      if (upgrade) declared.upgrade(upgrade)
    }
    this.use(frozenPageGuard())
  }

  records<T extends SyncedTable>(table: T): Table<RecordRow<T>, string> {
    return this.table(table)
  }

  /** Every synced table (the records and the packet events), for transactions that touch whatever a sync batch holds. */
  recordTables(): Table<RecordRow, string>[] {
    return SYNCED_TABLES.map((table) => this.records(table) as unknown as Table<RecordRow, string>)
  }
}

/**
 * 备份到文件: every record (tombstones and conflicts included), every photo and thumbnail whose bytes are on this
 * phone, and the reporting settings, as one zip. Needs no network. Loaded on demand with fflate (BackupPanel).
 */
import { strToU8, zipSync, type Zippable } from 'fflate'
import {
  DATA_FILE,
  MANIFEST_FILE,
  emptyIds,
  emptyRecords,
  photoPathOf,
  type BackupData,
  type PhotoEntry,
} from '../../shared/backup/format'
import { backupRecordOf, manifestOf } from '../../shared/backup/write'
import { localDate } from '../../shared/dates'
import { RECORD_TABLES, SYNCED_TABLES, type StoredRecord, type SyncedTable } from '../../shared/records'
import type { ReportSettings } from '../../shared/reporting/report-settings'
import type { AttachmentRow } from '../db/attachment-row'
import { storedRecordOf } from '../db/index-keys'
import type { XsjDatabase } from '../db/schema'
import { sha256Hex } from '../db/sha256'
import { readAccount } from '../sync/sync-meta'

export type BackupPhase = 'records' | 'photos' | 'zip'

export interface BackupProgress {
  phase: BackupPhase
  done: number
  total: number
}

export interface CreateBackupOptions {
  report: ReportSettings
  appVersion: string
  /** @default new Date() */
  now?: Date
  onProgress?: (progress: BackupProgress) => void
}

export interface CreatedBackup {
  file: Blob
  fileName: string
  records: number
  photos: number
  /** Photos left out because their bytes on this phone no longer match their hash. */
  damagedPhotos: number
}

/** Lets the progress text paint between steps of work that would otherwise hold the main thread throughout. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

export async function createBackupFile(db: XsjDatabase, options: CreateBackupOptions): Promise<CreatedBackup> {
  const now = options.now ?? new Date()
  const progress = options.onProgress ?? (() => undefined)
  progress({ phase: 'records', done: 0, total: 1 })
  // One read transaction: records, photo rows and account are one consistent moment even while sync writes. The
  // photo bytes are read after it (Blob reads are not IndexedDB requests and would end the transaction).
  const snapshot = await db.transaction('r', [...db.recordTables(), db.attachments, db.meta], async () => {
    const records = emptyRecords()
    const unsent = emptyIds()
    for (const table of SYNCED_TABLES) {
      const rows = await db.records(table).toArray()
      ;(records[table] as StoredRecord<SyncedTable>[]) = rows.map((row) =>
        backupRecordOf<SyncedTable>(table, storedRecordOf<SyncedTable>(row)),
      )
      unsent[table] = rows.filter((row) => row.syncState !== undefined).map((row) => row.id)
    }
    const attachments = await db.attachments.filter((row) => row.blob !== null).toArray()
    return { records, unsent, attachments, account: await readAccount(db) }
  })
  const photoFiles: Zippable = {}
  const photos: PhotoEntry[] = []
  let damaged = 0
  for (const [i, row] of snapshot.attachments.entries()) {
    progress({ phase: 'photos', done: i, total: snapshot.attachments.length })
    const bytes = new Uint8Array(await row.blob!.arrayBuffer())
    // A copy the phone's storage damaged no longer hashes to its name: it would make the whole file refused on
    // restore, so it is left out (and counted) instead.
    if ((await sha256Hex(new Blob([bytes]))) !== row.hash) {
      damaged++
      continue
    }
    const entry = { ...photoEntryOf(row), bytes: bytes.byteLength }
    // Photos are JPEG or WebP already: deflating them again costs time and saves nothing.
    photoFiles[photoPathOf(entry)] = [bytes, { level: 0 }]
    photos.push(entry)
  }
  progress({ phase: 'zip', done: 0, total: 1 })
  await nextFrame()
  const data: BackupData = {
    records: snapshot.records,
    unsent: snapshot.unsent,
    photos,
    settings: { report: options.report },
  }
  const dataBytes = strToU8(JSON.stringify(data))
  const account = snapshot.account
    ? { accountId: snapshot.account.accountId, name: snapshot.account.name, displayName: snapshot.account.displayName }
    : null
  const manifest = manifestOf({
    data,
    createdAt: now.toISOString(),
    appVersion: options.appVersion,
    account,
    dataSha256: await sha256Hex(new Blob([dataBytes])),
  })
  const files: Zippable = {
    [MANIFEST_FILE]: [strToU8(JSON.stringify(manifest, null, 2)), { level: 6 }],
    [DATA_FILE]: [dataBytes, { level: 6 }],
    ...photoFiles,
  }
  const zipped = zipSync(files, { mtime: now })
  const recordCount = RECORD_TABLES.reduce((sum, table) => sum + data.records[table].length, 0)
  return {
    file: new Blob([zipped], { type: 'application/zip' }),
    fileName: `学思践备份-${localDate(now)}.zip`,
    records: recordCount,
    photos: photos.length,
    damagedPhotos: damaged,
  }
}

function photoEntryOf(row: AttachmentRow): PhotoEntry {
  return {
    hash: row.hash,
    role: row.role,
    type: row.type,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    createdAt: row.createdAt,
  }
}

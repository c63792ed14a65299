/**
 * The backup file (我的 → 数据备份): one zip that holds everything a phone keeps, readable by a later version of the
 * app on another phone.
 *
 *   manifest.json          what the file is: format id and version, when and by which app it was made, the account its
 *                          records belong to, counts, and the SHA-256 of backup.json (zip readers need not check CRCs)
 *   backup.json            the records of each table (fields and bookkeeping), the photo list and the settings
 *   photos/<sha256>.<ext>  each photo's and thumbnail's bytes, named by their hash as on the phone and the server
 *
 * The record fields are checked with the same field definitions as forms and the server (records/), so a file a
 * person edited by hand cannot put a record on the phone that a form could not have saved.
 */
import * as z from 'zod/mini'
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, PHOTO_MAX_SIDE_PX, type AttachmentType } from '../attachments'
import { isoDateTime, sha256Hex, wholeNumber } from '../fields'
import { SYNCED_TABLES, type StoredRecord, type SyncedTable } from '../records'
import type { ReportSettings } from '../reporting/report-settings'

export const BACKUP_FORMAT = 'xuesijian-backup'
/** Raise when a file this version writes could not be read correctly by the versions before it. */
export const BACKUP_FORMAT_VERSION = 1

export const MANIFEST_FILE = 'manifest.json'
export const DATA_FILE = 'backup.json'

const EXTENSIONS: Record<AttachmentType, string> = { 'image/jpeg': 'jpg', 'image/webp': 'webp' }

/** Where a photo's bytes are in the zip: named by hash, with an extension so a person opening the zip sees pictures. */
export function photoPathOf(photo: { hash: string; type: AttachmentType }): string {
  return `photos/${photo.hash}.${EXTENSIONS[photo.type]}`
}

const count = () => wholeNumber(0, 10_000_000)
const uuid = () => z.string().check(z.uuid())

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: wholeNumber(1, 1_000_000),
  createdAt: isoDateTime(),
  appVersion: z.string().check(z.minLength(1), z.maxLength(50)),
  /** The account the records belong to (they must not be uploaded into another one); null for a phone never signed in. */
  account: z.nullable(
    z.object({
      accountId: z.string().check(z.minLength(1), z.maxLength(100)),
      name: z.string().check(z.maxLength(100)),
      displayName: z.string().check(z.maxLength(100)),
    }),
  ),
  counts: z.object({
    studySessions: count(),
    readingNotes: count(),
    visits: count(),
    // 一学一报 steps (docs/review.md): absent from files made before they existed.
    reviewEvents: z.optional(count()),
    photos: count(),
  }),
  /** SHA-256 of backup.json's bytes. */
  dataSha256: sha256Hex(),
})
export type BackupManifest = z.infer<typeof manifestSchema>
export type BackupAccount = NonNullable<BackupManifest['account']>

const conflictSchema = z.object({
  id: uuid(),
  kind: z.enum(['field', 'delete']),
  field: z.string().check(z.minLength(1), z.maxLength(100)),
  value: z.unknown(),
  deviceId: z.string().check(z.maxLength(100)),
  at: z.string().check(z.maxLength(40)),
  rev: wholeNumber(0, Number.MAX_SAFE_INTEGER),
})

/** A record's bookkeeping (RecordMeta): its fields are checked by its type's own schema. */
export const recordMetaSchema = z.object({
  id: uuid(),
  createdAt: isoDateTime(),
  updatedAt: isoDateTime(),
  deviceId: uuid(),
  deletedAt: z.nullable(isoDateTime()),
  rev: z.nullable(wholeNumber(0, Number.MAX_SAFE_INTEGER)),
  conflicts: z.array(conflictSchema),
  // Who owns the record (docs/units.md): absent from backups made before units, and from records made offline.
  unitId: z.optional(z.nullable(uuid())),
  authorId: z.optional(uuid()),
  sharedWith: z.optional(z.array(uuid()).check(z.maxLength(50))),
})
export const RECORD_META_KEYS: readonly string[] = Object.keys(recordMetaSchema.shape)

export const ATTACHMENT_ROLES = ['photo', 'thumbnail'] as const

export const photoEntrySchema = z.object({
  hash: sha256Hex(),
  /** 'photo': the full-size copy; 'thumbnail': the small one lists show. */
  role: z.enum(ATTACHMENT_ROLES),
  type: z.enum(ATTACHMENT_TYPES),
  bytes: wholeNumber(1, MAX_ATTACHMENT_BYTES),
  width: wholeNumber(1, PHOTO_MAX_SIDE_PX),
  height: wholeNumber(1, PHOTO_MAX_SIDE_PX),
  createdAt: isoDateTime(),
})
export type PhotoEntry = z.infer<typeof photoEntrySchema>

/** backup.json before its records are checked one by one (each by its own type: see read.ts). */
const ids = () => z.array(uuid())

export const dataShapeSchema = z.object({
  records: z.object({
    studySessions: z.array(z.unknown()),
    readingNotes: z.array(z.unknown()),
    visits: z.array(z.unknown()),
    reviewEvents: z.optional(z.array(z.unknown())),
  }),
  /** Ids of the records that had changes not yet on the server when the backup was made (see restore-plan.ts). */
  unsent: z.object({ studySessions: ids(), readingNotes: ids(), visits: ids(), reviewEvents: z.optional(ids()) }),
  photos: z.array(z.unknown()),
  settings: z.object({ report: z.unknown() }),
})

/** Every synced table: the records and the packet steps (an unsent 报送 is work to keep like any record). */
export type BackupRecords = { [T in SyncedTable]: StoredRecord<T>[] }

export type RecordIds = { [T in SyncedTable]: string[] }

export interface BackupData {
  records: BackupRecords
  unsent: RecordIds
  photos: PhotoEntry[]
  settings: { report: ReportSettings }
}

export interface Backup {
  manifest: BackupManifest
  data: BackupData
}

export function emptyIds(): RecordIds {
  return { studySessions: [], readingNotes: [], visits: [], reviewEvents: [] }
}

export function emptyRecords(): BackupRecords {
  return Object.fromEntries(SYNCED_TABLES.map((table) => [table, []])) as unknown as BackupRecords
}

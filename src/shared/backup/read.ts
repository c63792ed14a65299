/**
 * Reading a backup's two JSON files, all of it before anything is written: the manifest first (is this our file, and
 * can this version read it?), then every record, photo entry and setting. The first problem found is the answer.
 */
import { recordTypes, SYNCED_TABLES, type StoredRecord, type SyncedTable, type ZodIssueLike } from '../records'
import { fieldsOf } from '../records'
import { reportSettingsOf } from '../reporting/report-settings'
import { describeIssue } from '../validation'
import type { Localized } from '../localized'
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  dataShapeSchema,
  emptyRecords,
  manifestSchema,
  photoEntrySchema,
  RECORD_META_KEYS,
  recordMetaSchema,
  type BackupData,
  type BackupManifest,
  type PhotoEntry,
} from './format'
import { corrupt, foreignFile, newerVersion, refused, shortHash, type BackupCheck } from './problems'

function parseJson(text: string, file: string): BackupCheck<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return refused(corrupt({ zh: `${file} 无法读取`, en: `${file} cannot be read` }))
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pathOf(issue: ZodIssueLike): string {
  return issue.path.map(String).join('.') || '—'
}

/** manifest.json: whose file it is and which format version, checked before anything else is read. */
export function readManifest(text: string): BackupCheck<BackupManifest> {
  const parsed = parseJson(text, 'manifest.json')
  if (!parsed.ok) return parsed
  const json = parsed.value
  if (!isPlainObject(json) || json.format !== BACKUP_FORMAT) return refused(foreignFile())
  const version = json.formatVersion
  if (typeof version === 'number' && Number.isInteger(version) && version > BACKUP_FORMAT_VERSION) {
    return refused(
      newerVersion({
        zh: `备份格式第 ${version} 版，本应用只能读到第 ${BACKUP_FORMAT_VERSION} 版`,
        en: `backup format ${version}; this app reads up to ${BACKUP_FORMAT_VERSION}`,
      }),
    )
  }
  const manifest = manifestSchema.safeParse(json)
  if (!manifest.success) {
    const where = pathOf(manifest.error.issues[0]!)
    return refused(
      corrupt({ zh: `说明文件 manifest.json 中的 ${where} 不正确`, en: `manifest.json: ${where} is invalid` }),
    )
  }
  return { ok: true, value: manifest.data }
}

/** backup.json, checked against the manifest it came with: every record, photo entry and count. */
export function readBackupData(text: string, manifest: BackupManifest): BackupCheck<BackupData> {
  const parsed = parseJson(text, 'backup.json')
  if (!parsed.ok) return parsed
  const shape = dataShapeSchema.safeParse(parsed.value)
  if (!shape.success) {
    const where = pathOf(shape.error.issues[0]!)
    return refused(
      corrupt({ zh: `backup.json 中缺少或无法识别 ${where}`, en: `backup.json: ${where} is missing or unreadable` }),
    )
  }
  const records = emptyRecords()
  for (const table of SYNCED_TABLES) {
    const raw = shape.data.records[table] ?? []
    const expected = manifest.counts[table] ?? 0
    if (raw.length !== expected) return refused(corrupt(countMismatch(recordTypes[table].name, expected, raw.length)))
    const seen = new Set<string>()
    for (const [i, item] of raw.entries()) {
      const record = readRecord(table, item, i + 1)
      if (!record.ok) return record
      if (seen.has(record.value.id))
        return refused(
          corrupt(atRecord(table, i + 1, { zh: '与前面一条记录的编号相同', en: 'has the same id as an earlier one' })),
        )
      seen.add(record.value.id)
      ;(records[table] as StoredRecord<SyncedTable>[]).push(record.value)
    }
  }
  const photos = readPhotoEntries(shape.data.photos, manifest.counts.photos)
  if (!photos.ok) return photos
  return {
    ok: true,
    value: {
      records,
      unsent: { ...shape.data.unsent, reviewEvents: shape.data.unsent.reviewEvents ?? [] },
      photos: photos.value,
      settings: { report: reportSettingsOf(shape.data.settings.report) },
    },
  }
}

function countMismatch(what: Localized, expected: number, actual: number): Localized {
  return {
    zh: `${what.zh}应有 ${expected} 条，实际只有 ${actual} 条`,
    en: `${expected} ${what.en.toLowerCase()} records expected, ${actual} found`,
  }
}

function atRecord(table: SyncedTable, position: number, detail: Localized): Localized {
  const name = recordTypes[table].name
  return { zh: `第 ${position} 条${name.zh}：${detail.zh}`, en: `${name.en} ${position}: ${detail.en}` }
}

/** One record: bookkeeping by the backup's own schema, fields by the record type's, nothing this version lacks. */
export function readRecord<T extends SyncedTable>(
  table: T,
  raw: unknown,
  position: number,
): BackupCheck<StoredRecord<T>> {
  if (!isPlainObject(raw))
    return refused(corrupt(atRecord(table, position, { zh: '不是一条记录', en: 'not a record' })))
  const type = recordTypes[table]
  // A field this version does not know would be dropped without a word: say the file needs a newer app.
  const unknown = Object.keys(raw).filter((key) => !Object.hasOwn(type.specs, key) && !RECORD_META_KEYS.includes(key))
  if (unknown.length > 0) {
    const name = type.name
    return refused(
      newerVersion({
        zh: `${name.zh}中有本版本不认识的内容：${unknown.join('、')}`,
        en: `${name.en.toLowerCase()} records have fields this version does not know: ${unknown.join(', ')}`,
      }),
    )
  }
  const meta = recordMetaSchema.safeParse(raw)
  if (!meta.success) {
    const where = pathOf(meta.error.issues[0]!)
    return refused(corrupt(atRecord(table, position, { zh: `${where} 不正确`, en: `${where} is invalid` })))
  }
  const fields = type.schema.safeParse(fieldsOf(table, raw as never))
  if (!fields.success) {
    const issue = fields.error.issues[0]!
    const message = {
      zh: describeIssue(issue, type.specs, 'zh-CN').message,
      en: describeIssue(issue, type.specs, 'en-US').message,
    }
    return refused(corrupt(atRecord(table, position, message)))
  }
  return { ok: true, value: { ...fields.data, ...meta.data } as StoredRecord<T> }
}

function readPhotoEntries(raw: readonly unknown[], expected: number): BackupCheck<PhotoEntry[]> {
  if (raw.length !== expected) return refused(corrupt(countMismatch({ zh: '照片', en: 'Photo' }, expected, raw.length)))
  const photos: PhotoEntry[] = []
  const seen = new Set<string>()
  for (const [i, item] of raw.entries()) {
    const entry = photoEntrySchema.safeParse(item)
    if (!entry.success)
      return refused(
        corrupt({
          zh: `第 ${i + 1} 张照片的 ${pathOf(entry.error.issues[0]!)} 不正确`,
          en: `photo ${i + 1}: ${pathOf(entry.error.issues[0]!)} is invalid`,
        }),
      )
    if (seen.has(entry.data.hash))
      return refused(
        corrupt({
          zh: `照片 ${shortHash(entry.data.hash)} 出现了两次`,
          en: `photo ${shortHash(entry.data.hash)} is listed twice`,
        }),
      )
    seen.add(entry.data.hash)
    photos.push(entry.data)
  }
  return { ok: true, value: photos }
}

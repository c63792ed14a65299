/** A phone with records and photos, its backup file, and ways to damage a backup file as disks and people do. */
import { randomBytes } from 'node:crypto'
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate'
import { createBackupFile } from '../../../src/app/backup/create-backup'
import { storeAttachment } from '../../../src/app/db/attachments'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import { sha256Hex } from '../../../src/app/db/sha256'
import type { PhotoRef } from '../../../src/shared/fields'
import { DEFAULT_REPORT_SETTINGS, type ReportSettings } from '../../../src/shared/reporting/report-settings'
import { readingNote, studySession, visit } from '../db/support'

export const CHOSEN_SETTINGS: ReportSettings = {
  ...DEFAULT_REPORT_SETTINGS,
  monthlyMinimum: 2,
  reportDeadlineDays: 5,
  name: '王建国',
  unit: '市文化广电和旅游局',
  branch: '机关第一党支部',
}

function jpegBytes(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  bytes.set(randomBytes(size))
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0)
  return bytes
}

/** Stores a photo and its thumbnail as photo intake does; returns the record's reference. */
export async function takePhoto(db: XsjDatabase, caption = '村文化中心'): Promise<PhotoRef> {
  const photo = new Blob([jpegBytes(40_000)], { type: 'image/jpeg' })
  const thumbnail = new Blob([jpegBytes(4_000)], { type: 'image/jpeg' })
  const [hash, thumbHash] = [await sha256Hex(photo), await sha256Hex(thumbnail)]
  const createdAt = new Date().toISOString()
  await storeAttachment(db, {
    hash,
    blob: photo,
    type: 'image/jpeg',
    bytes: photo.size,
    width: 1920,
    height: 1440,
    role: 'photo',
    createdAt,
    uploadState: 'uploaded',
  })
  await storeAttachment(db, {
    hash: thumbHash,
    blob: thumbnail,
    type: 'image/jpeg',
    bytes: thumbnail.size,
    width: 320,
    height: 240,
    role: 'thumbnail',
    createdAt,
    uploadState: 'uploaded',
  })
  return {
    hash,
    thumbHash,
    type: 'image/jpeg',
    bytes: photo.size,
    width: 1920,
    height: 1440,
    caption,
    takenAt: createdAt,
  }
}

export interface Populated {
  sessionId: string
  noteId: string
  visitId: string
  deletedId: string
  photo: PhotoRef
}

/** One record of each type (the visit with a photo and a problem), and one deleted session. */
export async function populate(db: XsjDatabase): Promise<Populated> {
  const repository = new RecordRepository(db)
  const photo = await takePhoto(db)
  const session = await repository.save(
    'studySessions',
    studySession({ materials: ['《中国共产党章程》'], tags: ['二十大'] }),
  )
  const note = await repository.save(
    'readingNotes',
    readingNote({ studySessionId: session.id, reflection: '以人民为中心。' }),
  )
  const problem = {
    description: '旅游资源开发层次较浅',
    category: 'tourism' as const,
    raisedBy: '村党支部书记',
    status: 'open' as const,
    dueDate: '',
    resolution: '',
    resolvedDate: '',
  }
  const place = await repository.save(
    'visits',
    visit({
      photos: [photo],
      problems: [problem],
      location: { latitude: 29.03, longitude: 111.69, accuracy: 12, takenAt: '2026-11-12T03:00:00.000Z' },
    }),
  )
  const deleted = await repository.save('studySessions', studySession({ topic: '已删除的学习' }))
  await repository.remove('studySessions', deleted.id)
  return { sessionId: session.id, noteId: note.id, visitId: place.id, deletedId: deleted.id, photo }
}

export async function backupOf(db: XsjDatabase, report: ReportSettings = CHOSEN_SETTINGS): Promise<Blob> {
  return (await createBackupFile(db, { report, appVersion: '0.1.0' })).file
}

/** Unzips a backup, lets `change` edit its files, and zips it again (the way a person or a tool might). */
export async function rezipped(file: Blob, change: (files: Record<string, Uint8Array>) => void): Promise<Blob> {
  const files = unzipSync(new Uint8Array(await file.arrayBuffer()))
  change(files)
  return new Blob([zipSync(files as Zippable)])
}

/** Edits a JSON file inside the zip. */
export function editJson(
  files: Record<string, Uint8Array>,
  name: string,
  edit: (json: Record<string, unknown>) => void,
): void {
  const json = JSON.parse(strFromU8(files[name]!)) as Record<string, unknown>
  edit(json)
  files[name] = strToU8(JSON.stringify(json))
}

/** Edits backup.json and puts the manifest's checksum and counts right, so the damage is only what `edit` did. */
export async function editData(file: Blob, edit: (json: Record<string, unknown>) => void): Promise<Blob> {
  const files = unzipSync(new Uint8Array(await file.arrayBuffer()))
  editJson(files, 'backup.json', edit)
  const hash = await sha256Hex(new Blob([files['backup.json']! as Uint8Array<ArrayBuffer>]))
  const data = JSON.parse(strFromU8(files['backup.json']!)) as { records: Record<string, unknown[]>; photos: unknown[] }
  editJson(files, 'manifest.json', (manifest) => {
    manifest.dataSha256 = hash
    manifest.counts = {
      ...Object.fromEntries(Object.entries(data.records).map(([table, records]) => [table, records.length])),
      photos: data.photos.length,
    }
  })
  return new Blob([zipSync(files as Zippable)])
}

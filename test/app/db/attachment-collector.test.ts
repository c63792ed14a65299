import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ATTACHMENT_GRACE_MS, collectUnusedAttachments } from '../../../src/app/db/attachment-collector'
import type { AttachmentRow } from '../../../src/app/db/attachment-row'
import {
  dropUploadedOriginals,
  photoStorageOf,
  storeAttachment,
  updateAttachmentState,
} from '../../../src/app/db/attachments'
import { saveDraft } from '../../../src/app/db/drafts'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import type { PhotoRef } from '../../../src/shared/fields'
import { freshDatabase, studySession, visit } from './support'

let db: XsjDatabase
let repository: RecordRepository
beforeEach(() => {
  db = freshDatabase()
  repository = new RecordRepository(db)
})
afterEach(async () => {
  await db.delete()
})

/** Time enough after every write in a test for the grace period (picked photos, the undo bar) to be over. */
const later = () => new Date(Date.now() + ATTACHMENT_GRACE_MS + 1000)

let counter = 0
function hashOf(n: number): string {
  return n.toString(16).padStart(64, '0')
}

/** Stores a photo and its thumbnail as the form does at pick time; returns the ref a record holds. */
async function pickPhoto(caption = '', bytes = 400_000): Promise<PhotoRef> {
  const hash = hashOf(++counter)
  const thumbHash = hashOf(++counter)
  const createdAt = new Date().toISOString()
  const row = (h: string, role: AttachmentRow['role'], size: number): AttachmentRow => ({
    hash: h,
    blob: new Blob([new Uint8Array(size)], { type: 'image/jpeg' }),
    type: 'image/jpeg',
    bytes: size,
    width: role === 'photo' ? 1920 : 320,
    height: role === 'photo' ? 1440 : 240,
    role,
    createdAt,
    uploadState: 'pending',
  })
  await storeAttachment(db, row(hash, 'photo', bytes))
  await storeAttachment(db, row(thumbHash, 'thumbnail', 20_000))
  return { hash, thumbHash, type: 'image/jpeg', bytes, width: 1920, height: 1440, caption }
}

async function storedHashes(): Promise<string[]> {
  return (await db.attachments.toCollection().primaryKeys()).sort()
}

const hashesOf = (...photos: PhotoRef[]) => photos.flatMap((p) => [p.hash, p.thumbHash]).sort()

/** What a completed sync leaves on a record: the server has it, nothing waits in the outbox. */
async function markSynced(table: 'visits' | 'studySessions', id: string): Promise<void> {
  await db.outbox.where('[table+recordId]').equals([table, id]).delete()
  await db.records(table).update(id, { syncState: undefined, rev: 7 })
}

describe('collectUnusedAttachments', () => {
  it('keeps photos of live records and frees those no record refers to', async () => {
    const kept = await pickPhoto('村文化中心')
    await pickPhoto('拍错了')
    const saved = await repository.save('visits', visit({ photos: [kept] }))
    await markSynced('visits', saved.id)

    const result = await collectUnusedAttachments(db, { now: later() })
    expect(result).toEqual({ deleted: 2, freedBytes: 420_000 })
    expect(await storedHashes()).toEqual(hashesOf(kept))
  })

  it('keeps a picked photo for the grace period, before any draft refers to it', async () => {
    const picked = await pickPhoto()
    expect((await collectUnusedAttachments(db)).deleted).toBe(0)
    expect(await storedHashes()).toEqual(hashesOf(picked))
    expect((await collectUnusedAttachments(db, { now: later() })).deleted).toBe(2)
  })

  it('keeps photos a draft holds', async () => {
    const inDraft = await pickPhoto('草稿里的照片')
    await saveDraft(db, 'visits', null, visit({ photos: [inDraft] }))
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual(hashesOf(inDraft))
  })

  it('keeps photos an unsent change refers to, even after the record dropped them', async () => {
    const first = await pickPhoto()
    const saved = await repository.save('visits', visit({ photos: [first] }))
    await repository.save('visits', { ...visit(), photos: [] }, { id: saved.id })
    // The create in the outbox still carries the photo: the server must get the record as it was written.
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual(hashesOf(first))
    await markSynced('visits', saved.id)
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual([])
  })

  it('keeps the photos of a deleted record until the deletion has reached the server', async () => {
    const photo = await pickPhoto()
    const saved = await repository.save('studySessions', studySession({ photos: [photo] }))
    await markSynced('studySessions', saved.id)
    await repository.remove('studySessions', saved.id)

    // Deleted here, not yet on the server: an edit on another phone may still win and bring the record back.
    await db.outbox.clear()
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual(hashesOf(photo))

    await markSynced('studySessions', saved.id)
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual([])
  })

  it('keeps the photos of a record deleted moments ago, while the undo bar offers it back', async () => {
    const photo = await pickPhoto()
    const saved = await repository.save('visits', visit({ photos: [photo] }))
    await markSynced('visits', saved.id)
    await repository.remove('visits', saved.id)
    // Sync was quick: the deletion is on the server while the undo bar is still showing.
    await markSynced('visits', saved.id)
    await collectUnusedAttachments(db, { now: new Date(Date.now() + 5000) })
    expect(await storedHashes()).toEqual(hashesOf(photo))
    await repository.restore('visits', saved.id)
    expect((await repository.get('visits', saved.id))?.photos).toEqual([photo])
  })

  it('keeps a photo shared by two records until the last one is gone', async () => {
    const shared = await pickPhoto()
    const a = await repository.save('visits', visit({ photos: [shared] }))
    const b = await repository.save('studySessions', studySession({ photos: [shared] }))
    await markSynced('visits', a.id)
    await markSynced('studySessions', b.id)
    await repository.remove('visits', a.id)
    await markSynced('visits', a.id)
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual(hashesOf(shared))
    await repository.remove('studySessions', b.id)
    await markSynced('studySessions', b.id)
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual([])
  })

  it('keeps photos held only by a conflict the person has not settled', async () => {
    const kept = await pickPhoto()
    const theirs = await pickPhoto('另一台手机的照片')
    const saved = await repository.save('visits', visit({ photos: [kept] }))
    await markSynced('visits', saved.id)
    await db.visits.update(saved.id, {
      conflicts: [
        {
          id: 'c1',
          kind: 'field',
          field: 'photos',
          value: [theirs],
          deviceId: 'other',
          at: new Date().toISOString(),
          rev: 8,
        },
      ],
    })
    await collectUnusedAttachments(db, { now: later() })
    expect(await storedHashes()).toEqual(hashesOf(kept, theirs))
  })
})

describe('photo storage figures and freeing space', () => {
  it('counts full-size photos and thumbnails apart, and drops only originals the server has', async () => {
    const uploaded = await pickPhoto('已上传', 500_000)
    const pending = await pickPhoto('待上传', 300_000)
    await db.attachments.update(uploaded.hash, { uploadState: 'uploaded' })
    await db.attachments.update(uploaded.thumbHash, { uploadState: 'uploaded' })

    expect(await photoStorageOf(db)).toEqual({
      photos: { count: 2, bytes: 800_000 },
      thumbnails: { count: 2, bytes: 40_000 },
      droppable: { count: 1, bytes: 500_000 },
      dropped: 0,
    })
    expect(await dropUploadedOriginals(db)).toEqual({ count: 1, bytes: 500_000 })
    expect(await photoStorageOf(db)).toEqual({
      photos: { count: 1, bytes: 300_000 },
      thumbnails: { count: 2, bytes: 40_000 },
      droppable: { count: 0, bytes: 0 },
      dropped: 1,
    })
    expect((await db.attachments.get(uploaded.hash))?.blob).toBeNull()
    expect((await db.attachments.get(uploaded.thumbHash))?.blob?.size).toBe(20_000)
    expect((await db.attachments.get(pending.hash))?.blob?.size).toBe(300_000)
  })

  it('picking a dropped photo again brings its full-size copy back, still marked uploaded', async () => {
    const photo = await pickPhoto()
    await db.attachments.update(photo.hash, { uploadState: 'uploaded', blob: null })
    await storeAttachment(db, {
      hash: photo.hash,
      blob: new Blob([new Uint8Array(10)]),
      type: 'image/jpeg',
      bytes: 10,
      width: 1920,
      height: 1440,
      role: 'photo',
      createdAt: new Date().toISOString(),
      uploadState: 'pending',
    })
    const row = await db.attachments.get(photo.hash)
    expect(row?.blob?.size).toBe(10)
    expect(row?.uploadState).toBe('uploaded')
  })

  it('changes a photo’s upload state keeping its bytes and type, and keeps a dropped copy dropped', async () => {
    const photo = await pickPhoto('', 1000)
    const before = await db.attachments.get(photo.hash)
    await updateAttachmentState(db, photo.hash, { isUnsent: false })
    await updateAttachmentState(db, photo.hash, { uploadState: 'uploaded' })
    const after = await db.attachments.get(photo.hash)
    expect(after).toMatchObject({ uploadState: 'uploaded', isUnsent: false, bytes: 1000, role: 'photo' })
    expect(new Uint8Array(await after!.blob!.arrayBuffer())).toEqual(new Uint8Array(await before!.blob!.arrayBuffer()))
    expect(after!.blob!.type).toBe('image/jpeg')
    await db.attachments.update(photo.hash, { blob: null })
    await updateAttachmentState(db, photo.hash, { uploadState: 'refused' })
    expect(await db.attachments.get(photo.hash)).toMatchObject({ uploadState: 'refused', blob: null })
    await updateAttachmentState(db, hashOf(999_999), { uploadState: 'uploaded' })
    expect(await db.attachments.get(hashOf(999_999))).toBeUndefined()
  })
})

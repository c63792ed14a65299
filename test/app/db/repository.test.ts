import { afterEach, describe, expect, it } from 'vitest'
import { RecordInvalidError, RecordRepository } from '../../../src/app/db/repository'
import { saveDraft } from '../../../src/app/db/drafts'
import type { XsjDatabase } from '../../../src/app/db/schema'
import type { OutboxEntry } from '../../../src/shared/outbox'
import { freshDatabase, readingNote, studySession, visit } from './support'

let db: XsjDatabase
afterEach(async () => {
  await db.delete()
})

function setUp(): RecordRepository {
  db = freshDatabase()
  return new RecordRepository(db)
}

describe('RecordRepository.save', () => {
  it('stores a new record with a UUIDv7 id, timestamps, device id and an outbox entry holding every field', async () => {
    const repo = setUp()
    const saved = await repo.save('studySessions', studySession())
    expect(saved.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(saved.createdAt).toBe(saved.updatedAt)
    expect(saved.deletedAt).toBeNull()
    expect(saved.rev).toBeNull()
    const outbox = await db.outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({
      seq: 1,
      table: 'studySessions',
      recordId: saved.id,
      op: 'create',
      baseRev: null,
      deviceId: saved.deviceId,
    })
    expect(outbox[0]!.changes).toEqual(studySession())
  })

  it('records only the changed fields of an update, with increasing per-device sequence numbers', async () => {
    const repo = setUp()
    const first = await repo.save('visits', visit())
    await repo.save('visits', { ...visit(), summary: '下一步协调文化站开展活动' }, { id: first.id })
    const outbox = await db.outbox.orderBy('seq').toArray()
    expect(outbox.map((e) => e.seq)).toEqual([1, 2])
    expect(outbox[1]).toMatchObject({ op: 'update', changes: { summary: '下一步协调文化站开展活动' } })
    expect(new Set(outbox.map((e) => e.mutationId)).size).toBe(2)
  })

  it('writes no outbox entry when an edit changes nothing', async () => {
    const repo = setUp()
    const saved = await repo.save('readingNotes', readingNote())
    await repo.save('readingNotes', readingNote(), { id: saved.id })
    expect(await db.outbox.count()).toBe(1)
  })

  it('refuses an invalid record with Chinese field messages and writes nothing', async () => {
    const repo = setUp()
    const error = await repo.save('studySessions', studySession({ topic: '  ' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RecordInvalidError)
    expect((error as RecordInvalidError).errors).toEqual([{ path: 'topic', message: '请填写学习主题' }])
    expect(await db.studySessions.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('leaves neither the record nor the outbox entry when the transaction fails', async () => {
    const repo = setUp()
    // A mutation id that already exists violates the outbox's unique index, failing the transaction late.
    const saved = await repo.save('studySessions', studySession())
    const [entry] = await db.outbox.toArray()
    const realBulkAdd = db.outbox.bulkAdd.bind(db.outbox)
    db.outbox.bulkAdd = ((items: readonly OutboxEntry[]) =>
      realBulkAdd(items.map((item) => ({ ...item, mutationId: entry!.mutationId })))) as typeof db.outbox.bulkAdd
    await expect(repo.save('studySessions', studySession({ topic: '第二次学习' }))).rejects.toThrow()
    expect(await db.studySessions.count()).toBe(1)
    expect((await db.studySessions.get(saved.id))!.topic).toBe('深入学习党的二十大精神')
    expect(await db.outbox.count()).toBe(1)
    expect(await db.meta.get('device')).toMatchObject({ lastSeq: 1 })
  })

  it('deletes the form draft in the same transaction as the save', async () => {
    const repo = setUp()
    await saveDraft(db, 'studySessions', null, studySession({ topic: '草稿' }))
    await repo.save('studySessions', studySession(), { draftKey: 'studySessions:new' })
    expect(await db.drafts.count()).toBe(0)
  })

  it('keeps the draft when the save is refused', async () => {
    const repo = setUp()
    await saveDraft(db, 'studySessions', null, studySession({ topic: '' }))
    await expect(
      repo.save('studySessions', studySession({ topic: '' }), { draftKey: 'studySessions:new' }),
    ).rejects.toThrow(RecordInvalidError)
    expect(await db.drafts.count()).toBe(1)
  })

  it('tells listeners only after the write committed', async () => {
    const repo = setUp()
    const seen: number[] = []
    repo.onChange(async () => {
      seen.push(await db.studySessions.count())
    })
    await repo.save('studySessions', studySession())
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(seen).toEqual([1])
  })
})

describe('delete and undo', () => {
  it('leaves a tombstone with an outbox entry, and restore brings the record back', async () => {
    const repo = setUp()
    const saved = await repo.save('visits', visit())
    await repo.remove('visits', saved.id)
    const tombstone = await db.visits.get(saved.id)
    expect(tombstone!.deletedAt).not.toBeNull()
    expect(tombstone!.place).toBe('柳河村')
    await repo.restore('visits', saved.id)
    expect((await db.visits.get(saved.id))!.deletedAt).toBeNull()
    const ops = (await db.outbox.orderBy('seq').toArray()).map((e) => [e.op, Object.keys(e.changes)])
    expect(ops).toEqual([
      ['create', Object.keys(visit())],
      ['delete', ['deletedAt']],
      ['restore', ['deletedAt']],
    ])
  })
})

describe('RecordRepository.save with 共享给…', () => {
  const UNIT = '0190a000-0000-7000-8000-0000000000c1'

  it('creates and shares in one transaction, and sends a share only when the list changes', async () => {
    const repo = setUp()
    const saved = await repo.save('visits', visit(), { sharedWith: [UNIT] })
    expect(saved.sharedWith).toEqual([UNIT])
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => [e.op, e.changes.sharedWith])).toEqual([
      ['create', undefined],
      ['share', [UNIT]],
    ])
    await repo.save('visits', { ...visit(), summary: '补充' }, { id: saved.id, sharedWith: [UNIT] })
    expect((await db.outbox.orderBy('seq').toArray()).map((e) => e.op)).toEqual(['create', 'share', 'update'])
    await repo.save('visits', { ...visit(), summary: '补充' }, { id: saved.id, sharedWith: [] })
    const ops = await db.outbox.orderBy('seq').toArray()
    expect(ops.map((e) => e.op)).toEqual(['create', 'share', 'update', 'share'])
    expect(ops[3]!.changes).toEqual({ sharedWith: [] })
    expect((await repo.get('visits', saved.id))!.sharedWith).toBeUndefined()
  })

  it('never shares a unit’s record', async () => {
    const repo = setUp()
    const saved = await repo.save('studySessions', studySession(), { unitId: UNIT, sharedWith: [UNIT] })
    expect((await db.outbox.toArray()).map((e) => e.op)).toEqual(['create'])
    expect(saved.unitId).toBe(UNIT)
  })
})

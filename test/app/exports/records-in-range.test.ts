import { afterEach, describe, expect, it } from 'vitest'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import { recordsInRange, sessionTopicLookup } from '../../../src/app/exports/records-in-range'
import { freshDatabase, readingNote, studySession, visit } from '../db/support'

let db: XsjDatabase
afterEach(async () => {
  await db.delete()
})

describe('recordsInRange', () => {
  it('reads the range’s live records of each type, its first and last days included', async () => {
    db = freshDatabase()
    const repo = new RecordRepository(db)
    for (const date of ['2026-03-31', '2026-04-01', '2026-06-30', '2026-07-01']) {
      await repo.save('studySessions', studySession({ date, topic: date, startTime: '23:30' }))
    }
    const deleted = await repo.save('visits', visit({ date: '2026-05-01', place: '已删除' }))
    await repo.remove('visits', deleted.id)
    await repo.save('visits', visit({ date: '2026-05-02', place: '石门村' }))

    const records = await recordsInRange(db, { from: '2026-04-01', to: '2026-06-30' })
    expect(records.studySessions.map((s) => s.topic).sort()).toEqual(['2026-04-01', '2026-06-30'])
    expect(records.visits.map((v) => v.place)).toEqual(['石门村'])
    expect(records.readingNotes).toEqual([])
  })

  it('knows the topics of the sessions its notes link to, also outside the range, but not deleted ones', async () => {
    db = freshDatabase()
    const repo = new RecordRepository(db)
    const earlier = await repo.save('studySessions', studySession({ date: '2025-12-20', topic: '去年的中心组学习' }))
    const gone = await repo.save('studySessions', studySession({ date: '2025-12-21', topic: '已删除的学习' }))
    await repo.remove('studySessions', gone.id)
    await repo.save('readingNotes', readingNote({ date: '2026-01-05', studySessionId: earlier.id }))
    await repo.save('readingNotes', readingNote({ date: '2026-01-06', studySessionId: gone.id }))

    const records = await recordsInRange(db, { from: '2026-01-01', to: '2026-12-31' })
    const topicOf = sessionTopicLookup(records)
    expect(records.studySessions).toEqual([])
    expect(topicOf('studySessions', earlier.id)).toBe('去年的中心组学习')
    expect(topicOf('studySessions', gone.id)).toBeUndefined()
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { listPage, notesOfSession, pendingCount, tagsInUse, type ListPage } from '../../../src/app/db/queries'
import { recordsBetween } from '../../../src/app/db/reporting-queries'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import { freshDatabase, readingNote, studySession, visit } from './support'

let db: XsjDatabase
afterEach(async () => {
  await db.delete()
})

async function seed(): Promise<RecordRepository> {
  db = freshDatabase()
  const repo = new RecordRepository(db)
  for (let day = 1; day <= 30; day++) {
    const date = `2026-09-${String(day).padStart(2, '0')}`
    await repo.save(
      'studySessions',
      studySession({
        date,
        topic: `九月第${day}天`,
        kind: day % 3 === 0 ? 'seminar' : 'centerGroup',
        tags: day % 5 === 0 ? ['乡村振兴'] : [],
      }),
    )
  }
  await repo.save('studySessions', studySession({ date: '2026-10-01', topic: '十月第一天' }))
  return repo
}

describe('listPage', () => {
  it('pages newest first by key without repeating or skipping a record', async () => {
    await seed()
    const seen: string[] = []
    let after: string | null = null
    do {
      const page: ListPage<'studySessions'> = await listPage(db, 'studySessions', {}, after, 7)
      seen.push(...page.records.map((r) => r.date))
      after = page.after
    } while (after !== null)
    expect(seen).toHaveLength(31)
    expect(seen[0]).toBe('2026-10-01')
    expect(seen).toEqual([...seen].sort().reverse())
  })

  it('pages a sparse filter whose matches lie several reads apart without repeating or skipping one', async () => {
    await seed()
    // 6 tagged sessions among 31, asked for 2 at a time: each page has to read past many that do not match.
    const seen: string[] = []
    let after: string | null = null
    do {
      const page: ListPage<'studySessions'> = await listPage(db, 'studySessions', { tag: '乡村振兴' }, after, 2)
      seen.push(...page.records.map((r) => r.date))
      after = page.after
    } while (after !== null)
    expect(seen).toEqual(['2026-09-30', '2026-09-25', '2026-09-20', '2026-09-15', '2026-09-10', '2026-09-05'])
  })

  it('orders records of the same day by start time', async () => {
    db = freshDatabase()
    const repo = new RecordRepository(db)
    await repo.save('studySessions', studySession({ date: '2026-11-01', startTime: '09:00', topic: '上午' }))
    await repo.save('studySessions', studySession({ date: '2026-11-01', startTime: '15:00', topic: '下午' }))
    const page = await listPage(db, 'studySessions', {}, null, 10)
    expect(page.records.map((r) => r.topic)).toEqual(['下午', '上午'])
  })

  it('filters by kind, tag and an inclusive date range, and hides deleted records', async () => {
    const repo = await seed()
    expect((await listPage(db, 'studySessions', { kind: 'seminar' }, null, 100)).records).toHaveLength(10)
    expect((await listPage(db, 'studySessions', { tag: '乡村振兴' }, null, 100)).records).toHaveLength(6)
    const range = await listPage(db, 'studySessions', { from: '2026-09-10', to: '2026-09-12' }, null, 100)
    expect(range.records.map((r) => r.date)).toEqual(['2026-09-12', '2026-09-11', '2026-09-10'])
    await repo.remove('studySessions', range.records[0]!.id)
    expect(
      (await listPage(db, 'studySessions', { from: '2026-09-10', to: '2026-09-12' }, null, 100)).records,
    ).toHaveLength(2)
  })

  it('filters visits by the status of their problems', async () => {
    db = freshDatabase()
    const repo = new RecordRepository(db)
    const problem = {
      description: '文创产品缺乏特色',
      category: 'tourism' as const,
      raisedBy: '',
      dueDate: '',
      resolution: '',
      resolvedDate: '',
    }
    await repo.save('visits', visit({ problems: [{ ...problem, status: 'open' }] }))
    const resolved = await repo.save(
      'visits',
      visit({ place: '石门景区', problems: [{ ...problem, status: 'resolved' }] }),
    )
    await repo.save('visits', visit({ place: '无问题' }))
    const open = await listPage(db, 'visits', { problemStatus: 'open' }, null, 10)
    expect(open.records.map((r) => r.place)).toEqual(['柳河村'])
    // Changing a problem's status moves the visit between filters.
    await repo.save(
      'visits',
      { ...visit({ place: '石门景区', problems: [{ ...problem, status: 'open' }] }) },
      { id: resolved.id },
    )
    expect((await listPage(db, 'visits', { problemStatus: 'open' }, null, 10)).records).toHaveLength(2)
    expect((await listPage(db, 'visits', { problemStatus: 'resolved' }, null, 10)).records).toHaveLength(0)
  })
})

describe('counts and links', () => {
  it('counts a month without deleted records; lists tags; counts pending changes', async () => {
    const repo = await seed()
    expect((await recordsBetween(db, 'studySessions', '2026-09-01', '2026-09-30')).length).toBe(30)
    const page = await listPage(db, 'studySessions', {}, null, 1)
    await repo.remove('studySessions', page.records[0]!.id)
    expect((await recordsBetween(db, 'studySessions', '2026-10-01', '2026-10-31')).length).toBe(0)
    expect(await tagsInUse(db, 'studySessions')).toEqual(['乡村振兴'])
    expect(await pendingCount(db)).toBe(32)
  })

  it('finds the reading notes linked to a session', async () => {
    db = freshDatabase()
    const repo = new RecordRepository(db)
    const session = await repo.save('studySessions', studySession())
    await repo.save('readingNotes', readingNote({ studySessionId: session.id }))
    await repo.save('readingNotes', readingNote())
    const notes = await notesOfSession(db, session.id)
    expect(notes).toHaveLength(1)
    expect(notes[0]!.studySessionId).toBe(session.id)
  })
})

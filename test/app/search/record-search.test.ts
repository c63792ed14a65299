import { afterEach, expect, it } from 'vitest'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import { RecordSearch } from '../../../src/app/search/record-search'
import { freshDatabase, readingNote, studySession, visit } from '../db/support'

let db: XsjDatabase
afterEach(async () => {
  await db.delete()
})

async function find(search: RecordSearch, query: string): Promise<string[]> {
  const results = await search.resolve(await search.candidates(query), query)
  return results.map((r) => `${r.table}:${(r.record as { date: string }).date}`)
}

it('finds a word inside any record type, built from what was stored before it started', async () => {
  db = freshDatabase()
  const repo = new RecordRepository(db)
  await repo.save('visits', visit({ date: '2026-11-03' }))
  await repo.save('readingNotes', readingNote({ date: '2026-11-02', reflection: '要把村文化中心建设好' }))
  await repo.save('studySessions', studySession({ date: '2026-11-01' }))
  const search = new RecordSearch(db, repo)
  expect(await find(search, '文化中心')).toEqual(['visits:2026-11-03', 'readingNotes:2026-11-02'])
  expect(await find(search, '二十大')).toEqual(['studySessions:2026-11-01'])
  expect(await find(search, '不存在的词')).toEqual([])
})

it('stays current with writes made after it was built, including edits and deletes', async () => {
  db = freshDatabase()
  const repo = new RecordRepository(db)
  const search = new RecordSearch(db, repo)
  await search.ensureBuilt()
  const saved = await repo.save('visits', visit({ findings: '景区停车难' }))
  expect(await find(search, '停车')).toHaveLength(1)
  await repo.save('visits', visit({ findings: '厕所改造进展慢' }), { id: saved.id })
  expect(await find(search, '停车')).toEqual([])
  expect(await find(search, '厕所')).toHaveLength(1)
  await repo.remove('visits', saved.id)
  expect(await find(search, '厕所')).toEqual([])
  await repo.restore('visits', saved.id)
  expect(await find(search, '厕所')).toHaveLength(1)
})

it('applies writes made while the index was being built', async () => {
  db = freshDatabase()
  const repo = new RecordRepository(db)
  for (let i = 0; i < 50; i++) await repo.save('readingNotes', readingNote({ excerpt: `第${i}条摘抄` }))
  const search = new RecordSearch(db, repo)
  const building = search.ensureBuilt()
  await repo.save('visits', visit({ findings: '新发现的问题：民宿缺少规范' }))
  await building
  expect(await find(search, '民宿')).toHaveLength(1)
  expect(search.documentCount).toBe(51)
})

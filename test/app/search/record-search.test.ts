import { afterEach, describe, expect, it } from 'vitest'
import { indexKeysOf } from '../../../src/app/db/index-keys'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import type { Slicer } from '../../../src/app/search/idle'
import { lazySearch } from '../../../src/app/search/lazy-search'
import { RecordSearch, type SearchAnswer } from '../../../src/app/search/record-search'
import { uuidv7 } from '../../../src/shared/ids'
import { recordTypes, type FieldsOf, type RecordTable } from '../../../src/shared/records'
import { freshDatabase, readingNote, studySession, visit } from '../db/support'

/** Never waits: the tests run the index's work to its end at once. */
const NOW: Slicer = { tick: async () => undefined, pause: async () => undefined }

let db: XsjDatabase
afterEach(async () => {
  await db.delete()
})

function setup(): { repo: RecordRepository; search: RecordSearch } {
  db = freshDatabase()
  const repo = new RecordRepository(db)
  return { repo, search: new RecordSearch(db, repo, NOW) }
}

async function dates(search: RecordSearch, query: string, order: 'relevance' | 'newest' = 'newest'): Promise<string[]> {
  const { hits } = await search.search(query, order)
  const results = await search.resolve(hits.slice(0))
  return results.map((r) => `${r.table}:${(r.record as { date: string }).date}`)
}

/** Writes records the way an older app (or another tab that closed) would have: straight into the tables. */
async function putRaw<T extends RecordTable>(table: T, fields: FieldsOf[T]): Promise<string> {
  const id = uuidv7()
  const now = new Date().toISOString()
  const record = {
    ...fields,
    id,
    createdAt: now,
    updatedAt: now,
    deviceId: 'd',
    deletedAt: null,
    rev: null,
    conflicts: [],
  }
  await db.records(table).put({ ...record, ...indexKeysOf(table, record) } as never)
  return id
}

describe('the stored index', () => {
  it('indexes records stored before it existed in a pass, then answers from IndexedDB alone in a new session', async () => {
    const { repo, search } = setup()
    await putRaw('visits', visit({ date: '2026-11-03' }))
    await putRaw('readingNotes', readingNote({ date: '2026-11-02', reflection: '要把村文化中心建设好' }))
    await putRaw('studySessions', studySession({ date: '2026-11-01' }))
    expect(await search.isComplete()).toBe(false)
    await search.maintain()
    expect(await search.isComplete()).toBe(true)
    expect(await dates(search, '文化中心')).toEqual(['visits:2026-11-03', 'readingNotes:2026-11-02'])

    // A new start: the index is there, no pass, no build.
    const again = new RecordSearch(db, repo, NOW)
    expect(await again.isComplete()).toBe(true)
    expect(await dates(again, '二十大')).toEqual(['studySessions:2026-11-01'])
    expect(await dates(again, '不存在的词')).toEqual([])
    expect(await db.searchPostings.count()).toBeGreaterThan(0)
  })

  it('stays current with writes, edits, deletes and restores, and sees a write at once, before it is indexed', async () => {
    const { repo, search } = setup()
    await search.maintain()
    const saved = await repo.save('visits', visit({ findings: '景区停车难' }))
    // Not yet written into the index: read from the queue.
    expect(await dates(search, '停车')).toHaveLength(1)
    await search.writer.settled()
    expect(await dates(search, '停车')).toHaveLength(1)
    await repo.save('visits', visit({ findings: '厕所改造进展慢' }), { id: saved.id })
    await search.writer.settled()
    expect(await dates(search, '停车')).toEqual([])
    expect(await dates(search, '厕所')).toHaveLength(1)
    await repo.remove('visits', saved.id)
    await search.writer.settled()
    expect(await dates(search, '厕所')).toEqual([])
    await repo.restore('visits', saved.id)
    await search.writer.settled()
    expect(await dates(search, '厕所')).toHaveLength(1)
    const state = await search.store.readState()
    expect(state.live).toBe(1)
  })

  it('answers before the pass has run, from the records past it, saying so', async () => {
    const { search } = setup()
    for (let i = 0; i < 30; i++)
      await putRaw(
        'readingNotes',
        readingNote({ date: `2026-10-${String(i + 1).padStart(2, '0')}`, excerpt: i % 3 === 0 ? '乡村振兴' : '其他' }),
      )
    const partials: SearchAnswer[] = []
    const answer = await search.search('振兴', 'newest', { onPartial: (a) => partials.push(a) })
    expect(answer.complete).toBe(true)
    expect(answer.hits).toHaveLength(10)
    expect(partials[0]).toMatchObject({ complete: false, scanned: 0, toScan: 30 })
  })

  it('leaves a pass’s older reading of a record behind a newer write of it', async () => {
    const { repo, search } = setup()
    const id = await putRaw('visits', visit({ findings: '旧的发现' }))
    const running = search.maintain()
    const record = await repo.get('visits', id)
    await repo.save(
      'visits',
      { ...visit(), findings: '新的发现' },
      { id, base: { fields: visit({ findings: '旧的发现' }), rev: record!.rev } },
    )
    await running
    await search.writer.settled()
    expect(await dates(search, '旧的')).toEqual([])
    expect(await dates(search, '新的')).toHaveLength(1)
    expect((await search.store.readState()).live).toBe(1)
  })

  it('reconciles at start: indexes records written behind its back and forgets records gone', async () => {
    const { repo, search } = setup()
    const kept = await repo.save('visits', visit({ findings: '留下的记录' }))
    const gone = await repo.save('visits', visit({ findings: '被清除的记录' }))
    await search.maintain()
    await putRaw('readingNotes', readingNote({ excerpt: '别处写入的摘抄' }))
    await db.visits.delete(gone.id)
    await search.maintain()
    expect(await dates(search, '别处写入')).toHaveLength(1)
    expect(await dates(search, '被清除')).toEqual([])
    expect(await dates(search, '留下')).toHaveLength(1)
    expect(await db.searchDocs.count()).toBe(2)
    void kept
  })

  it('merges small segments without changing an answer', async () => {
    const { repo, search } = setup()
    await search.maintain()
    for (let i = 0; i < 10; i++) {
      await repo.save('readingNotes', readingNote({ excerpt: `第${i}条：学习贯彻` }))
      await search.writer.settled()
    }
    expect((await search.store.readState()).segments.length).toBe(10)
    const before = await dates(search, '学习贯彻')
    await search.maintain()
    expect((await search.store.readState()).segments.length).toBe(1)
    expect(await dates(search, '学习贯彻')).toEqual(before)
    expect(before).toHaveLength(10)
  })
})

describe('loading the service later', () => {
  it('hands over the changes written before it loaded', async () => {
    db = freshDatabase()
    const repo = new RecordRepository(db)
    const lazy = lazySearch(db, repo)
    await repo.save('visits', visit({ findings: '加载之前写下的发现' }))
    const search = await lazy.get()
    expect(await dates(search, '加载之前')).toHaveLength(1)
    await search.writer.settled()
    expect((await search.store.readState()).live).toBe(1)
  })
})

describe('ranking', () => {
  it('weighs the title: each type’s searchText puts its title first', () => {
    expect(recordTypes.studySessions.searchText(studySession())[0]).toBe(
      recordTypes.studySessions.title(studySession()),
    )
    expect(recordTypes.readingNotes.searchText(readingNote())[0]).toBe(recordTypes.readingNotes.title(readingNote()))
    expect(recordTypes.visits.searchText(visit())[0]).toBe(recordTypes.visits.title(visit()))
  })

  it('puts the record that uses a word most, or in its title, above one that mentions it once, and 最新 orders by date', async () => {
    const { repo, search } = setup()
    await repo.save(
      'readingNotes',
      readingNote({ date: '2026-11-20', excerpt: '提到一次文旅。然后讲别的事情，讲了很久很久很久。' }),
    )
    await repo.save(
      'readingNotes',
      readingNote({ date: '2026-11-01', excerpt: '文旅融合，文旅产业，文旅项目，文旅人才。' }),
    )
    await repo.save('visits', visit({ date: '2026-10-01', place: '文旅局', findings: '座谈' }))
    await repo.save(
      'visits',
      visit({ date: '2026-09-01', place: '柳河村', findings: '座谈时说到文旅，然后讲别的事情，讲了很久很久很久。' }),
    )
    await search.writer.settled()
    const ranked = await dates(search, '文旅', 'relevance')
    expect(ranked.slice(0, 2).sort()).toEqual(['readingNotes:2026-11-01', 'visits:2026-10-01'])
    expect(ranked.slice(2).sort()).toEqual(['readingNotes:2026-11-20', 'visits:2026-09-01'])
    expect(await dates(search, '文旅', 'newest')).toEqual([
      'readingNotes:2026-11-20',
      'readingNotes:2026-11-01',
      'visits:2026-10-01',
      'visits:2026-09-01',
    ])
  })

  it('pages through hundreds of hits in one order, sorting only as far as a page needs', async () => {
    const { search } = setup()
    const days = Array.from({ length: 300 }, (_, i) => (i * 7919) % 300)
    for (const day of days) {
      const date = new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString().slice(0, 10)
      await putRaw('readingNotes', readingNote({ date, excerpt: `学习${'心得'.repeat(day % 5)}` }))
    }
    await search.maintain()
    for (const order of ['newest', 'relevance'] as const) {
      const { hits } = await search.search('学习', order)
      const paged = [...hits.slice(0, 30), ...hits.slice(30, 260), ...hits.slice(260)]
      const all = (await search.search('学习', order)).hits.slice(0)
      expect(paged).toEqual(all)
      expect(new Set(paged.map((h) => h.id)).size).toBe(300)
    }
    const newest = (await search.resolve((await search.search('学习', 'newest')).hits.slice(0))).map(
      (r) => (r.record as { date: string }).date,
    )
    expect(newest).toEqual([...newest].sort().reverse())
  })

  it('ranks the two words together as a phrase above the same words apart', async () => {
    const { repo, search } = setup()
    await repo.save(
      'readingNotes',
      readingNote({ date: '2026-11-20', excerpt: `文化${'很长的一段话'.repeat(10)}旅游` }),
    )
    await repo.save(
      'readingNotes',
      readingNote({ date: '2026-11-01', excerpt: `文化旅游${'很长的一段话'.repeat(10)}` }),
    )
    await search.writer.settled()
    expect(await dates(search, '文化 旅游', 'relevance')).toEqual([
      'readingNotes:2026-11-01',
      'readingNotes:2026-11-20',
    ])
  })
})

import { Dexie } from 'dexie'
import { afterEach, expect, it } from 'vitest'
import { listPage } from '../../../src/app/db/queries'
import { SCHEMA_VERSIONS, XsjDatabase } from '../../../src/app/db/schema'
import { uuidv7 } from '../../../src/shared/ids'
import { readingNote, studySession, visit } from './support'

const name = `upgrade-${uuidv7()}`
afterEach(async () => {
  await Dexie.delete(name)
})

it('opens a populated version 1 database with the current code and loses nothing', async () => {
  // Build the database exactly as version 1 of the app did, from the historical store definitions.
  const v1 = new Dexie(name)
  v1.version(1).stores(SCHEMA_VERSIONS[0]!.stores)
  await v1.open()
  const meta = {
    id: '',
    createdAt: '2026-01-05T08:00:00.000Z',
    updatedAt: '2026-01-05T08:00:00.000Z',
    deviceId: 'device-1',
    deletedAt: null,
    rev: null,
  }
  const problems = [
    {
      description: '村文化中心利用率不高',
      category: 'publicCulture' as const,
      raisedBy: '村支书',
      status: 'inProgress' as const,
      dueDate: '',
      resolution: '',
      resolvedDate: '',
    },
    {
      description: '旅游资源开发层次较浅',
      category: 'tourism' as const,
      raisedBy: '',
      status: 'open' as const,
      dueDate: '2026-02-01',
      resolution: '',
      resolvedDate: '',
    },
  ]
  const rows = {
    studySessions: Array.from({ length: 40 }, (_, i) => ({
      ...studySession({ topic: `第${i}次集体学习` }),
      ...meta,
      id: uuidv7(),
    })),
    readingNotes: Array.from({ length: 30 }, () => ({ ...readingNote(), ...meta, id: uuidv7() })),
    visits: Array.from({ length: 20 }, () => ({ ...visit({ problems }), ...meta, id: uuidv7() })),
  }
  for (const [table, list] of Object.entries(rows)) {
    await v1.table(table).bulkAdd(list.map((r) => ({ ...r, sortKey: `${r.date}||${r.id}` })))
  }
  await v1.table('outbox').bulkAdd(
    rows.visits.map((r, i) => ({
      seq: i + 1,
      mutationId: uuidv7(),
      deviceId: 'device-1',
      table: 'visits',
      recordId: r.id,
      op: 'create',
      changes: {},
      baseRev: null,
      createdAt: meta.createdAt,
    })),
  )
  await v1.table('meta').put({ key: 'device', deviceId: 'device-1', lastSeq: 20 })
  v1.close()

  const current = new XsjDatabase(name)
  await current.open()
  expect(current.verno).toBe(SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version)
  expect(await current.studySessions.count()).toBe(40)
  expect(await current.readingNotes.count()).toBe(30)
  expect(await current.visits.count()).toBe(20)
  expect(await current.outbox.count()).toBe(20)
  expect(await current.meta.get('device')).toEqual({ key: 'device', deviceId: 'device-1', lastSeq: 20 })
  const stored = await current.studySessions.get(rows.studySessions[7]!.id)
  expect(stored).toMatchObject({ topic: '第7次集体学习', attendance: rows.studySessions[7]!.attendance })
  // The version 2 index is filled in for old visits, so the status filter finds them.
  const inProgress = await listPage(current, 'visits', { problemStatus: 'inProgress' }, null, 100)
  expect(inProgress.records).toHaveLength(20)
  expect(inProgress.records[0]!.problems).toEqual(problems)
  expect(await current.drafts.count()).toBe(0)
  // Version 4 adds photos; records from before read as having none.
  expect(await current.attachments.count()).toBe(0)
  current.close()
})

it('opens a populated version 2 database: every record waits to be sent, with no conflicts, and refused changes can be found', async () => {
  const v2 = new Dexie(name)
  for (const { version, stores } of SCHEMA_VERSIONS.filter((v) => v.version <= 2)) v2.version(version).stores(stores)
  await v2.open()
  const meta = {
    createdAt: '2026-03-05T08:00:00.000Z',
    updatedAt: '2026-03-05T08:00:00.000Z',
    deviceId: 'device-2',
    deletedAt: null,
    rev: null,
  }
  const notes = Array.from({ length: 25 }, () => ({ ...readingNote(), ...meta, id: uuidv7() }))
  await v2.table('readingNotes').bulkAdd(notes.map((r) => ({ ...r, sortKey: `${r.date}||${r.id}` })))
  await v2.table('outbox').bulkAdd(
    notes.map((r, i) => ({
      seq: i + 1,
      mutationId: uuidv7(),
      deviceId: 'device-2',
      table: 'readingNotes',
      recordId: r.id,
      op: 'create',
      changes: {},
      baseRev: null,
      createdAt: meta.createdAt,
    })),
  )
  await v2
    .table('drafts')
    .put({ key: 'visits:new', table: 'visits', recordId: null, fields: { place: '柳河村' }, savedAt: meta.createdAt })
  v2.close()

  const current = new XsjDatabase(name)
  await current.open()
  const stored = await current.readingNotes.toArray()
  expect(stored).toHaveLength(25)
  expect(
    stored.every((row) => row.syncState === 'pending' && Array.isArray(row.conflicts) && row.conflicts.length === 0),
  ).toBe(true)
  expect(stored[3]).toMatchObject({ excerpt: notes[3]!.excerpt, source: notes[3]!.source })
  expect(await current.outbox.count()).toBe(25)
  expect(await current.outbox.where('refusedAt').above('').count()).toBe(0)
  expect(await current.drafts.get('visits:new')).toMatchObject({ fields: { place: '柳河村' } })
  current.close()
})

/**
 * Backup to a file and restore from it, on fake-indexeddb: the round trip into a fresh phone, every way a file is
 * refused (with nothing changed), a failure halfway through the write, and the per-record decisions against a phone
 * that has its own copies.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readBackupFile, type BackupFile } from '../../../src/app/backup/read-backup-file'
import { previewRestore, restoreBackup } from '../../../src/app/backup/restore-backup'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import { readAccount, readSyncMeta } from '../../../src/app/sync/sync-meta'
import { uuidv7 } from '../../../src/shared/ids'
import { RECORD_TABLES } from '../../../src/shared/records'
import { DEFAULT_REPORT_SETTINGS } from '../../../src/shared/reporting/report-settings'
import { freshDatabase, studySession } from '../db/support'
import { backupOf, CHOSEN_SETTINGS, editData, editJson, populate, rezipped } from './support'

const opened: XsjDatabase[] = []
function phone(): XsjDatabase {
  const db = freshDatabase()
  opened.push(db)
  return db
}
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close()
    await db.delete()
  }
})

/** Everything a restore could touch, as plain data, to compare before and after. */
async function snapshot(db: XsjDatabase) {
  const records = Object.fromEntries(
    await Promise.all(RECORD_TABLES.map(async (table) => [table, await db.records(table).orderBy('id').toArray()])),
  )
  const attachments = await Promise.all(
    (await db.attachments.orderBy('hash').toArray()).map(async (row) => ({
      ...row,
      blob: row.blob ? Buffer.from(await row.blob.arrayBuffer()).toString('base64') : null,
    })),
  )
  return { records, outbox: await db.outbox.toArray(), meta: await db.meta.toArray(), attachments }
}

/** What 从备份恢复 does: read and check the file, then write. */
async function restoreFile(db: XsjDatabase, file: Blob, report = DEFAULT_REPORT_SETTINGS) {
  const read = await readBackupFile(file)
  if (!read.ok) return read
  return restoreBackup(db, read.value, report)
}

async function readOk(file: Blob): Promise<BackupFile> {
  const read = await readBackupFile(file)
  if (!read.ok) throw new Error(read.problem.message.zh)
  return read.value
}

describe('backup then restore into a fresh phone', () => {
  it('gives identical records, photos and settings, each record waiting to be sent', async () => {
    const source = phone()
    const made = await populate(source)
    const file = await backupOf(source)
    const target = phone()

    const restored = await restoreFile(target, file)
    expect(restored.ok).toBe(true)
    if (!restored.ok) return
    expect(restored.value.records).toEqual({ added: 4, replaced: 0, same: 0, keptNewer: 0, keptUnsent: 0, deleted: 0 })
    expect(restored.value.settings).toBe('adopt')

    const before = await snapshot(source)
    const after = await snapshot(target)
    // Never synced on the source (rev null): the same rows, pending, each with its changes in the outbox.
    expect(after.records).toEqual(before.records)
    for (const table of RECORD_TABLES) for (const row of after.records[table]) expect(row.syncState).toBe('pending')
    expect(after.outbox.map((e) => [e.table, e.recordId, e.op])).toEqual(
      expect.arrayContaining([
        ['studySessions', made.sessionId, 'create'],
        ['readingNotes', made.noteId, 'create'],
        ['visits', made.visitId, 'create'],
        ['studySessions', made.deletedId, 'create'],
        ['studySessions', made.deletedId, 'delete'],
      ]),
    )
    expect(after.outbox).toHaveLength(5)
    expect(after.outbox.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect(new Set(after.outbox.map((e) => e.deviceId)).size).toBe(1)
    expect(after.outbox[0]!.deviceId).not.toBe(before.outbox[0]!.deviceId)
    // The same bytes under the same hashes; on the new phone they wait for upload.
    expect(after.attachments.map(({ uploadState: _u, ...row }) => row)).toEqual(
      before.attachments.map(({ uploadState: _u, ...row }) => row),
    )
    expect(after.attachments.map((row) => row.uploadState)).toEqual(['pending', 'pending'])
    expect(await readAccount(target)).toBeUndefined()
  })

  it('changes nothing when the same file is restored twice', async () => {
    const source = phone()
    await populate(source)
    const file = await backupOf(source)
    const target = phone()
    await restoreFile(target, file)
    const once = await snapshot(target)
    const again = await restoreFile(target, file, CHOSEN_SETTINGS)
    expect(again.ok && again.value.records).toEqual({
      added: 0,
      replaced: 0,
      same: 4,
      keptNewer: 0,
      keptUnsent: 0,
      deleted: 0,
    })
    expect(again.ok && again.value.photos).toEqual({ added: 0, present: 2 })
    expect(again.ok && again.value.settings).toBe('same')
    expect(await snapshot(target)).toEqual(once)
  })
})

describe('a unit’s session and its 报送 not yet sent', () => {
  it('come back from a backup as the unit’s, waiting to be sent, the step with its content unchanged', async () => {
    const source = phone()
    const repository = new RecordRepository(source)
    const unitId = uuidv7()
    const session = await repository.save('studySessions', { ...studySession(), kind: 'centerGroup' }, { unitId })
    const sent = await repository.addPacketStep({ kind: 'submitted', session, authorName: '张书记' })
    const file = await backupOf(source)

    const target = phone()
    const restored = await restoreFile(target, file)
    expect(restored.ok).toBe(true)
    // The person is told of records; the step travels with its session, uncounted.
    if (restored.ok) expect(restored.value.records.added).toBe(1)
    const step = await target.reviewEvents.get(sent.id)
    expect(step).toMatchObject({
      kind: 'submitted',
      sessionId: session.id,
      unitId,
      receivedAt: '',
      syncState: 'pending',
    })
    expect(step?.snapshot).toEqual(sent.snapshot)
    const outbox = await target.outbox.orderBy('seq').toArray()
    expect(outbox.map((e) => [e.table, e.op, e.unitId])).toEqual([
      ['studySessions', 'create', unitId],
      ['reviewEvents', 'create', unitId],
    ])
  })
})

describe('a corrupt or foreign backup is refused and nothing changes', () => {
  const cases: { name: string; damage: (file: Blob) => Promise<Blob>; kind: string; says: string }[] = [
    {
      name: 'a JSON file, not a zip',
      damage: async () => new Blob(['{"records": []}']),
      kind: 'foreign',
      says: '这不是学思践的备份文件',
    },
    {
      name: 'a zip of something else',
      damage: (file) => rezipped(file, (files) => void delete files['manifest.json']),
      kind: 'foreign',
      says: '这不是学思践的备份文件',
    },
    {
      name: 'a truncated zip',
      damage: async (file) => file.slice(0, Math.floor(file.size * 0.6)),
      kind: 'corrupt',
      says: '备份文件已损坏（无法解压，文件可能不完整）',
    },
    {
      name: 'another format id',
      damage: (file) =>
        rezipped(file, (files) => editJson(files, 'manifest.json', (m) => void (m.format = 'other-backup'))),
      kind: 'foreign',
      says: '这不是学思践的备份文件',
    },
    {
      name: 'a newer format version',
      damage: (file) => rezipped(file, (files) => editJson(files, 'manifest.json', (m) => void (m.formatVersion = 2))),
      kind: 'newerVersion',
      says: '备份来自更新版本的学思践',
    },
    {
      name: 'backup.json changed after the manifest was written',
      damage: (file) =>
        rezipped(file, (files) => editJson(files, 'backup.json', (d) => void (d.settings = { report: {} }))),
      kind: 'corrupt',
      says: 'backup.json 与说明文件中的校验值不符',
    },
    {
      name: 'a record with an invalid field',
      damage: (file) =>
        editData(
          file,
          (data) => void ((data.records as Record<string, Record<string, unknown>[]>).visits[0]!.place = ''),
        ),
      kind: 'corrupt',
      says: '备份文件已损坏（第 1 条走访记录：请填写走访地点',
    },
    {
      name: 'a photo whose bytes do not match its hash',
      damage: (file) =>
        rezipped(file, (files) => {
          const name = Object.keys(files).find((n) => n.startsWith('photos/'))!
          files[name] = files[name]!.map((byte, i) => (i === 100 ? byte ^ 0xff : byte))
        }),
      kind: 'corrupt',
      says: '的内容与其校验值不符',
    },
    {
      name: 'a photo missing from the zip',
      damage: (file) =>
        rezipped(
          file,
          (files) =>
            void Reflect.deleteProperty(
              files,
              Object.keys(files).find((n) => n.startsWith('photos/'))!,
            ),
        ),
      kind: 'corrupt',
      says: '缺少照片',
    },
  ]

  for (const { name, damage, kind, says } of cases) {
    it(`refuses ${name}`, async () => {
      const source = phone()
      await populate(source)
      const file = await damage(await backupOf(source))
      const target = phone()
      await populate(target)
      const before = await snapshot(target)
      const result = await restoreFile(target, file)
      expect(result.ok).toBe(false)
      if (result.ok) return
      expect(result.problem.kind).toBe(kind)
      expect(result.problem.message.zh).toContain(says)
      expect(result.problem.message.en.length).toBeGreaterThan(10)
      expect(await snapshot(target)).toEqual(before)
    })
  }

  it('leaves nothing half-written when storage fails in the middle of the write', async () => {
    const source = phone()
    await populate(source)
    const backup = await readOk(await backupOf(source))
    const target = phone()
    await populate(target)
    const before = await snapshot(target)
    // The photos are written after the records and the outbox, in the same transaction.
    const full = new DOMException('quota', 'QuotaExceededError')
    vi.spyOn(target.attachments, 'bulkAdd').mockRejectedValueOnce(full)
    await expect(restoreBackup(target, backup, DEFAULT_REPORT_SETTINGS)).rejects.toThrow()
    expect(await snapshot(target)).toEqual(before)
  })
})

describe('restoring over records this phone has', () => {
  /** Makes the phone's records look synced at `rev`: no outbox, no pending mark. */
  async function markSynced(db: XsjDatabase, rev: number): Promise<void> {
    await db.transaction('rw', [...db.recordTables(), db.outbox], async () => {
      for (const table of db.recordTables())
        await table.toCollection().modify((row) => {
          row.rev = rev
          delete row.syncState
        })
      await db.outbox.clear()
    })
  }

  it('adds what is missing, takes newer copies, keeps newer and unsent ones here, and says which', async () => {
    const here = phone()
    const made = await populate(here)
    const repository = new RecordRepository(here)
    const unsent = await repository.save('studySessions', studySession({ topic: '本机未同步的学习' }))
    await markSynced(here, 7)
    const base = await backupOf(here)

    const later = new Date(Date.now() + 86_400_000).toISOString()
    const earlier = '2026-01-01T00:00:00.000Z'
    const newId = uuidv7()
    const file = await editData(base, (data) => {
      const records = data.records as Record<string, Record<string, unknown>[]>
      const byId = (table: string, id: string) => records[table]!.find((r) => r.id === id)!
      // Edited elsewhere after this phone's copy and not yet synced there: the backup's copy is newer by its time.
      Object.assign(byId('studySessions', made.sessionId), { topic: '备份中更新的主题', updatedAt: later })
      Object.assign(byId('visits', made.visitId), { deletedAt: later, updatedAt: later })
      Object.assign(byId('studySessions', unsent.id), { topic: '备份中的另一版本', updatedAt: later })
      // Older in the backup: this phone's copy stays.
      Object.assign(byId('readingNotes', made.noteId), { reflection: '备份中较旧的心得', updatedAt: earlier })
      records.studySessions!.push({
        ...byId('studySessions', made.sessionId),
        id: newId,
        topic: '只在备份中的学习',
        rev: null,
      })
      ;(data.unsent as Record<string, string[]>).studySessions = [made.sessionId, unsent.id, newId]
      ;(data.unsent as Record<string, string[]>).visits = [made.visitId]
      ;(data.unsent as Record<string, string[]>).readingNotes = [made.noteId]
    })
    // Now the person edits one record here, after the backup: it waits to be sent.
    await repository.save(
      'studySessions',
      { ...(await repository.get('studySessions', unsent.id))!, place: '党员活动室' },
      { id: unsent.id },
    )

    const backup = await readOk(file)
    const preview = await previewRestore(here, backup, DEFAULT_REPORT_SETTINGS)
    const expected = { added: 1, replaced: 2, same: 1, keptNewer: 1, keptUnsent: 1, deleted: 1 }
    expect(preview.ok && preview.value.records).toEqual(expected)
    const outboxBefore = await here.outbox.count()
    const restored = await restoreBackup(here, backup, DEFAULT_REPORT_SETTINGS)
    expect(restored.ok && restored.value.records).toEqual(expected)

    const session = (await here.studySessions.get(made.sessionId))!
    expect(session.topic).toBe('备份中更新的主题')
    expect(session.syncState).toBe('pending')
    expect((await here.visits.get(made.visitId))!.deletedAt).toBe(later)
    expect((await here.readingNotes.get(made.noteId))!.reflection).toBe('以人民为中心。')
    const kept = (await here.studySessions.get(unsent.id))!
    expect([kept.topic, kept.place]).toEqual(['本机未同步的学习', '党员活动室'])
    expect((await here.studySessions.get(newId))!.topic).toBe('只在备份中的学习')

    const entries = (await here.outbox.toArray()).slice(outboxBefore)
    // Only what changed, based on the revision this phone had: the server sees a normal edit.
    expect(entries.map((e) => [e.recordId, e.op, e.changes, e.baseRev])).toEqual([
      [made.sessionId, 'update', { topic: '备份中更新的主题' }, 7],
      [newId, 'create', expect.objectContaining({ topic: '只在备份中的学习' }), null],
      [made.visitId, 'delete', { deletedAt: later }, 7],
    ])
    expect(entries.every((e) => e.seq > outboxBefore)).toBe(true)
  })

  it('stores copies that were on the server as a pull would, and resyncs from 0 so the server settles them', async () => {
    const source = phone()
    const made = await populate(source)
    await markSynced(source, 9)
    const target = phone()
    const restored = await restoreFile(target, await backupOf(source))
    expect(restored.ok).toBe(true)
    const row = (await target.studySessions.get(made.sessionId))!
    expect([row.rev, row.syncState]).toEqual([9, undefined])
    expect(await target.outbox.count()).toBe(0)
    const meta = await readSyncMeta(target)
    expect([meta.cursor, meta.resyncReason, meta.resyncEpoch !== null]).toEqual([0, 'serverBehind', true])
  })

  it('refuses a backup of one account on a phone bound to another, and binds a new phone to the backup’s', async () => {
    const source = phone()
    await populate(source)
    await source.meta.put({
      key: 'account',
      accountId: 'account-a',
      name: 'zhangwei',
      displayName: '张伟',
      isAdmin: false,
      token: 'secret',
      signedInAt: '2026-11-01T00:00:00.000Z',
    })
    const file = await backupOf(source)

    const other = phone()
    await other.meta.put({
      key: 'account',
      accountId: 'account-b',
      name: 'lina',
      displayName: '李娜',
      isAdmin: false,
      token: 't',
      signedInAt: '2026-11-01T00:00:00.000Z',
    })
    const before = await snapshot(other)
    const refused = await restoreFile(other, file)
    expect(!refused.ok && refused.problem.message.zh).toContain('这份备份属于账号“zhangwei”')
    expect(await snapshot(other)).toEqual(before)

    const fresh = phone()
    const bound = await restoreFile(fresh, file)
    expect(bound.ok && bound.value.boundAccount).toBe('zhangwei')
    // Bound, signed out: the token never leaves the phone it was issued to.
    expect(await readAccount(fresh)).toMatchObject({ accountId: 'account-a', name: 'zhangwei', token: null })
    expect(JSON.stringify(await (await backupOf(source)).text())).not.toContain('secret')
  })
})

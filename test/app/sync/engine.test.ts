import { describe, expect, it } from 'vitest'
import { ChangeListener } from '../../../src/app/sync/change-listener'
import { readSyncMeta } from '../../../src/app/sync/sync-meta'
import { purgeTombstones } from '../../../src/server/sync/purge'
import { renewTimeline } from '../../../src/server/sync/timeline'
import { call } from '../../server/support'
import { studySession, visit, readingNote } from '../db/support'
import { SimDevice, TEST_PASSWORD, syncUntilQuiet, useAccountServer } from './support'

const suite = useAccountServer()
const { devices } = suite
const PASSWORD = TEST_PASSWORD

async function phone(options?: ConstructorParameters<typeof SimDevice>[1]): Promise<SimDevice> {
  const device = new SimDevice(suite.server, options)
  devices.push(device)
  await device.signIn('zhangwei', PASSWORD)
  return device
}

describe('the sync engine against the real suite.server', () => {
  it('uploads what was recorded before signing in, and a second phone receives it', async () => {
    const a = new SimDevice(suite.server)
    devices.push(a)
    const saved = await a.repository.save('visits', visit())
    expect(await a.sync()).toEqual({ kind: 'skipped', reason: 'signedOut' })
    await a.signIn('zhangwei', PASSWORD)
    expect(await a.sync()).toMatchObject({ kind: 'synced', pushed: 1 })
    expect(await a.db.outbox.count()).toBe(0)
    const onA = await a.get('visits', saved.id)
    expect(onA?.rev).toBe(1)
    expect(onA?.syncState).toBeUndefined()

    const b = await phone()
    await b.sync()
    const onB = await b.get('visits', saved.id)
    expect(onB).toMatchObject({ place: '柳河村', findings: saved.findings, rev: 1 })
    expect(b.announced.map((c) => c.record.id)).toContain(saved.id)
  })

  it('merges edits of different fields made offline on two phones', async () => {
    const a = await phone()
    const b = await phone()
    const { id } = await a.repository.save('studySessions', studySession())
    await syncUntilQuiet([a, b])
    const onA = (await a.get('studySessions', id))!
    const onB = (await b.get('studySessions', id))!
    await a.repository.save('studySessions', { ...onA, place: '三楼会议室' }, { id })
    await b.repository.save('studySessions', { ...onB, summary: '传达学习了全会精神' }, { id })
    await syncUntilQuiet([a, b])
    for (const device of [a, b]) {
      const record = await device.get('studySessions', id)
      expect(record).toMatchObject({ place: '三楼会议室', summary: '传达学习了全会精神', conflicts: [] })
      expect(record?.syncState).toBeUndefined()
    }
  })

  it('keeps both values when two phones change the same field, as a conflict every phone sees', async () => {
    const a = await phone()
    const b = await phone()
    const { id } = await a.repository.save('readingNotes', readingNote())
    await syncUntilQuiet([a, b])
    const base = (await a.get('readingNotes', id))!
    await a.repository.save('readingNotes', { ...base, reflection: '甲手机上写的心得' }, { id })
    await b.repository.save('readingNotes', { ...base, reflection: '乙手机上写的心得' }, { id })
    await syncUntilQuiet([a, b])
    const onA = (await a.get('readingNotes', id))!
    const onB = (await b.get('readingNotes', id))!
    expect(onA.reflection).toBe('甲手机上写的心得')
    expect(onB.reflection).toBe('甲手机上写的心得')
    expect(onB.conflicts).toEqual(onA.conflicts)
    expect(onA.conflicts).toMatchObject([{ kind: 'field', field: 'reflection', value: '乙手机上写的心得' }])
    expect(await b.db.readingNotes.where('conflicted').equals(1).count()).toBe(1)

    // b takes the other version; both phones end with it and no conflict left.
    await b.repository.resolveConflicts('readingNotes', id, [onB.conflicts[0]!.id], {
      reflection: onB.conflicts[0]!.value as string,
    })
    expect((await b.get('readingNotes', id))!.conflicts).toEqual([])
    await syncUntilQuiet([a, b])
    for (const device of [a, b]) {
      expect(await device.get('readingNotes', id)).toMatchObject({ reflection: '乙手机上写的心得', conflicts: [] })
      expect(await device.db.readingNotes.where('conflicted').equals(1).count()).toBe(0)
    }
  })

  it('does not let an edit made right after a lost conflict overwrite the value that won, unseen', async () => {
    let isPullCut = false
    const a = await phone()
    const b = await phone({ fault: (path) => (isPullCut && path === '/api/sync/pull' ? 'dropRequest' : 'none') })
    const { id } = await a.repository.save('studySessions', studySession())
    await syncUntilQuiet([a, b])
    await a.repository.save('studySessions', { ...(await a.get('studySessions', id))!, summary: '甲的小结' }, { id })
    await a.sync()
    // b's person types while b's pull brings 甲的小结: their draft is laid on top, so they never see 甲的小结.
    b.duringNextPull = async () => {
      await b.repository.save(
        'studySessions',
        { ...(await b.get('studySessions', id))!, summary: '乙的第一稿' },
        { id },
      )
    }
    await b.sync()
    // b's change reaches the suite.server and loses; the pull that would have shown b the winner does not get through.
    isPullCut = true
    expect(await b.sync()).toMatchObject({ kind: 'failed', error: { code: 'offline' } })
    isPullCut = false
    const shown = (await b.get('studySessions', id))!
    expect(shown.summary).toBe('乙的第一稿')
    await b.repository.save('studySessions', { ...shown, summary: '乙的第二稿' }, { id })
    await syncUntilQuiet([a, b])
    const final = (await a.get('studySessions', id))!
    const kept = [final.summary, ...final.conflicts.filter((c) => c.field === 'summary').map((c) => c.value)]
    expect(kept).toEqual(expect.arrayContaining(['甲的小结', '乙的第一稿', '乙的第二稿']))
  })

  it('does not let a second unsent edit of a field overwrite a value the first one was hiding', async () => {
    const a = await phone()
    const b = await phone()
    const { id } = await a.repository.save('studySessions', studySession())
    await syncUntilQuiet([a, b])
    await a.repository.save('studySessions', { ...(await a.get('studySessions', id))!, summary: '甲的小结' }, { id })
    await a.sync()
    // b's person types while b's pull brings 甲的小结, which their draft hides; then edits the field again.
    b.duringNextPull = async () => {
      await b.repository.save(
        'studySessions',
        { ...(await b.get('studySessions', id))!, summary: '乙的第一稿' },
        { id },
      )
    }
    await b.sync()
    await b.repository.save('studySessions', { ...(await b.get('studySessions', id))!, summary: '乙的第二稿' }, { id })
    await syncUntilQuiet([a, b])
    const final = (await a.get('studySessions', id))!
    const kept = [final.summary, ...final.conflicts.filter((c) => c.field === 'summary').map((c) => c.value)]
    expect(kept).toContain('甲的小结')
    expect(kept).toContain('乙的第二稿')
  })

  it('keeps a record that one phone deleted while another edited it, and says so', async () => {
    const a = await phone()
    const b = await phone()
    const { id } = await a.repository.save('visits', visit())
    await syncUntilQuiet([a, b])
    await a.repository.remove('visits', id)
    const onB = (await b.get('visits', id))!
    await b.repository.save('visits', { ...onB, summary: '补充了走访小结' }, { id })
    await syncUntilQuiet([a, b])
    for (const device of [a, b]) {
      const record = await device.get('visits', id)
      expect(record).toMatchObject({ deletedAt: null, summary: '补充了走访小结' })
      expect(record?.conflicts).toMatchObject([{ kind: 'delete', field: 'deletedAt' }])
    }
  })

  it('never lets a pulled change hide an edit still waiting to be sent', async () => {
    const a = await phone()
    const b = await phone()
    const { id } = await a.repository.save('studySessions', studySession())
    await syncUntilQuiet([a, b])
    const onB = (await b.get('studySessions', id))!
    await b.repository.save('studySessions', { ...onB, host: '王书记' }, { id })
    const onA = (await a.get('studySessions', id))!
    await a.repository.save('studySessions', { ...onA, place: '党员活动室' }, { id })
    await a.sync()
    // b pulls a's change but has not pushed: its own edit must still show, and still be queued.
    b.isOnline = true
    const pulled = await b.engine.run()
    expect(pulled.kind).toBe('synced')
    const after = (await b.get('studySessions', id))!
    expect(after).toMatchObject({ host: '王书记', place: '党员活动室' })
  })

  it('measures a form change from what the form loaded, so a field sync updated meanwhile is not put back', async () => {
    const a = await phone()
    const b = await phone()
    const { id } = await a.repository.save('studySessions', studySession())
    await syncUntilQuiet([a, b])
    const loaded = (await b.get('studySessions', id))!
    const base = { fields: { ...loaded }, rev: loaded.rev }
    const onA = (await a.get('studySessions', id))!
    await a.repository.save('studySessions', { ...onA, summary: '甲补充的内容' }, { id })
    await syncUntilQuiet([a, b])
    // b's form still holds the summary it loaded; the person changes only the place.
    await b.repository.save('studySessions', { ...loaded, place: '会议室' }, { id, base })
    await syncUntilQuiet([a, b])
    expect(await a.get('studySessions', id)).toMatchObject({ summary: '甲补充的内容', place: '会议室', conflicts: [] })
  })

  it('brings a record made on one phone to another that is only listening, within moments', async () => {
    const a = await phone()
    const b = await phone()
    await b.sync()
    const listener = new ChangeListener({ db: b.db, api: b.api, syncNow: () => b.sync(), waitSeconds: 5, idleMs: 50 })
    listener.start()
    try {
      // Let b's poll reach the suite.server before a records anything.
      await new Promise((resolve) => setTimeout(resolve, 100))
      const { id } = await a.repository.save('visits', visit({ place: '石门村' }))
      const started = performance.now()
      await a.sync()
      await expect.poll(() => b.get('visits', id), { timeout: 4000, interval: 20 }).toMatchObject({ place: '石门村' })
      expect(performance.now() - started).toBeLessThan(4000)
    } finally {
      listener.stop()
    }
  })

  it('holds a change the suite.server refuses, lets the rest flow, and sends it once the person has fixed it', async () => {
    const a = await phone()
    const b = await phone()
    const note = await a.repository.save('readingNotes', readingNote({ excerpt: '原文', reflection: '心得' }))
    await syncUntilQuiet([a, b])
    // Each phone empties a different half; each alone is valid, together they leave the note empty.
    await a.repository.save(
      'readingNotes',
      { ...(await a.get('readingNotes', note.id))!, excerpt: '' },
      { id: note.id },
    )
    await b.repository.save(
      'readingNotes',
      { ...(await b.get('readingNotes', note.id))!, reflection: '' },
      { id: note.id },
    )
    const other = await b.repository.save('visits', visit({ place: '另一条记录' }))
    await a.sync()
    expect(await b.sync()).toMatchObject({ kind: 'synced' })
    const held = (await b.get('readingNotes', note.id))!
    expect(held.syncState).toBe('refused')
    const [refused] = await b.db.outbox.toArray()
    expect(refused!.refusal?.message).toContain('原文摘抄和心得体会至少填写一项')
    // The visit made after the refused change still reached the suite.server and the other phone.
    await a.sync()
    expect(await a.get('visits', other.id)).toMatchObject({ place: '另一条记录' })
    // Held, not lost: syncing again does not send it, and does not drop it.
    await b.sync()
    expect(await b.db.outbox.count()).toBe(1)

    await b.repository.save('readingNotes', { ...held, reflection: '补写的心得' }, { id: note.id })
    await syncUntilQuiet([a, b])
    expect(await b.db.outbox.count()).toBe(0)
    expect(await a.get('readingNotes', note.id)).toMatchObject({ excerpt: '', reflection: '补写的心得' })
  })

  it('asks for the password again when the suite.server signs a phone out, keeping every unsent change', async () => {
    const a = await phone()
    const b = await phone()
    const saved = await b.repository.save('visits', visit({ place: '离线时记录的村' }))
    const token = await a.db.meta.get('account')
    expect(token?.key === 'account' && token.token).toBeTruthy()
    await call(suite.server, 'POST', '/api/auth/logout-all', undefined, token?.key === 'account' ? token.token! : '')
    const outcome = await b.sync()
    expect(outcome).toMatchObject({ kind: 'failed', isRetryable: false, error: { code: 'unauthorized' } })
    expect(await b.db.meta.get('account')).toMatchObject({ token: null, name: 'zhangwei' })
    expect(await b.db.outbox.count()).toBe(1)
    expect((await b.get('visits', saved.id))?.syncState).toBe('pending')
    await b.signIn('zhangwei', PASSWORD)
    expect(await b.sync()).toMatchObject({ kind: 'synced', pushed: 1 })
    expect((await readSyncMeta(b.db)).lastError).toBeNull()
  })

  it('resyncs a phone that missed a purged deletion: drops the tombstone, keeps and sends its own unsent change', async () => {
    const a = await phone()
    const b = await phone()
    const gone = await a.repository.save('studySessions', studySession({ topic: '将被删除的学习' }))
    const kept = await a.repository.save('studySessions', studySession({ topic: '保留的学习' }))
    await syncUntilQuiet([a, b])
    await a.repository.remove('studySessions', gone.id)
    await a.sync()
    const purged = await purgeTombstones(suite.server.storage.db, new Date(Date.now() + 1000))
    expect(purged.purged).toBe(1)
    // b was offline through all that, and edited the other record meanwhile.
    await b.repository.save(
      'studySessions',
      { ...(await b.get('studySessions', kept.id))!, place: '乙手机补记的地点' },
      { id: kept.id },
    )
    expect(await b.sync()).toMatchObject({ kind: 'synced' })
    expect(await b.db.studySessions.get(gone.id)).toBeUndefined()
    expect((await readSyncMeta(b.db)).resyncEpoch).toBeNull()
    await a.sync()
    expect(await a.get('studySessions', kept.id)).toMatchObject({ place: '乙手机补记的地点' })
  })

  it('sends again what a suite.server restored from an older backup no longer has, when a phone is ahead of it', async () => {
    const a = await phone()
    const first = await a.repository.save('studySessions', studySession({ topic: '备份前的学习' }))
    await a.sync()
    const restoreBackup = await suite.server.backup()
    await a.repository.save(
      'studySessions',
      { ...(await a.get('studySessions', first.id))!, place: '备份后补记的地点' },
      { id: first.id },
    )
    const second = await a.repository.save('visits', visit({ place: '备份后走访的村' }))
    await a.sync()
    expect((await readSyncMeta(a.db)).cursor).toBe(3)

    // The suite.server's disk is lost and last night's backup goes back in its place.
    await restoreBackup()
    expect(await a.sync()).toMatchObject({ kind: 'synced' })
    const b = await phone()
    await b.sync()
    expect(await b.get('studySessions', first.id)).toMatchObject({ topic: '备份前的学习', place: '备份后补记的地点' })
    expect(await b.get('visits', second.id)).toMatchObject({ place: '备份后走访的村' })
  })

  it('resyncs every phone once the administrator marks a restore with a new timeline, so no phone skips a change', async () => {
    const a = await phone()
    const b = await phone()
    const before = await a.repository.save('studySessions', studySession({ topic: '备份前的学习' }))
    await syncUntilQuiet([a, b])
    const restoreBackup = await suite.server.backup()
    const lost = await a.repository.save('visits', visit({ place: '只在甲手机和旧服务器上的记录' }))
    await syncUntilQuiet([a, b])
    await restoreBackup()
    await renewTimeline(suite.server.storage.db)
    // After the restore, b records something first: the suite.server's counter moves past nothing either phone can
    // notice by its cursor alone (both are at 2, the counter is back at 1 and goes to 2 again).
    const after = await b.repository.save('readingNotes', readingNote({ reflection: '恢复之后的笔记' }))
    await b.sync()
    await a.sync()
    await syncUntilQuiet([a, b])
    for (const device of [a, b]) {
      expect(await device.get('studySessions', before.id)).toMatchObject({ topic: '备份前的学习' })
      expect(await device.get('visits', lost.id)).toMatchObject({ place: '只在甲手机和旧服务器上的记录' })
      expect(await device.get('readingNotes', after.id)).toMatchObject({ reflection: '恢复之后的笔记' })
    }
  })

  it('brings back, after a restore, an edit the server had confirmed, without undoing what was edited on the restored server', async () => {
    const [e, f, g] = [await phone(), await phone(), await phone()]
    const { id } = await e.repository.save('studySessions', studySession({ topic: '原来的主题', place: '原来的地点' }))
    await syncUntilQuiet([e, f, g])
    const restoreBackup = await suite.server.backup()
    await e.repository.save('studySessions', { ...(await e.get('studySessions', id))!, topic: 'E 改过的主题' }, { id })
    await e.sync()
    await f.sync()
    expect(await f.get('studySessions', id)).toMatchObject({ topic: 'E 改过的主题' })

    await restoreBackup()
    await renewTimeline(suite.server.storage.db)
    // G syncs first after the restore and edits the same record twice: the counter passes E's and F's cursors.
    await g.sync()
    await g.repository.save('studySessions', { ...(await g.get('studySessions', id))!, place: 'G 改的地点' }, { id })
    await g.sync()
    await g.repository.save('studySessions', { ...(await g.get('studySessions', id))!, host: 'G 填的主持人' }, { id })
    await g.sync()
    await syncUntilQuiet([e, f, g])
    for (const device of [e, f, g]) {
      expect(await device.get('studySessions', id)).toMatchObject({
        topic: 'E 改过的主题',
        place: 'G 改的地点',
        host: 'G 填的主持人',
        conflicts: [],
      })
    }
  })

  it('keeps both values as a conflict when a field lost in a restore was edited again on the restored server', async () => {
    const [e, g] = [await phone(), await phone()]
    const { id } = await e.repository.save('studySessions', studySession({ topic: '原来的主题' }))
    await syncUntilQuiet([e, g])
    const restoreBackup = await suite.server.backup()
    await e.repository.save(
      'studySessions',
      { ...(await e.get('studySessions', id))!, topic: 'E 恢复前的主题' },
      { id },
    )
    await e.sync()
    await restoreBackup()
    await renewTimeline(suite.server.storage.db)
    await g.repository.save(
      'studySessions',
      { ...(await g.get('studySessions', id))!, topic: 'G 恢复后的主题' },
      { id },
    )
    await g.sync()
    await syncUntilQuiet([e, g])
    for (const device of [e, g]) {
      const record = await device.get('studySessions', id)
      expect(record?.topic).toBe('G 恢复后的主题')
      expect(record?.conflicts.map((c) => c.value)).toEqual(['E 恢复前的主题'])
    }
  })

  it('sends back, after a restore nobody marked, what a phone whose cursor is ahead of the server had', async () => {
    const [e, g] = [await phone(), await phone()]
    const { id } = await e.repository.save('studySessions', studySession({ topic: '原来的主题', place: '原来的地点' }))
    await syncUntilQuiet([e, g])
    const restoreBackup = await suite.server.backup()
    await e.repository.save(
      'studySessions',
      { ...(await e.get('studySessions', id))!, topic: 'E 恢复前的主题' },
      { id },
    )
    await e.sync()
    await restoreBackup()
    // No sync:new-timeline. E's cursor is above the restored counter: the server says it is behind, with no fork.
    expect(await e.sync()).toMatchObject({ kind: 'synced' })
    await syncUntilQuiet([e, g])
    for (const device of [e, g])
      expect(await device.get('studySessions', id)).toMatchObject({ topic: 'E 恢复前的主题', place: '原来的地点' })
  })

  it('notices a restore even when the server confirmed a phone’s record before that phone ever pulled', async () => {
    let isPullBroken = true
    const a = await phone({ fault: (path) => (isPullBroken && path === '/api/sync/pull' ? 'serverError' : 'none') })
    const b = await phone()
    const restoreBackup = await suite.server.backup()
    const { id } = await a.repository.save('visits', visit({ place: '还没拉取过就上传的走访' }))
    expect(await a.sync()).toMatchObject({ kind: 'failed' })
    // The push went through (its answer said which timeline); the pull did not.
    expect(await a.db.outbox.count()).toBe(0)
    await restoreBackup()
    await renewTimeline(suite.server.storage.db)
    isPullBroken = false
    await syncUntilQuiet([a, b])
    expect(await b.get('visits', id)).toMatchObject({ place: '还没拉取过就上传的走访' })
  })

  it('keeps another phone’s deletion visible when this phone’s undo of its own delete brings a note back', async () => {
    const [l, p] = [await phone(), await phone()]
    const { id } = await l.repository.save('readingNotes', readingNote({ reflection: '要删的笔记' }))
    await syncUntilQuiet([l, p])
    await l.repository.remove('readingNotes', id)
    await l.sync()
    p.isOnline = false
    await p.repository.remove('readingNotes', id)
    await p.repository.restore('readingNotes', id)
    p.isOnline = true
    await syncUntilQuiet([p, l])
    const pMeta = await p.db.meta.get('device')
    const pDevice = pMeta?.key === 'device' ? pMeta.deviceId : 'none'
    for (const device of [l, p]) {
      const note = await device.get('readingNotes', id)
      expect(note?.deletedAt).toBeNull()
      expect(note?.conflicts).toEqual([
        expect.objectContaining({ kind: 'delete', field: 'deletedAt', deviceId: pDevice }),
      ])
    }
  })

  it('keeps a record whose form was open while another phone deleted it, once the person saves', async () => {
    const a = await phone()
    const b = await phone()
    const { id } = await a.repository.save('visits', visit())
    await syncUntilQuiet([a, b])
    const loaded = (await b.get('visits', id))!
    const base = { fields: { ...loaded }, rev: loaded.rev }
    await a.repository.remove('visits', id)
    await syncUntilQuiet([a, b])
    expect((await b.get('visits', id))?.deletedAt).not.toBeNull()
    // b's form was still open; the person finishes typing and saves.
    await b.repository.save('visits', { ...loaded, summary: '表单里刚写完的小结' }, { id, base })
    expect(await b.get('visits', id)).toMatchObject({ deletedAt: null, summary: '表单里刚写完的小结' })
    await syncUntilQuiet([a, b])
    for (const device of [a, b]) {
      expect(await device.get('visits', id)).toMatchObject({ deletedAt: null, summary: '表单里刚写完的小结' })
      expect((await device.get('visits', id))?.conflicts).toMatchObject([{ kind: 'delete' }])
    }
  })

  it('asks for the next page of a pull while it writes the one before, and keeps each page it wrote if a later one fails', async () => {
    const a = await phone({ pushBatch: 500 })
    for (let i = 0; i < 250; i++)
      await a.repository.save('readingNotes', readingNote({ excerpt: `第 ${i + 1} 条笔记` }))
    expect(await a.sync()).toMatchObject({ kind: 'synced', pushed: 250 })
    // Records announced (written and committed) when each pull request went out: asked one page at a time, the
    // counts would be 0, 100, 200; asked ahead, each request leaves while the page before it is being written.
    const announcedAtRequest: number[] = []
    let pulls = 0
    let failSecond = true
    const b: SimDevice = await phone({
      pullLimit: 100,
      fault: (path) => {
        if (path !== '/api/sync/pull') return 'none'
        announcedAtRequest.push(b.announced.length)
        pulls++
        if (pulls === 2 && failSecond) {
          failSecond = false
          return 'dropResponse'
        }
        return 'none'
      },
    })
    expect(await b.sync()).toMatchObject({ kind: 'failed', isRetryable: true })
    // The first page was written whole, and the cursor stands after it: the failed page is asked for again.
    expect(await b.db.readingNotes.count()).toBe(100)
    expect((await readSyncMeta(b.db)).cursor).toBe(100)
    expect(announcedAtRequest).toEqual([0, 0])
    announcedAtRequest.length = 0
    expect(await b.sync()).toMatchObject({ kind: 'synced', pulled: 150 })
    expect(announcedAtRequest).toEqual([100, 100])
    expect(await b.db.readingNotes.count()).toBe(250)
    expect((await readSyncMeta(b.db)).cursor).toBe(250)
  })

  it('pulls 5,000 records to a fresh phone in batches, and then has the same records as the suite.server', async () => {
    const a = await phone({ pushBatch: 500 })
    await a.db.transaction('rw', [a.db.studySessions, a.db.outbox, a.db.meta, a.db.drafts], async () => {
      for (let i = 0; i < 5000; i++)
        await a.repository.save('studySessions', studySession({ topic: `第 ${i + 1} 次学习` }))
    })
    expect(await a.sync()).toMatchObject({ kind: 'synced', pushed: 5000 })
    const b = await phone({ pullLimit: 1000 })
    const started = performance.now()
    expect(await b.sync()).toMatchObject({ kind: 'synced', pulled: 5000 })
    const seconds = (performance.now() - started) / 1000
    expect(await b.db.studySessions.count()).toBe(5000)
    expect((await readSyncMeta(b.db)).cursor).toBe(5000)
    console.info(`pulled 5,000 records to a fresh device in ${seconds.toFixed(2)} s (fake-indexeddb)`)
  }, 60_000)
})

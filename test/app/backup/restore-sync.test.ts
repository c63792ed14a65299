/**
 * A restored backup against the real server in-process: a phone is lost with changes it never sent, a new phone
 * restores its last backup and signs in. What the backup alone had reaches the server; what changed elsewhere since
 * the backup wins, without a conflict made of stale values.
 */
import { expect, it } from 'vitest'
import { readBackupFile } from '../../../src/app/backup/read-backup-file'
import type { RecordRow } from '../../../src/app/db/schema'
import { restoreBackup } from '../../../src/app/backup/restore-backup'
import { RECORD_TABLES } from '../../../src/shared/records'
import { DEFAULT_REPORT_SETTINGS } from '../../../src/shared/reporting/report-settings'
import { visit } from '../db/support'
import { SimDevice, TEST_PASSWORD, syncUntilQuiet, useAccountServer } from '../sync/support'
import { backupOf, populate } from './support'

const suite = useAccountServer()
const { devices } = suite
const PASSWORD = TEST_PASSWORD

function device(): SimDevice {
  const created = new SimDevice(suite.server)
  devices.push(created)
  return created
}

it('brings a lost phone’s unsent records to the suite.server, and the suite.server’s newer edits win without conflicts', async () => {
  const lost = device()
  await lost.signIn('zhangwei', PASSWORD)
  const made = await populate(lost.db)
  const other = device()
  await other.signIn('zhangwei', PASSWORD)
  await syncUntilQuiet([lost, other])

  // Offline on the phone that will be lost: an edit and a new visit, never sent. Then the backup.
  const note = (await lost.get('readingNotes', made.noteId))!
  await lost.repository.save('readingNotes', { ...note, reflection: '只在丢失的手机上写的心得' }, { id: made.noteId })
  const offline = await lost.repository.save('visits', visit({ place: '只在丢失的手机上的走访' }))
  const file = await backupOf(lost.db)
  // After the backup, another phone changes a record the backup holds (older there).
  const session = (await other.get('studySessions', made.sessionId))!
  await other.repository.save('studySessions', { ...session, topic: '另一台手机后来改的主题' }, { id: made.sessionId })
  await syncUntilQuiet([other])

  const fresh = device()
  const read = await readBackupFile(file)
  if (!read.ok) throw new Error(read.problem.message.zh)
  const restored = await restoreBackup(fresh.db, read.value, DEFAULT_REPORT_SETTINGS)
  expect(restored.ok && restored.value.boundAccount).toBe('zhangwei')
  await fresh.signIn('zhangwei', PASSWORD)
  await syncUntilQuiet([fresh, other])

  for (const phone of [fresh, other]) {
    expect((await phone.get('studySessions', made.sessionId))!.topic).toBe('另一台手机后来改的主题')
    expect((await phone.get('readingNotes', made.noteId))!.reflection).toBe('只在丢失的手机上写的心得')
    expect((await phone.get('visits', offline.id))!.place).toBe('只在丢失的手机上的走访')
    expect((await phone.get('studySessions', made.deletedId))!.deletedAt).not.toBeNull()
  }
  // The same records on both phones, nothing waiting, and not one conflict.
  for (const table of RECORD_TABLES) {
    const strip = (rows: RecordRow[]) => rows.map(({ syncState: _s, resyncEpoch: _e, ...row }) => row)
    expect(strip(await fresh.db.records(table).orderBy('id').toArray())).toEqual(
      strip(await other.db.records(table).orderBy('id').toArray()),
    )
    expect(await fresh.db.records(table).where('conflicted').equals(1).count()).toBe(0)
  }
  expect(await fresh.db.outbox.count()).toBe(0)
})

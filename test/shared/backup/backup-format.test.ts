import { describe, expect, it } from 'vitest'
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, type BackupManifest } from '../../../src/shared/backup/format'
import { readBackupData, readManifest } from '../../../src/shared/backup/read'
import {
  accountProblemOf,
  planRecords,
  restoreActionOf,
  settingsActionOf,
  type LocalCopy,
} from '../../../src/shared/backup/restore-plan'
import { backupRecordOf } from '../../../src/shared/backup/write'
import { uuidv7 } from '../../../src/shared/ids'
import { recordTypes, type StoredRecord } from '../../../src/shared/records'
import { DEFAULT_REPORT_SETTINGS } from '../../../src/shared/reporting/report-settings'

const HASH = 'a'.repeat(64)

function manifest(overrides: Partial<BackupManifest> = {}): BackupManifest {
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: '2026-11-23T08:00:00.000Z',
    appVersion: '0.1.0',
    account: null,
    counts: { studySessions: 1, readingNotes: 0, visits: 0, photos: 0 },
    dataSha256: HASH,
    ...overrides,
  }
}

function session(overrides: Partial<StoredRecord<'studySessions'>> = {}): StoredRecord<'studySessions'> {
  return {
    ...recordTypes.studySessions.blank('2026-11-10'),
    topic: '深入学习党的二十大精神',
    id: uuidv7(),
    createdAt: '2026-11-10T02:00:00.000Z',
    updatedAt: '2026-11-10T02:00:00.000Z',
    deviceId: uuidv7(),
    deletedAt: null,
    rev: 12,
    conflicts: [],
    ...overrides,
  }
}

function data(records: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    records: { studySessions: records, readingNotes: [], visits: [] },
    unsent: { studySessions: [], readingNotes: [], visits: [] },
    photos: [],
    settings: { report: DEFAULT_REPORT_SETTINGS },
    ...extra,
  })
}

function problemOf(check: { ok: boolean; problem?: { kind: string; message: { zh: string } } }): {
  kind: string
  zh: string
} {
  expect(check.ok).toBe(false)
  return { kind: check.problem!.kind, zh: check.problem!.message.zh }
}

describe('reading the manifest', () => {
  it('accepts its own format', () => {
    expect(readManifest(JSON.stringify(manifest())).ok).toBe(true)
  })

  it('refuses a file that is not JSON as damaged', () => {
    expect(problemOf(readManifest('{"format": "xuesijian-backup", '))).toEqual({
      kind: 'corrupt',
      zh: expect.stringContaining('备份文件已损坏（manifest.json 无法读取）'),
    })
  })

  it('refuses another format id, or none, as not a 学思践 backup', () => {
    expect(problemOf(readManifest(JSON.stringify(manifest({ format: 'other-app-backup' as never }))))).toEqual({
      kind: 'foreign',
      zh: expect.stringContaining('这不是学思践的备份文件'),
    })
    expect(problemOf(readManifest('[1, 2, 3]')).kind).toBe('foreign')
  })

  it('asks for an update when the format version is newer than this app reads', () => {
    const problem = problemOf(readManifest(JSON.stringify(manifest({ formatVersion: BACKUP_FORMAT_VERSION + 1 }))))
    expect(problem.kind).toBe('newerVersion')
    expect(problem.zh).toContain('备份来自更新版本的学思践')
    expect(problem.zh).toContain('请先更新应用')
  })

  it('names the manifest field that is wrong', () => {
    const problem = problemOf(
      readManifest(JSON.stringify(manifest({ counts: { studySessions: -1, readingNotes: 0, visits: 0, photos: 0 } }))),
    )
    expect(problem.zh).toContain('counts.studySessions')
  })
})

describe('reading the records', () => {
  it('keeps every field and the bookkeeping of a valid record', () => {
    const record = session({
      conflicts: [
        {
          id: uuidv7(),
          kind: 'field',
          field: 'topic',
          value: '另一主题',
          deviceId: uuidv7(),
          at: '2026-11-11T00:00:00Z',
          rev: 13,
        },
      ],
    })
    const read = readBackupData(data([record]), manifest())
    expect(read.ok && read.value.records.studySessions[0]).toEqual(record)
  })

  it('names the record and the field that is invalid, in Chinese and English', () => {
    const read = readBackupData(
      data([session(), session({ topic: '' })]),
      manifest({ counts: { studySessions: 2, readingNotes: 0, visits: 0, photos: 0 } }),
    )
    expect(read.ok).toBe(false)
    if (read.ok) return
    expect(read.problem.message.zh).toContain('备份文件已损坏（第 2 条学习记录：请填写学习主题）')
    expect(read.problem.message.en).toContain('Study session 2: Topic is required')
  })

  it('refuses bookkeeping that is not what a record carries', () => {
    expect(problemOf(readBackupData(data([session({ updatedAt: 'yesterday' })]), manifest())).zh).toContain(
      '第 1 条学习记录：updatedAt 不正确',
    )
    expect(problemOf(readBackupData(data([{ ...session(), id: undefined }]), manifest())).zh).toContain(
      '第 1 条学习记录：id 不正确',
    )
  })

  it('says a record with a field this version does not know comes from a newer app', () => {
    const problem = problemOf(readBackupData(data([{ ...session(), mood: '很好' }]), manifest()))
    expect(problem).toEqual({ kind: 'newerVersion', zh: expect.stringContaining('mood') })
  })

  it('refuses fewer records than the manifest counts (a file cut short) and the same id twice', () => {
    expect(problemOf(readBackupData(data([]), manifest())).zh).toContain('学习记录应有 1 条，实际只有 0 条')
    const twin = session()
    expect(
      problemOf(
        readBackupData(
          data([twin, twin]),
          manifest({ counts: { studySessions: 2, readingNotes: 0, visits: 0, photos: 0 } }),
        ),
      ).zh,
    ).toContain('第 2 条学习记录：与前面一条记录的编号相同')
  })

  it('refuses a photo entry without a proper hash', () => {
    const photo = {
      hash: 'not-a-hash',
      role: 'photo',
      type: 'image/jpeg',
      bytes: 10,
      width: 10,
      height: 10,
      createdAt: '2026-11-10T02:00:00.000Z',
    }
    const problem = problemOf(
      readBackupData(
        data([session()], { photos: [photo] }),
        manifest({ counts: { studySessions: 1, readingNotes: 0, visits: 0, photos: 1 } }),
      ),
    )
    expect(problem.zh).toContain('第 1 张照片的 hash 不正确')
  })

  it('reads settings leniently: a bad value is its default, the rest are kept', () => {
    const read = readBackupData(
      data([session()], {
        settings: { report: { ...DEFAULT_REPORT_SETTINGS, monthlyMinimum: -5, unit: '市文化广电和旅游局' } },
      }),
      manifest(),
    )
    expect(read.ok && read.value.settings.report).toEqual({ ...DEFAULT_REPORT_SETTINGS, unit: '市文化广电和旅游局' })
  })

  it('writes records without this phone’s own keys', () => {
    const record = session()
    const row = { ...record, sortKey: 'x', syncState: 'pending', resyncEpoch: 3 }
    expect(backupRecordOf('studySessions', row)).toEqual(record)
  })
})

describe('what restoring does to each record', () => {
  const record = session({ updatedAt: '2026-11-12T00:00:00.000Z', rev: 20 })
  const backup = { record, hasUnsentChanges: false }
  const local = (overrides: Partial<LocalCopy> = {}): LocalCopy => ({
    updatedAt: '2026-11-11T00:00:00.000Z',
    deletedAt: null,
    rev: 15,
    fields: { ...record, topic: '旧主题' },
    hasUnsentChanges: false,
    ...overrides,
  })

  it('adds a record this phone lacks', () => {
    expect(restoreActionOf('studySessions', backup, undefined)).toBe('add')
  })

  it('does nothing where the content is the same, whatever the times say', () => {
    expect(restoreActionOf('studySessions', backup, local({ fields: record, updatedAt: '2020-01-01T00:00:00Z' }))).toBe(
      'same',
    )
  })

  it('orders two copies that were on the server by revision, not by the devices’ clocks', () => {
    expect(restoreActionOf('studySessions', backup, local())).toBe('replace')
    // A later clock on this phone does not make its older revision newer.
    expect(restoreActionOf('studySessions', backup, local({ updatedAt: '2026-11-30T00:00:00Z' }))).toBe('replace')
    expect(restoreActionOf('studySessions', backup, local({ rev: 21, updatedAt: '2026-11-01T00:00:00Z' }))).toBe(
      'keepNewer',
    )
  })

  it('otherwise replaces an older copy and keeps one changed at the same time or later', () => {
    const unsynced = { record: { ...record, rev: null }, hasUnsentChanges: false }
    expect(restoreActionOf('studySessions', unsynced, local())).toBe('replace')
    expect(restoreActionOf('studySessions', unsynced, local({ updatedAt: '2026-11-12T00:00:00Z' }))).toBe('keepNewer')
    expect(restoreActionOf('studySessions', unsynced, local({ updatedAt: '2026-11-12T08:00:00+08:00' }))).toBe(
      'keepNewer',
    )
    expect(
      restoreActionOf(
        'studySessions',
        { record, hasUnsentChanges: true },
        local({ updatedAt: '2026-11-13T00:00:00.000Z' }),
      ),
    ).toBe('keepNewer')
  })

  it('never replaces a copy with unsent changes, even an older one', () => {
    expect(restoreActionOf('studySessions', backup, local({ hasUnsentChanges: true }))).toBe('keepUnsent')
  })

  it('treats deletions as changes: a newer local deletion stays, a newer backup deletion is applied', () => {
    expect(
      restoreActionOf(
        'studySessions',
        backup,
        local({ fields: record, deletedAt: '2026-11-13T00:00:00Z', updatedAt: '2026-11-13T00:00:00Z', rev: 22 }),
      ),
    ).toBe('keepNewer')
    const deletedInBackup = { record: { ...record, deletedAt: '2026-11-12T00:00:00.000Z' }, hasUnsentChanges: false }
    expect(restoreActionOf('studySessions', deletedInBackup, local({ fields: record }))).toBe('replace')
  })

  it('counts every decision, and the deletions among those written', () => {
    const same = session()
    const deleted = session({ deletedAt: '2026-11-12T00:00:00.000Z', updatedAt: '2026-11-12T00:00:00.000Z', rev: 30 })
    const unsent = session({ rev: 40 })
    const plan = planRecords(
      { studySessions: [record, same, deleted, session(), unsent], readingNotes: [], visits: [], reviewEvents: [] },
      { studySessions: [unsent.id], readingNotes: [], visits: [], reviewEvents: [] },
      (_table, id) =>
        id === record.id
          ? local()
          : id === same.id
            ? local({ fields: same })
            : id === deleted.id
              ? local({ fields: deleted, deletedAt: null })
              : id === unsent.id
                ? local({ rev: 41, updatedAt: '2026-11-01T00:00:00Z' })
                : undefined,
    )
    expect(plan.counts).toEqual({ added: 1, replaced: 3, same: 1, keptNewer: 0, keptUnsent: 0, deleted: 1 })
    expect(plan.decisions.map((d) => [d.action, d.hasUnsentChanges])).toEqual([
      ['replace', false],
      ['same', false],
      ['replace', false],
      ['add', false],
      ['replace', true],
    ])
  })
})

describe('settings and accounts', () => {
  const chosen = { ...DEFAULT_REPORT_SETTINGS, monthlyMinimum: 2, name: '王建国' }

  it('takes the backup’s settings only where this phone still has the defaults', () => {
    expect(settingsActionOf(chosen, DEFAULT_REPORT_SETTINGS)).toBe('adopt')
    expect(settingsActionOf(chosen, { ...chosen })).toBe('same')
    expect(settingsActionOf(chosen, { ...DEFAULT_REPORT_SETTINGS, reportDeadlineDays: 5 })).toBe('keepLocal')
  })

  it('refuses a backup of one account on a phone bound to another', () => {
    const backupAccount = { accountId: 'a1', name: 'zhangwei', displayName: '张伟' }
    expect(accountProblemOf(backupAccount, { accountId: 'a2', name: 'lina' })?.message.zh).toContain(
      '这份备份属于账号“zhangwei”，这台手机上的记录属于账号“lina”',
    )
    expect(accountProblemOf(backupAccount, { accountId: 'a1', name: 'zhangwei' })).toBeNull()
    expect(accountProblemOf(backupAccount, undefined)).toBeNull()
    expect(accountProblemOf(null, { accountId: 'a2', name: 'lina' })).toBeNull()
  })
})

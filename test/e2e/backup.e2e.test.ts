/**
 * Issue 5: back up everything on one phone to a file through 我的, restore it into a fresh browser profile through
 * 我的, and find the same records and photos in IndexedDB; a corrupt or foreign file is refused with its reason on
 * screen and nothing changes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  backUpThroughUi,
  dumpDatabase,
  pickBackupFile,
  restoreConfirm,
  restoreRefusal,
  restoreResult,
  type DatabaseDump,
} from './support/backup'
import { eventually, textOf } from './support/expect'
import { makeJpeg, pickPhotos } from './support/photos'
import { fillReadingNote, fillStudySession } from './support/records'
import { setupE2e } from './support/suite'
import { cards, fillField, openList, openNewForm, saveForm, waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()
const dir = mkdtempSync(join(tmpdir(), 'xsj-backup-e2e-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const REPORT_SETTINGS = {
  monthlyMinimum: 2,
  reportDeadlineDays: 5,
  yearlyHoursTarget: 60,
  name: '王建国',
  unit: '市文化广电和旅游局',
  branch: '机关第一党支部',
}

const byId = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)))
const recordsOf = (dump: DatabaseDump) =>
  Object.fromEntries(Object.entries(dump.records).map(([table, rows]) => [table, byId(rows)]))
// Upload bookkeeping is the one thing a restore resets: every photo is pending again, and none is marked as never sent
// (isUnsent), since the server may hold it from before the backup; the phone asks where each stands.
const photosOf = (dump: DatabaseDump) =>
  [...dump.attachments]
    .sort((a, b) => a.hash.localeCompare(b.hash))
    .map(({ uploadState: _u, isUnsent: _n, ...row }) => row)
const total = (dump: DatabaseDump) => Object.values(dump.records).reduce((sum, rows) => sum + rows.length, 0)

/** Records of each type through the forms, a visit with a photo, and settings under 我的. */
async function recordSomething(page: import('playwright-core').Page): Promise<void> {
  await openNewForm(page, 'study')
  await fillStudySession(page, {
    topic: '深入学习党的二十大精神',
    place: '局机关三楼会议室',
    materials: ['《中国共产党章程》'],
    present: ['张伟', '李娜'],
    tags: ['二十大'],
  })
  await saveForm(page, 'study')
  await openNewForm(page, 'notes')
  await fillReadingNote(page, {
    title: '《习近平谈治国理政》第四卷',
    excerpt: '江山就是人民，人民就是江山。',
    reflection: '始终把人民放在心中最高位置。',
  })
  await saveForm(page, 'notes')
  await openNewForm(page, 'visits')
  await fillField(page, 'place', '桃源镇石门村')
  await fillField(page, 'findings', '村文化中心利用率不高，留守老人居多。')
  await pickPhotos(page, [await makeJpeg(page, 2000, 1500, 7)])
  await fillField(page, 'photos.0.caption', '村文化中心')
  await saveForm(page, 'visits')
  await page.evaluate(
    (settings) => localStorage.setItem('xsj.reportSettings', JSON.stringify(settings)),
    REPORT_SETTINGS,
  )
}

describe('backup and restore', () => {
  it('backs up offline to a file and restores it into a fresh profile with identical records and photos', async () => {
    const { context, page } = await suite.openPhone()
    await page.goto('/')
    await page.getByTestId('count-studySessions').waitFor()
    await waitForServiceWorkerControl(page)
    await recordSomething(page)
    const source = await dumpDatabase(page)
    expect(total(source)).toBe(3)
    expect(source.attachments).toHaveLength(2)

    // No network: the backup needs none.
    await context.setOffline(true)
    await page.goto('/me')
    await page.getByTestId('backup-panel').waitFor()
    const backup = await backUpThroughUi(page, dir)
    expect(backup.fileName).toMatch(/^学思践备份-\d{4}-\d{2}-\d{2}\.zip$/)
    expect(backup.message).toContain('3 条记录、2 张照片')
    expect(readFileSync(backup.path).subarray(0, 2).toString('latin1')).toBe('PK')

    const fresh = await suite.openPhone()
    await fresh.page.goto('/me')
    await fresh.page.getByTestId('backup-panel').waitFor()
    expect(total(await dumpDatabase(fresh.page))).toBe(0)
    await pickBackupFile(fresh.page, backup.path)
    const confirm = restoreConfirm(fresh.page)
    await confirm.waitFor()
    const said = await textOf(confirm)
    expect(said).toContain('新增 3 条记录')
    expect(said).toContain('照片：新增 2 张')
    expect(said).not.toContain('本机已有')
    expect(said).toContain('学习制度与个人信息：使用备份中的设置')
    await confirm.getByRole('button', { name: '恢复' }).click()
    const result = restoreResult(fresh.page)
    await result.waitFor()
    expect(await textOf(result)).toContain('新增 3 条')
    await result.getByRole('button').click()

    const restored = await dumpDatabase(fresh.page)
    // Every field and all bookkeeping the same (ids, times, device, rev null, pending); photos byte for byte.
    expect(recordsOf(restored)).toEqual(recordsOf(source))
    expect(photosOf(restored)).toEqual(photosOf(source))
    expect(restored.outbox.map((e) => e.op).sort()).toEqual(['create', 'create', 'create'])
    expect(await fresh.page.evaluate(() => JSON.parse(localStorage.getItem('xsj.reportSettings') ?? 'null'))).toEqual(
      REPORT_SETTINGS,
    )

    // And the app shows them: the list, and the visit's photo.
    await openList(fresh.page, 'visits')
    await eventually(() =>
      cards(fresh.page).filter({ hasText: '桃源镇石门村' }).locator('[data-testid="card-photos"] img').count(),
    ).toBe(1)
  })

  it('refuses a corrupt or foreign file with the reason on screen, and changes nothing', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await recordSomething(page)
    await page.goto('/me')
    const backup = await backUpThroughUi(page, dir)
    const bytes = readFileSync(backup.path)
    const truncated = join(dir, '学思践备份-截断.zip')
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)))
    const flipped = Buffer.from(bytes)
    // A byte inside the photo (stored uncompressed, at the end of the zip's data): its hash no longer matches.
    flipped[bytes.length - 4000] = flipped[bytes.length - 4000]! ^ 0xff
    const damaged = join(dir, '学思践备份-损坏.zip')
    writeFileSync(damaged, flipped)
    const foreign = join(dir, '会议纪要.zip')
    writeFileSync(foreign, '这不是压缩文件')

    const before = await dumpDatabase(page)
    const settingsBefore = await page.evaluate(() => localStorage.getItem('xsj.reportSettings'))
    for (const [file, says] of [
      [truncated, '备份文件已损坏（无法解压，文件可能不完整）'],
      [damaged, '备份文件已损坏'],
      [foreign, '这不是学思践的备份文件'],
    ] as const) {
      await pickBackupFile(page, file)
      const refusal = restoreRefusal(page)
      await refusal.waitFor()
      expect(await textOf(refusal)).toContain('无法恢复')
      expect(await textOf(refusal)).toContain(says)
      await refusal.getByRole('button').click()
      await refusal.waitFor({ state: 'hidden' })
      // The progress toast ended with the refusal.
      expect(await page.locator('.backup-progress').filter({ visible: true }).count()).toBe(0)
    }
    expect(await dumpDatabase(page)).toEqual(before)
    expect(await page.evaluate(() => localStorage.getItem('xsj.reportSettings'))).toBe(settingsBefore)
  })
})

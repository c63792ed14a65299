/**
 * Backup and restore of a phone with 3,000 records (1,000 of each type) and 20 camera-sized photos, in Chromium,
 * through 我的 as a person does it: time from 备份到文件 to the download, the file's size, time from picking the file
 * to the confirmation (reading and checking all of it), and from 恢复 to 恢复完成. Run: `npx tsx test/bench/backup.ts`
 * after a build (`node scripts/ensure-build.mjs`). Not part of npm test.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { localDate } from '../../src/shared/dates'
import { backUpThroughUi, dumpDatabase, pickBackupFile, restoreConfirm, restoreResult } from '../e2e/support/backup'
import { launchBrowser, newPhoneContext } from '../e2e/support/browser'
import { makeJpeg } from '../e2e/support/photos'
import { startServer } from '../e2e/support/server'
import { NAME_SHIM } from './probes'
import { seedRecords, waitForAppDatabase } from './seed'

const RECORDS_PER_TYPE = Number(process.env.XSJ_BACKUP_RECORDS ?? 1000)
const PHOTOS = Number(process.env.XSJ_BACKUP_PHOTOS ?? 20)

/** Stores a 1920 × 1440 JPEG as a photo row (hash computed in the page, as photo intake does). */
async function storePhoto(page: Page, seed: number): Promise<number> {
  const jpeg = await makeJpeg(page, 1920, 1440, seed)
  return page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
    const digest = await crypto.subtle.digest('SHA-256', bytes)
    const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
    const blob = new Blob([bytes], { type: 'image/jpeg' })
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('xuesijian')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('attachments', 'readwrite')
      tx.objectStore('attachments').put({
        hash,
        blob,
        type: 'image/jpeg',
        bytes: blob.size,
        width: 1920,
        height: 1440,
        role: 'photo',
        createdAt: new Date().toISOString(),
        uploadState: 'pending',
      })
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
    db.close()
    return blob.size
  }, jpeg.buffer.toString('base64'))
}

async function main(): Promise<void> {
  const server = await startServer()
  const browser = await launchBrowser()
  const dir = mkdtempSync(join(tmpdir(), 'xsj-bench-backup-'))
  try {
    const phone = async () => {
      const context = await newPhoneContext(browser, server.origin)
      await context.addInitScript(NAME_SHIM)
      return context.newPage()
    }
    const source = await phone()
    await source.goto('/')
    const dbVersion = await waitForAppDatabase(source, 'xuesijian')
    const seeded = await seedRecords(source, {
      dbName: 'xuesijian',
      dbVersion,
      count: RECORDS_PER_TYPE,
      batchSize: 500,
      seed: 7,
      endDate: localDate(),
    })
    let photoBytes = 0
    for (let i = 0; i < PHOTOS; i++) photoBytes += await storePhoto(source, 100 + i)
    await source.goto('/me')
    await source.getByTestId('backup-panel').waitFor()

    const t0 = performance.now()
    const backup = await backUpThroughUi(source, dir)
    const backupMs = performance.now() - t0
    const size = statSync(backup.path).size

    const target = await phone()
    target.setDefaultTimeout(120_000)
    await target.goto('/me')
    await target.getByTestId('backup-panel').waitFor()
    const t1 = performance.now()
    await pickBackupFile(target, backup.path)
    await restoreConfirm(target).waitFor()
    const checkMs = performance.now() - t1
    const t2 = performance.now()
    await restoreConfirm(target).getByRole('button', { name: '恢复' }).click()
    await restoreResult(target).waitFor()
    const writeMs = performance.now() - t2
    const restored = await dumpDatabase(target)
    const count = Object.values(restored.records).reduce((sum, rows) => sum + rows.length, 0)

    console.log(
      JSON.stringify({
        records: seeded.total,
        photos: PHOTOS,
        photoMB: +(photoBytes / 1048576).toFixed(1),
        backupMs: Math.round(backupMs),
        fileMB: +(size / 1048576).toFixed(2),
        restoreCheckMs: Math.round(checkMs),
        restoreWriteMs: Math.round(writeMs),
        restoredRecords: count,
        restoredPhotos: restored.attachments.length,
        outboxEntries: restored.outbox.length,
      }),
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await browser.close()
    await server.close()
  }
}

await main()

/**
 * 数据备份 in the browser: backing up through 我的 (the download captured), picking a backup file to restore, and
 * everything a restore could change read straight from IndexedDB. No vitest imports (screenshots use it).
 */
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'

export interface BackedUp {
  path: string
  fileName: string
  /** What the 已保存备份文件 dialog said. */
  message: string
}

/** 我的 → 备份到文件: saves the download into `dir` and closes the dialog that reports it. */
export async function backUpThroughUi(page: Page, dir: string): Promise<BackedUp> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId('backup-create').click(),
  ])
  const fileName = download.suggestedFilename()
  const path = join(dir, fileName)
  await download.saveAs(path)
  const dialog = page.locator('.backup-created').filter({ visible: true })
  await dialog.waitFor({ timeout: 60_000 })
  const message = (await dialog.innerText()).trim()
  await dialog.getByRole('button').click()
  await dialog.waitFor({ state: 'hidden' })
  return { path, fileName, message }
}

/** 我的 → 从备份恢复 → the file chooser. */
export async function pickBackupFile(page: Page, path: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('backup-restore').click()])
  await chooser.setFiles(path)
}

/** The dialog that says what restoring will do, with 恢复 and 取消. */
export function restoreConfirm(page: Page): Locator {
  return page.locator('.backup-confirm').filter({ visible: true })
}

export function restoreRefusal(page: Page): Locator {
  return page.locator('.backup-refused').filter({ visible: true })
}

export function restoreResult(page: Page): Locator {
  return page.locator('.backup-restored').filter({ visible: true })
}

export interface DumpedAttachment {
  hash: string
  role: string
  type: string
  bytes: number
  width: number
  height: number
  createdAt: string
  uploadState: string
  isUnsent?: boolean
  /** The stored blob's size and SHA-256, or null when only the thumbnail is kept. */
  blob: { size: number; sha256: string } | null
}

export interface DatabaseDump {
  records: Record<string, Record<string, unknown>[]>
  outbox: Record<string, unknown>[]
  attachments: DumpedAttachment[]
}

/** Every record row (by id), outbox entry and attachment of the app's database, as plain data. */
export async function dumpDatabase(page: Page): Promise<DatabaseDump> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('xuesijian')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    const all = (store: string) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll()
        request.onsuccess = () => resolve(request.result as Record<string, unknown>[])
        request.onerror = () => reject(request.error)
      })
    const records: Record<string, Record<string, unknown>[]> = {}
    for (const table of ['studySessions', 'readingNotes', 'visits']) records[table] = await all(table)
    const outbox = await all('outbox')
    const rows = await all('attachments')
    db.close()
    const attachments = await Promise.all(
      rows.map(async ({ blob, ...row }) => {
        if (!(blob instanceof Blob)) return { ...row, blob: null }
        const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
        const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
        return { ...row, blob: { size: blob.size, sha256 } }
      }),
    )
    return { records, outbox, attachments: attachments as unknown as DumpedAttachment[] }
  })
}

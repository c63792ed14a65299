/**
 * `npm run bench -- --only exports`: how long the ledger (.xlsx) and the year report (.docx) take to make for 3,000
 * records (1,000 of each type, dated from 1 January to today, so 本年 covers them all) in the system Chromium, tapped
 * on the export screen and timed until the browser has the file; how big the files are; and what the two libraries
 * and the export screen's chunk weigh. Offline, as the screen is meant to work.
 */
import type { Page } from 'playwright-core'
import os from 'node:os'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { indexKeysOf } from '../../src/app/db/index-keys'
import { localDate } from '../../src/shared/dates'
import { uuidv7 } from '../../src/shared/ids'
import type { RecordTable, StoredRecord } from '../../src/shared/records'
import { serveBuild } from '../e2e/support/server'
import { generateReadingNotes, generateStudySessions, generateVisits } from '../fixtures/generate'
import { launchBrowser, newBenchContext, serviceWorkerReady } from './browser'
import { entryBundle } from './bundle'
import { describeMachine, reportDate, type Machine } from './report'
import { putBatch, SEED_TABLES, waitForAppDatabase, type SeedRow } from './seed'

const DB_NAME = 'xuesijian'

export interface ExportsBenchOptions {
  distDir: string
  version: string
  /** Records of each type. */
  count: number
  seed: number
  runs: number
  throttle: number
  log: (line: string) => void
}

export interface ExportRun {
  /** From the tap to the browser's download event, ms. */
  ms: number
  bytes: number
}

export interface ChunkSize {
  label: string
  file: string
  raw: number
  gzip: number
}

export interface ExportsBenchResults {
  date: string
  machine: Machine
  count: number
  seed: number
  /** Records exported: every seeded record lies in 本年. */
  records: number
  runs: number
  throttle: number
  /** The first export of each kind after the screen opened (library chunk fetched from the precache and compiled), then the rest. */
  ledger: { first: ExportRun; runs: ExportRun[]; throttled: ExportRun[] }
  report: { first: ExportRun; runs: ExportRun[]; throttled: ExportRun[] }
  chunks: ChunkSize[]
  entryGzip: number
  wallMs: number
}

function rowsOf(table: RecordTable, count: number, seed: number, today: string): SeedRow[] {
  // Spread from 1 January to today, so that the screen's default range (本年) holds them all.
  const options = {
    seed,
    endDate: today,
    spanDays: Math.max(1, Math.round((Date.parse(today) - Date.parse(`${today.slice(0, 4)}-01-01`)) / 86_400_000) + 1),
  }
  const fields =
    table === 'studySessions'
      ? generateStudySessions(count, options)
      : table === 'readingNotes'
        ? generateReadingNotes(count, options)
        : generateVisits(count, options)
  const deviceId = uuidv7()
  return fields.map((f) => {
    const now = new Date().toISOString()
    const stored = {
      ...f,
      id: uuidv7(),
      createdAt: now,
      updatedAt: now,
      deviceId,
      deletedAt: null,
      rev: null,
      conflicts: [],
    } as StoredRecord
    return { ...stored, ...indexKeysOf(table, stored) }
  })
}

async function timedDownload(page: Page, testId: string): Promise<ExportRun> {
  const started = performance.now()
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 300_000 }),
    page.getByTestId(testId).click(),
  ])
  const path = await download.path()
  const ms = performance.now() - started
  // The progress bar goes when the task ends; the next tap would be ignored before that.
  await page.getByTestId('export-progress').waitFor({ state: 'detached' })
  await page
    .locator('.van-toast')
    .filter({ visible: true })
    .waitFor({ state: 'hidden' })
    .catch(() => undefined)
  return { ms, bytes: readFileSync(path!).length }
}

/** The libraries' chunks and the export screen's, by their source in Vite's manifest. */
function chunkSizes(distDir: string): ChunkSize[] {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    { file: string }
  >
  const wanted = [
    { label: 'write-excel-file (with fflate)', source: 'node_modules/write-excel-file/' },
    { label: 'docx', source: 'node_modules/docx/' },
    { label: 'export screen and print view (app code)', source: 'src/app/pages/export-pages.ts' },
  ]
  return wanted.map(({ label, source }) => {
    const key = Object.keys(manifest).find((k) => k.startsWith(source))
    if (!key) throw new Error(`the build manifest has no chunk from ${source}`)
    const bytes = readFileSync(join(distDir, manifest[key]!.file))
    return { label, file: manifest[key]!.file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  })
}

export async function exportsBench(options: ExportsBenchOptions): Promise<ExportsBenchResults> {
  const { log } = options
  const startedAt = performance.now()
  const loadAtStart = os.loadavg()
  const server = await serveBuild(options.distDir, options.version)
  const browser = await launchBrowser()
  try {
    const context = await newBenchContext(browser, { acceptDownloads: true }, 120_000)
    const page = await context.newPage()
    await page.goto(`${server.origin}/`)
    await waitForAppDatabase(page, DB_NAME)
    await page.evaluate(serviceWorkerReady, 30_000)
    const today = localDate()
    for (const table of SEED_TABLES) {
      await page.evaluate(putBatch, {
        dbName: DB_NAME,
        store: table,
        rows: rowsOf(table, options.count, options.seed, today),
      })
    }
    log(`seeded ${options.count} records of each type; exporting offline`)
    await context.setOffline(true)
    await page.goto(`${server.origin}/export`)
    await page.getByTestId('export-ledger').waitFor()

    const measure = async (testId: string, runs: number) => {
      const list: ExportRun[] = []
      for (let i = 0; i < runs; i++) {
        const run = await timedDownload(page, testId)
        list.push(run)
        log(`${testId}: ${Math.round(run.ms)} ms, ${run.bytes} bytes`)
      }
      return list
    }
    const ledgerFirst = await timedDownload(page, 'export-ledger')
    const reportFirst = await timedDownload(page, 'export-report')
    log(`first exports: ledger ${Math.round(ledgerFirst.ms)} ms, report ${Math.round(reportFirst.ms)} ms`)
    const ledgerRuns = await measure('export-ledger', options.runs)
    const reportRuns = await measure('export-report', options.runs)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.throttle })
    const ledgerThrottled = await measure('export-ledger', Math.min(3, options.runs))
    const reportThrottled = await measure('export-report', Math.min(3, options.runs))
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    await context.close()

    return {
      date: reportDate(),
      machine: describeMachine(browser.version(), loadAtStart),
      count: options.count,
      seed: options.seed,
      records: options.count * SEED_TABLES.length,
      runs: options.runs,
      throttle: options.throttle,
      ledger: { first: ledgerFirst, runs: ledgerRuns, throttled: ledgerThrottled },
      report: { first: reportFirst, runs: reportRuns, throttled: reportThrottled },
      chunks: chunkSizes(options.distDir),
      entryGzip: entryBundle(options.distDir).files.reduce(
        (sum, f) => sum + gzipSync(readFileSync(join(options.distDir, f.path.replace(/^\//, ''))), { level: 9 }).length,
        0,
      ),
      wallMs: performance.now() - startedAt,
    }
  } finally {
    await browser.close()
    await server.close()
  }
}

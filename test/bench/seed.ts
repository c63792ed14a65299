/**
 * Fills the app's real IndexedDB database with generated records, stored exactly as RecordRepository stores
 * them (fields, bookkeeping, local index keys), but written in large raw IndexedDB transactions: seeding 30,000
 * records through the forms or one Dexie transaction each would take far longer than the measurements.
 */
import type { Page } from 'playwright-core'
import { indexKeysOf, type IndexKeys } from '../../src/app/db/index-keys'
import { uuidv7 } from '../../src/shared/ids'
import type { FieldsOf, RecordTable, StoredRecord } from '../../src/shared/records'
import { generateReadingNotes, generateStudySessions, generateVisits } from '../fixtures/generate'

export type SeedRow = StoredRecord & IndexKeys

export const SEED_TABLES: readonly RecordTable[] = ['studySessions', 'readingNotes', 'visits']

export interface SeedResult {
  /** Records written per table. */
  counts: Record<RecordTable, number>
  total: number
  /** Wall time in Node: sending every batch to the page and committing it. */
  wallMs: number
  /** Sum of in-page time from the first put of a batch to its transaction's complete event. */
  idbMs: number
  batches: number
  /** IndexedDB version of the database the app created (Dexie's version × 10). */
  dbVersion: number
  /** The newest possible record date. */
  endDate: string
  /** Rows per store counted back from IndexedDB after seeding. */
  verified: Record<string, number>
}

/** `count` generated records of one type, as the fields a cadre would type. */
export function fieldsFor<T extends RecordTable>(
  table: T,
  count: number,
  seed: number,
  endDate: string,
  spanDays?: number,
): FieldsOf[T][] {
  const options = { seed, endDate, spanDays }
  switch (table) {
    case 'studySessions':
      return generateStudySessions(count, options) as FieldsOf[T][]
    case 'readingNotes':
      return generateReadingNotes(count, options) as FieldsOf[T][]
    default:
      return generateVisits(count, options) as FieldsOf[T][]
  }
}

/** The rows for one table, as RecordRepository.save would have stored them on one device, dated up to endDate. */
export function buildRows(
  table: RecordTable,
  count: number,
  seed: number,
  endDate: string,
  deviceId: string,
  spanDays?: number,
): SeedRow[] {
  return fieldsFor(table, count, seed, endDate, spanDays).map((fields) => {
    const now = new Date().toISOString()
    const stored = {
      ...fields,
      id: uuidv7(),
      createdAt: now,
      updatedAt: now,
      deviceId,
      deletedAt: null,
      rev: null,
    } as StoredRecord
    return { ...stored, ...indexKeysOf(table, stored) }
  })
}

/**
 * Waits until the app (already loading in `page`) has created its database with every record store, i.e. its
 * upgrade transaction has committed; returns the database's IndexedDB version. Never creates the database itself.
 */
export async function waitForAppDatabase(page: Page, name: string, timeoutMs = 30_000): Promise<number> {
  // A plain evaluate loop: page.waitForFunction does not reliably await an async predicate.
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const version = await page.evaluate(appDatabaseVersion, { name, stores: SEED_TABLES })
    if (version !== null) return version
    if (Date.now() > deadline) throw new Error(`the app did not create the database ${name} within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** In the page: the database's version once it exists with every record store, else null. */
async function appDatabaseVersion(arg: { name: string; stores: readonly string[] }): Promise<number | null> {
  const found = (await indexedDB.databases()).find((db) => db.name === arg.name)
  if (!found?.version) return null
  return new Promise((resolve) => {
    const request = indexedDB.open(arg.name)
    // Only when the database vanished in between: abort rather than create an empty one.
    request.onupgradeneeded = () => request.transaction?.abort()
    request.onerror = () => resolve(null)
    request.onsuccess = () => {
      const db = request.result
      const ready = arg.stores.every((store) => db.objectStoreNames.contains(store))
      const version = db.version
      db.close()
      resolve(ready ? version : null)
    }
  })
}

export interface BatchArg {
  dbName: string
  store: string
  rows: SeedRow[]
}

/** In the page: one readwrite transaction puts the whole batch. Returns the ms it took. */
export async function putBatch(arg: BatchArg): Promise<number> {
  const open = (): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const request = indexedDB.open(arg.dbName)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
      request.onupgradeneeded = () => reject(new Error('the app has not created its database yet'))
    })
  const db = await open()
  try {
    const t0 = performance.now()
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(arg.store, 'readwrite')
      const store = tx.objectStore(arg.store)
      for (const row of arg.rows) store.put(row)
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
    })
    return performance.now() - t0
  } finally {
    db.close()
  }
}

export async function countStores(arg: { dbName: string; stores: readonly string[] }): Promise<Record<string, number>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(arg.dbName)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const counts: Record<string, number> = {}
  for (const name of arg.stores) {
    counts[name] = await new Promise<number>((resolve, reject) => {
      const request = db.transaction(name, 'readonly').objectStore(name).count()
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  }
  db.close()
  return counts
}

/** Writes `count` generated records of each type into the database `dbName` from `page` (same origin). */
export interface SeedOptions {
  dbName: string
  dbVersion: number
  /** Records per table. */
  count: number
  batchSize: number
  seed: number
  /** The newest record date, 'YYYY-MM-DD': today, so that 首页's 本月 counts are not empty. */
  endDate: string
}

export async function seedRecords(page: Page, options: SeedOptions): Promise<SeedResult> {
  const { dbName, dbVersion, count, batchSize, seed, endDate } = options
  const deviceId = uuidv7()
  const counts = {} as Record<RecordTable, number>
  let wallMs = 0
  let idbMs = 0
  let batches = 0
  for (const table of SEED_TABLES) {
    const rows = buildRows(table, count, seed, endDate, deviceId)
    counts[table] = rows.length
    const t0 = performance.now()
    for (let i = 0; i < rows.length; i += batchSize) {
      idbMs += await page.evaluate(putBatch, { dbName, store: table, rows: rows.slice(i, i + batchSize) })
      batches++
    }
    wallMs += performance.now() - t0
  }
  const verified = await page.evaluate(countStores, { dbName, stores: SEED_TABLES })
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0)
  return { counts, total, wallMs, idbMs, batches, dbVersion, endDate, verified }
}

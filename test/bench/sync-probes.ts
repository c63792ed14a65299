/**
 * Code that runs inside the page for the Chromium sync figures (serialized by Playwright: each function may only
 * use what it defines itself). Nothing is added to the app: the probe watches what the screen shows (the 我的
 * page's 同步中 status line, `sync-progress`, present while a sync runs) and the Resource Timing entries of the
 * app's own requests; the baseline writes with a Dexie loaded into a page of its own from node_modules.
 */
import type { Dexie } from 'dexie'

export interface Transition {
  /** Whether `[data-testid="sync-progress"]` is in the document from this time on. */
  isPresent: boolean
  /** performance.now() of the MutationObserver callback that saw the change. */
  at: number
}

export type SyncProbeWindow = Window & { __syncBench?: { transitions: Transition[] } }

/** Init script: notes every time the sync status line appears or goes; keeps every Resource Timing entry. */
export function installSyncProbe(): void {
  performance.setResourceTimingBufferSize(5000)
  const transitions: Transition[] = []
  ;(window as SyncProbeWindow).__syncBench = { transitions }
  let isPresent = false
  const check = (): void => {
    const now = document.querySelector('[data-testid="sync-progress"]') !== null
    if (now === isPresent) return
    isPresent = now
    transitions.push({ isPresent: now, at: performance.now() })
  }
  // childList only: the line is inserted and removed by v-if; its text changing with the progress is not watched.
  new MutationObserver(check).observe(document, { childList: true, subtree: true })
}

export interface ApiTiming {
  path: string
  startTime: number
  responseEnd: number
  /** Body bytes as they came over the wire (gzip when the server compressed), and once decoded. */
  encodedBodySize: number
  decodedBodySize: number
}

export interface SyncProbeReading {
  transitions: Transition[]
  api: ApiTiming[]
  now: number
}

export function readSyncProbe(): SyncProbeReading {
  const api = performance
    .getEntriesByType('resource')
    .filter(
      (e): e is PerformanceResourceTiming =>
        e instanceof PerformanceResourceTiming && new URL(e.name).pathname.startsWith('/api/'),
    )
    .map((e) => ({
      path: new URL(e.name).pathname,
      startTime: e.startTime,
      responseEnd: e.responseEnd,
      encodedBodySize: e.encodedBodySize,
      decodedBodySize: e.decodedBodySize,
    }))
  return { transitions: [...((window as SyncProbeWindow).__syncBench?.transitions ?? [])], api, now: performance.now() }
}

export interface PendingSeed {
  table: string
  /** The record row as RecordRepository.write stores it, without deviceId (the device's, filled in here). */
  row: Record<string, unknown>
  /** Outbox fields that do not depend on the device. */
  mutationId: string
  changes: Record<string, unknown>
  createdAt: string
}

/**
 * In the page: writes records and their outbox entries as RecordRepository.save does (the device row's sequence
 * counter moves on with each), one raw IndexedDB transaction per call. Returns the ms to commit.
 */
export async function putPendingBatch(arg: {
  dbName: string
  tables: string[]
  seeds: PendingSeed[]
  newDeviceId: string
}): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(arg.dbName)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
    request.onupgradeneeded = () => reject(new Error('the app has not created its database yet'))
  })
  try {
    const t0 = performance.now()
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction([...arg.tables, 'outbox', 'meta'], 'readwrite')
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
      const meta = tx.objectStore('meta')
      const read = meta.get('device')
      read.onsuccess = () => {
        const device = (read.result as { key: 'device'; deviceId: string; lastSeq: number } | undefined) ?? {
          key: 'device',
          deviceId: arg.newDeviceId,
          lastSeq: 0,
        }
        let seq = device.lastSeq
        const outbox = tx.objectStore('outbox')
        for (const seed of arg.seeds) {
          seq += 1
          const recordId = seed.row.id as string
          tx.objectStore(seed.table).put({ ...seed.row, deviceId: device.deviceId })
          outbox.add({
            seq,
            mutationId: seed.mutationId,
            deviceId: device.deviceId,
            table: seed.table,
            recordId,
            op: 'create',
            changes: seed.changes,
            baseRev: null,
            createdAt: seed.createdAt,
          })
        }
        meta.put({ ...device, lastSeq: seq })
      }
    })
    return performance.now() - t0
  } finally {
    db.close()
  }
}

export interface BaselineResult {
  rows: number
  /** The Dexie loaded for the baseline (from node_modules: the same package the app bundles). */
  dexie: string
  /** One Dexie bulkPut per table into a fresh database of the app's schema, first call → last commit. */
  dexieMs: number
  /** One readwrite transaction per table, put() of each row, into another fresh database of the same schema. */
  rawMs: number
}

/**
 * In a page of the app's origin that does not run the app, with Dexie loaded as a script: reads every row of the
 * record tables of `dbName` (not timed), then writes the same objects into fresh databases, twice.
 */
export async function baselinePuts(arg: {
  dbName: string
  tables: string[]
  versions: { version: number; stores: Record<string, string> }[]
}): Promise<BaselineResult> {
  const DexieClass = (window as unknown as { Dexie: typeof Dexie }).Dexie
  const openRaw = (name: string): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const request = indexedDB.open(name)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
  const done = (tx: IDBTransaction): Promise<void> =>
    new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
    })
  const source = await openRaw(arg.dbName)
  const rows: Record<string, unknown[]> = {}
  for (const table of arg.tables) {
    const tx = source.transaction(table, 'readonly')
    const request = tx.objectStore(table).getAll()
    await done(tx)
    rows[table] = request.result as unknown[]
  }
  source.close()
  const fresh = async (name: string): Promise<void> => {
    const db = new DexieClass(name)
    for (const { version, stores } of arg.versions) db.version(version).stores(stores)
    await db.open()
    db.close()
  }

  const dexieName = `bench-baseline-dexie-${Math.random().toString(36).slice(2)}`
  const dexieDb = new DexieClass(dexieName)
  for (const { version, stores } of arg.versions) dexieDb.version(version).stores(stores)
  await dexieDb.open()
  const t0 = performance.now()
  for (const table of arg.tables) await dexieDb.table(table).bulkPut(rows[table]!)
  const dexieMs = performance.now() - t0
  dexieDb.close()
  await DexieClass.delete(dexieName)

  const rawName = `bench-baseline-raw-${Math.random().toString(36).slice(2)}`
  await fresh(rawName)
  const raw = await openRaw(rawName)
  const t1 = performance.now()
  for (const table of arg.tables) {
    const tx = raw.transaction(table, 'readwrite')
    const store = tx.objectStore(table)
    for (const row of rows[table]!) store.put(row)
    await done(tx)
  }
  const rawMs = performance.now() - t1
  raw.close()
  await DexieClass.delete(rawName)
  return {
    rows: Object.values(rows).reduce((sum, list) => sum + list.length, 0),
    dexie: DexieClass.semVer,
    dexieMs,
    rawMs,
  }
}

/**
 * Puts known records straight into the app's IndexedDB, stored as RecordRepository stores them (fields, bookkeeping,
 * index keys), for tests about what the app makes of many records (exports) rather than about typing them in.
 * No vitest imports (the screenshot script uses it).
 */
import type { Page } from 'playwright-core'
import { indexKeysOf } from '../../../src/app/db/index-keys'
import { recordTypes, type FieldsOf, type RecordTable, type StoredRecord } from '../../../src/shared/records'
import type { Conflict } from '../../../src/shared/sync/protocol'
import { putBatch, waitForAppDatabase, SEED_TABLES, type SeedRow } from '../../bench/seed'

const DB_NAME = 'xuesijian'
let serial = 0

export interface KnownRecord<T extends RecordTable> {
  fields: Partial<FieldsOf[T]>
  /** ISO time of deletion: a tombstone, which no export may show. */
  deletedAt?: string
  /** Versions of fields another phone wrote, kept for the person to settle (the conflict screen). */
  conflicts?: Conflict[]
}

function rowOf<T extends RecordTable>(table: T, record: KnownRecord<T>): SeedRow {
  serial++
  const now = new Date().toISOString()
  const id = `0190a000-0000-7000-8000-${String(serial).padStart(12, '0')}`
  const fields = { ...recordTypes[table].blank(now.slice(0, 10)), ...record.fields }
  const stored = {
    ...fields,
    id,
    createdAt: now,
    updatedAt: now,
    deviceId: 'e2e-seed',
    deletedAt: record.deletedAt ?? null,
    rev: null,
    conflicts: record.conflicts ?? [],
  } as StoredRecord<T>
  return { ...stored, ...indexKeysOf(table, stored) }
}

export type KnownRecords = { [T in RecordTable]?: KnownRecord<T>[] }

/** Waits for the app (loading in `page`) to create its database, then writes the records in one go per table. */
export async function putKnownRecords(page: Page, records: KnownRecords): Promise<void> {
  await waitForAppDatabase(page, DB_NAME)
  for (const table of SEED_TABLES) {
    const list = (records[table] ?? []) as KnownRecord<typeof table>[]
    if (list.length > 0)
      await page.evaluate(putBatch, { dbName: DB_NAME, store: table, rows: list.map((r) => rowOf(table, r)) })
  }
}

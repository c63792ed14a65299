/**
 * The pending records the Chromium push starts from: each record row and outbox entry as RecordRepository.save
 * writes them, built in Node and written into the app's database in the page (sync-probes.ts, putPendingBatch).
 * Saving 10,000 records through the app's forms would take far longer than the sync being measured.
 */
import { indexKeysOf } from '../../src/app/db/index-keys'
import { RecordRepository } from '../../src/app/db/repository'
import { XsjDatabase } from '../../src/app/db/schema'
import { uuidv7 } from '../../src/shared/ids'
import type { OutboxEntry } from '../../src/shared/outbox'
import type { FieldsOf, RecordTable } from '../../src/shared/records'
import { validateRecord } from '../../src/shared/validation'
import { mixedRecords } from './sync-node'
import type { PendingSeed } from './sync-probes'

/** The records and outbox entries RecordRepository.save would write for `count` generated records. */
export function pendingSeeds(count: number, seed: number, endDate: string): PendingSeed[] {
  return mixedRecords(count, seed, endDate).map(({ table, fields }) => pendingSeedOf(table, fields))
}

function pendingSeedOf(table: RecordTable, input: FieldsOf[RecordTable]): PendingSeed {
  const validation = validateRecord(table, input)
  if (!validation.ok)
    throw new Error(`the generator made an invalid ${table}: ${validation.errors.map((e) => e.message).join('; ')}`)
  const fields = validation.value
  const now = new Date().toISOString()
  const stored = {
    ...fields,
    id: uuidv7(),
    createdAt: now,
    updatedAt: now,
    deviceId: '',
    deletedAt: null,
    rev: null,
    conflicts: [],
  }
  const row = { ...stored, ...indexKeysOf(table, stored), syncState: 'pending' }
  return { table, row, mutationId: uuidv7(), changes: fields as unknown as Record<string, unknown>, createdAt: now }
}

/**
 * Saves one generated record of each type through RecordRepository.save (fake-indexeddb) and checks that the
 * seeded row and outbox entry have the same fields and values, apart from ids and times.
 */
export async function assertSeedsLikeRepository(seed: number, endDate: string): Promise<void> {
  const db = new XsjDatabase(`bench-shape-${uuidv7()}`)
  const repository = new RecordRepository(db)
  const volatile = new Set(['id', 'createdAt', 'updatedAt', 'deviceId', 'sortKey', 'mutationId', 'seq', 'recordId'])
  // A key holding undefined is a key not there (the outbox writer may store `resolves: undefined`; readers use `?? []`).
  const comparable = (value: Record<string, unknown>): string =>
    JSON.stringify(
      Object.keys(value)
        .filter((key) => value[key] !== undefined)
        .sort()
        .map((key) => [key, volatile.has(key) ? typeof value[key] : value[key]]),
    )
  try {
    for (const { table, fields } of mixedRecords(3, seed, endDate)) {
      const saved = await repository.save(table, fields)
      const row = (await db.records(table).get(saved.id)) as unknown as Record<string, unknown>
      const entry = (await db.outbox.where('[table+recordId]').equals([table, saved.id]).first())!
      const seeded = pendingSeedOf(table, fields)
      const seededEntry: OutboxEntry = {
        seq: 1,
        mutationId: seeded.mutationId,
        deviceId: 'x',
        table,
        recordId: 'x',
        op: 'create',
        changes: seeded.changes,
        baseRev: null,
        createdAt: seeded.createdAt,
      }
      if (comparable(row) !== comparable(seeded.row))
        throw new Error(
          `a seeded ${table} row differs from RecordRepository's:\n${comparable(row)}\n${comparable(seeded.row)}`,
        )
      if (
        comparable(entry as unknown as Record<string, unknown>) !==
        comparable(seededEntry as unknown as Record<string, unknown>)
      )
        throw new Error(`a seeded ${table} outbox entry differs from RecordRepository's`)
    }
  } finally {
    db.close()
    await db.delete()
  }
}

/**
 * What a record's row holds as JSON, kept in tables for queries: the units a personal record is shared with
 * (record_shares: whose views it belongs in when someone joins a unit) and the photo hashes it shows, its conflict
 * copies included (record_photos: which photos an account may fetch because it may read a record that shows them).
 */
import type { Transaction } from 'kysely'
import { photoHashesIn } from '../../shared/photo-refs'
import { recordTypes } from '../../shared/records'
import type { Database } from '../db/schema'
import type { OwnedRecord } from './record-rows'

const ROW_SLICE = 300

export async function indexRecords(trx: Transaction<Database>, records: readonly OwnedRecord[]): Promise<void> {
  if (records.length === 0) return
  for (const scope of new Set(records.map((r) => r.scope))) {
    const ids = records.filter((r) => r.scope === scope).map((r) => r.id)
    for (let i = 0; i < ids.length; i += ROW_SLICE) {
      const slice = ids.slice(i, i + ROW_SLICE)
      await trx.deleteFrom('record_shares').where('scope', '=', scope).where('record_id', 'in', slice).execute()
      await trx.deleteFrom('record_photos').where('scope', '=', scope).where('record_id', 'in', slice).execute()
    }
  }
  const shares = records.flatMap((r) =>
    r.sharedWith.map((unit) => ({ scope: r.scope, record_id: r.id, unit_id: unit })),
  )
  const photos = records.flatMap((r) => [...photosOf(r)].map((hash) => ({ scope: r.scope, record_id: r.id, hash })))
  for (let i = 0; i < shares.length; i += ROW_SLICE)
    await trx
      .insertInto('record_shares')
      .values(shares.slice(i, i + ROW_SLICE))
      .execute()
  for (let i = 0; i < photos.length; i += ROW_SLICE)
    await trx
      .insertInto('record_photos')
      .values(photos.slice(i, i + ROW_SLICE))
      .execute()
}

function photosOf(record: OwnedRecord): Set<string> {
  const specs = recordTypes[record.table].specs
  const hashes = photoHashesIn(specs, record.fields)
  for (const conflict of record.conflicts)
    if (conflict.kind === 'field') photoHashesIn(specs, { [conflict.field]: conflict.value }, hashes)
  return hashes
}

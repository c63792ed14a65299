/**
 * `blobs:collect`: removes photos no record of any account refers to, once they are older than a grace period. A
 * photo is referred to by a record's fields or by a conflict kept on it, on a live record or a tombstone (an edit
 * elsewhere can bring a deleted record back, with its photos). Removing one takes every account's row for it
 * (account_blobs) and its file; a file no row names (an upload that died before its row) goes the same way.
 *
 * References are read as every 64-hex-digit string in a record's data and conflicts: a superset of the photo
 * fields (shared/photo-refs.ts) that also covers nested rows, record types added later and values kept in
 * conflicts, at the cost of keeping a photo when a note happens to quote a hash. A photo kept by mistake costs
 * disk; one removed by mistake is lost from every phone that freed its original.
 *
 * While it runs the server goes on: records are read account by account in revision order, and the ones changed
 * meanwhile (a revision above the one noted at the start) are read again before anything is removed. A photo
 * uploaded meanwhile has a new row, which keeps it (the grace, and the check after its file is moved aside).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { BlobMaintenance } from './blob-maintenance'

const PAGE = 500
const HASH_IN_TEXT = /[0-9a-f]{64}/g

export interface CollectResult {
  /** Distinct hashes records refer to. */
  referenced: number
  /** Photo files removed. */
  removed: number
  /** account_blobs rows removed. */
  rows: number
  freedBytes: number
  /** Unreferenced photos kept because they are newer than the grace period. */
  tooRecent: number
}

export async function collectUnreferencedBlobs(
  db: Kysely<Database>,
  store: BlobMaintenance,
  options: { olderThan: Date },
): Promise<CollectResult> {
  const cutoff = options.olderThan.toISOString()
  const revsAtStart = await ownerRevisions(db)
  const referenced = new Set<string>()
  for (const ownerId of revsAtStart.keys()) await readReferences(db, ownerId, 0, referenced)

  const held = await db
    .selectFrom('account_blobs')
    .select(['hash'])
    .select((eb) => [eb.fn.max('created_at').as('newest'), eb.fn.max('size').as('size')])
    .groupBy('hash')
    .execute()
  const heldHashes = new Set(held.map((row) => row.hash))
  const candidates = new Map<string, number>()
  let tooRecent = 0
  for (const row of held) {
    if (referenced.has(row.hash)) continue
    if (String(row.newest) >= cutoff) tooRecent++
    else candidates.set(row.hash, Number(row.size))
  }
  for await (const blob of store.storedBlobs()) {
    if (heldHashes.has(blob.hash) || referenced.has(blob.hash)) continue
    if (blob.modifiedAt >= options.olderThan) tooRecent++
    else candidates.set(blob.hash, blob.size)
  }

  // Changes pushed while the records were read, and accounts and units made meanwhile.
  for (const ownerId of (await ownerRevisions(db)).keys())
    await readReferences(db, ownerId, revsAtStart.get(ownerId) ?? 0, referenced)

  const result: CollectResult = { referenced: referenced.size, removed: 0, rows: 0, freedBytes: 0, tooRecent }
  for (const hash of candidates.keys()) {
    if (referenced.has(hash)) continue
    const deleted = await db
      .deleteFrom('account_blobs')
      .where('hash', '=', hash)
      .where('created_at', '<', cutoff)
      .executeTakeFirst()
    result.rows += Number(deleted.numDeletedRows)
    const freed = await store.removeStored(
      hash,
      async () =>
        (await db.selectFrom('account_blobs').select('hash').where('hash', '=', hash).limit(1).executeTakeFirst()) !==
        undefined,
    )
    if (freed > 0) result.removed++
    result.freedBytes += freed
  }
  return result
}

/** Every owner of records (accounts, and units since they exist) with its revision counter as it stands. */
async function ownerRevisions(db: Kysely<Database>): Promise<Map<string, number>> {
  const accounts = await db.selectFrom('accounts').select(['id', 'last_rev']).execute()
  const units = await db.selectFrom('units').select(['id', 'last_rev']).execute()
  return new Map([...accounts, ...units].map((row) => [row.id, Number(row.last_rev)]))
}

/** Adds the hashes the owner's records with a revision above `afterRev` refer to. */
async function readReferences(
  db: Kysely<Database>,
  ownerId: string,
  afterRev: number,
  into: Set<string>,
): Promise<void> {
  for (let cursor = afterRev; ;) {
    const rows = await db
      .selectFrom('records')
      .select(['rev', 'data', 'conflicts'])
      .where('scope', '=', ownerId)
      .where('rev', '>', cursor)
      .orderBy('rev')
      .limit(PAGE)
      .execute()
    for (const row of rows) {
      for (const text of [row.data, row.conflicts]) for (const hash of text.match(HASH_IN_TEXT) ?? []) into.add(hash)
    }
    if (rows.length < PAGE) return
    cursor = Number(rows.at(-1)!.rev)
  }
}

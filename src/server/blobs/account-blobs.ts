/**
 * Which account holds which blob (migrations/0003-account-blobs.ts), and who may read one: the accounts that
 * uploaded its bytes, and (docs/units.md) those that may read a record showing it, once some account uploaded it.
 */
import type { Kysely } from 'kysely'
import type { AttachmentType } from '../../shared/attachments'
import type { Database } from '../db/schema'

export interface HeldBlob {
  hash: string
  size: number
  type: AttachmentType
}

export async function heldBlob(db: Kysely<Database>, accountId: string, hash: string): Promise<HeldBlob | null> {
  const row = await db
    .selectFrom('account_blobs')
    .select(['hash', 'size', 'type'])
    .where('account_id', '=', accountId)
    .where('hash', '=', hash)
    .executeTakeFirst()
  return row ? { hash: row.hash, size: row.size, type: row.type as AttachmentType } : null
}

/** Records that the account uploaded the bytes; a second finish of the same upload (another instance) changes nothing. */
export async function recordHeldBlob(db: Kysely<Database>, accountId: string, blob: HeldBlob): Promise<void> {
  await db
    .insertInto('account_blobs')
    .values({
      account_id: accountId,
      hash: blob.hash,
      size: blob.size,
      type: blob.type,
      created_at: new Date().toISOString(),
    })
    .onConflict((conflict) => conflict.columns(['account_id', 'hash']).doNothing())
    .execute()
}

/**
 * A photo the account may read: one it uploaded, or one that a record it may read shows (a unit's session its
 * secretary photographed), once any account has uploaded the bytes. Knowing a hash still gives nothing.
 */
export async function readableBlob(db: Kysely<Database>, accountId: string, hash: string): Promise<HeldBlob | null> {
  const own = await heldBlob(db, accountId, hash)
  if (own) return own
  const shown = await db
    .selectFrom('record_photos as p')
    .innerJoin('feed as f', (join) => join.onRef('f.scope', '=', 'p.scope').onRef('f.record_id', '=', 'p.record_id'))
    .select('p.hash')
    .where('p.hash', '=', hash)
    .where('f.account_id', '=', accountId)
    .where('f.is_gone', '=', 0)
    .limit(1)
    .executeTakeFirst()
  if (!shown) return null
  const row = await db
    .selectFrom('account_blobs')
    .select(['hash', 'size', 'type'])
    .where('hash', '=', hash)
    .limit(1)
    .executeTakeFirst()
  return row ? { hash: row.hash, size: row.size, type: row.type as AttachmentType } : null
}

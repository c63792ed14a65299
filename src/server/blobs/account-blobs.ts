/** Which account holds which blob (migrations/0003-account-blobs.ts): the only thing that gives read access. */
import type { Kysely } from 'kysely'
import type { AttachmentType } from '../../shared/attachments'
import type { Database } from '../db/schema'

export interface HeldBlob {
  hash: string
  size: number
  type: AttachmentType
}

export async function heldBlob(db: Kysely<Database>, accountId: string, hash: string): Promise<HeldBlob | null> {
  const row = await db.selectFrom('account_blobs').select(['hash', 'size', 'type']).where('account_id', '=', accountId).where('hash', '=', hash).executeTakeFirst()
  return row ? { hash: row.hash, size: row.size, type: row.type as AttachmentType } : null
}

/** Records that the account uploaded the bytes; a second finish of the same upload (another instance) changes nothing. */
export async function recordHeldBlob(db: Kysely<Database>, accountId: string, blob: HeldBlob): Promise<void> {
  await db
    .insertInto('account_blobs')
    .values({ account_id: accountId, hash: blob.hash, size: blob.size, type: blob.type, created_at: new Date().toISOString() })
    .onConflict((conflict) => conflict.columns(['account_id', 'hash']).doNothing())
    .execute()
}

/**
 * Which account holds which photo. The bytes are stored once per hash (src/server/blobs/), but an account may
 * read a hash only after it uploaded those bytes itself: a row here is that proof, so knowing a hash (seen in a
 * shared screenshot, say) never gives access to the photo.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_blobs')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('account_blobs_pk', ['account_id', 'hash'])
    .execute()
  // For a later clean-up of bytes no account holds any more: "who else holds this hash".
  await db.schema.createIndex('account_blobs_hash').on('account_blobs').column('hash').execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_blobs').execute()
}

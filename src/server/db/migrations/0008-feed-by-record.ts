/**
 * The views' rows found by record (feed is keyed by account, then owner, then record): a push looks up the records it
 * names among those the account may read without knowing their owner, a purge and a photo's access check go from a
 * record to its rows. Without this index each of those read every row of the account's view (or of every view) on
 * SQLite, so a unit's pushes slowed down as its records grew: 1,532, then 1,143, then 915 mutations per second over
 * three runs of the bench on one database.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('feed_record').on('feed').columns(['record_id', 'account_id']).execute()
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('feed_record').execute()
}

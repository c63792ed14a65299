/**
 * The server's timeline: a random id sent with every pull. A new one (`npm run admin -- sync:new-timeline`, after
 * restoring a backup) tells every device that revisions it has seen may have been handed out again, so it must
 * check all its records against the server once (a full resync that keeps and re-sends its own).
 */
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { uuidv7 } from '../../../shared/ids'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('server_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()
  await sql`insert into server_meta (key, value) values ('timeline', ${uuidv7()})`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('server_meta').execute()
}

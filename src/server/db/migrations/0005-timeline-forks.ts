/**
 * Where each timeline began (docs/sync-protocol.md §7, "Restoring the server from a backup"). `sync:new-timeline`,
 * run after a restore, records the new timeline with the one it forked from (the restored database's) and, per
 * account, the fork revision: the counter the restored database holds, the last revision both histories share.
 * A device that still holds the old timeline is told that revision, so it can tell which of its values the
 * server lost. Timelines form a chain (a server restored twice knows how each began).
 */
import type { Kysely } from 'kysely'
import { sql } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('timelines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('timeline_forks')
    .addColumn('timeline', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('fork_rev', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('timeline_forks_pk', ['timeline', 'account_id'])
    .execute()
  // The timeline in use now has no known beginning: a device on it never needs one.
  await sql`insert into timelines (id, parent, created_at) select value, null, ${new Date().toISOString()} from server_meta where key = 'timeline'`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('timeline_forks').execute()
  await db.schema.dropTable('timelines').execute()
}

/**
 * Units, memberships and reviewers; records owned by an account or a unit; and each account's view of what it may
 * read, under one cursor (docs/units.md).
 *
 * - records: `account_id` becomes `scope`, the owner (an account's id, or a unit's), and the key (scope, id); the
 *   account that made the record is `author_id`; `unit_id` is set for a unit's record; `shared_with` lists the units
 *   a personal record is shared with (as JSON, sent as it is; record_shares holds the same for queries).
 * - feed: one row per (account, record) the account may read, or read and may no longer (`is_gone`), at a position
 *   from one server-wide counter (counters.feed). Existing records get a row for their owner at the position of
 *   their revision, and the counter starts above every account's, so every device's cursor keeps its meaning.
 * - record_photos: which record shows which photo hash, so a member may fetch a photo of a record they may read.
 * - device_no of a unit record's bookkeeping: devices are named there by their UUID (two accounts' devices share
 *   numbers); nothing to migrate, no unit record exists yet.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const isPostgres = db.getExecutor().adapter instanceof PostgresAdapter
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('last_rev', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('units_parent').on('units').column('parent_id').execute()
  await db.schema
    .createTable('memberships')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('can_record', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['unit_id', 'account_id'])
    .execute()
  await db.schema.createIndex('memberships_account').on('memberships').column('account_id').execute()
  await db.schema
    .createTable('unit_reviewers')
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('unit_reviewers_pk', ['unit_id', 'account_id'])
    .execute()
  await db.schema.createIndex('unit_reviewers_account').on('unit_reviewers').column('account_id').execute()

  if (isPostgres) {
    await sql`alter table records rename column account_id to scope`.execute(db)
    await sql`alter table records drop constraint if exists records_account_id_fkey`.execute(db)
    await sql`alter table records add column author_id text`.execute(db)
    await sql`update records set author_id = scope`.execute(db)
    await sql`alter table records alter column author_id set not null`.execute(db)
    await sql`alter table records add column unit_id text`.execute(db)
    await sql`alter table records add column shared_with text not null default '[]'`.execute(db)
  } else {
    await sql`create table records_by_scope (
      scope text not null, id text not null, author_id text not null, unit_id text, tbl text not null, rev integer not null,
      data text not null, field_revs text not null, conflicts text not null, shared_with text not null default '[]',
      created_at text not null, updated_at text not null, device_id text not null, deleted_at text, changed_at text not null,
      primary key (scope, id)
    )`.execute(db)
    await sql`insert into records_by_scope (scope, id, author_id, unit_id, tbl, rev, data, field_revs, conflicts, created_at, updated_at, device_id, deleted_at, changed_at)
      select account_id, id, account_id, null, tbl, rev, data, field_revs, conflicts, created_at, updated_at, device_id, deleted_at, changed_at from records`.execute(
      db,
    )
    await sql`drop table records`.execute(db)
    await sql`alter table records_by_scope rename to records`.execute(db)
    await sql`create unique index records_account_rev on records (scope, rev)`.execute(db)
  }

  await db.schema
    .createTable('record_shares')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_shares_pk', ['scope', 'record_id', 'unit_id'])
    .execute()
  await db.schema.createIndex('record_shares_unit').on('record_shares').column('unit_id').execute()
  await db.schema
    .createTable('record_photos')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_photos_pk', ['scope', 'record_id', 'hash'])
    .execute()
  await db.schema.createIndex('record_photos_hash').on('record_photos').column('hash').execute()

  await db.schema
    .createTable('feed')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('tbl', 'text', (c) => c.notNull())
    .addColumn('pos', 'bigint', (c) => c.notNull())
    .addColumn('is_gone', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('feed_pk', ['account_id', 'scope', 'record_id'])
    .execute()
  await db.schema.createIndex('feed_account_pos').on('feed').columns(['account_id', 'pos']).unique().execute()
  await sql`insert into feed (account_id, scope, record_id, tbl, pos, is_gone) select scope, scope, id, tbl, rev, 0 from records`.execute(
    db,
  )

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute()
  await sql`insert into counters (name, value) select 'feed', coalesce(max(last_rev), 0) from accounts`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('migration 0007 (units and views) cannot be undone: restore a backup taken before it')
}

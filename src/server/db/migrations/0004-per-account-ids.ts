/**
 * Record ids become per account, and counters 64-bit on every engine.
 *
 * - The records table's key was the record id alone, so an id one account had used could not be created by another:
 *   whoever pushed an id first owned it, and a device whose record id was taken had every push refused (a client
 *   may choose any id). Keyed by (account, id), each account has its own ids and no account can block another.
 * - Revisions, sequence numbers and counters were `integer` on PostgreSQL (32-bit), while the protocol allows up to
 *   2^53 − 1 and SQLite's integers are 64-bit already: a seq of 2^31 answered 500 on PostgreSQL only.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely'

const WIDENED = [
  ['accounts', 'last_rev'],
  ['accounts', 'purged_rev'],
  ['devices', 'last_seq'],
  ['records', 'rev'],
  ['mutations', 'seq'],
] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const [table, column] of WIDENED)
      await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type bigint`.execute(db)
    await sql`alter table records drop constraint records_pkey`.execute(db)
    await sql`alter table records add primary key (account_id, id)`.execute(db)
    return
  }
  // SQLite cannot change a table's key: the table is built again under the new key and the rows copied over.
  await sql`create table records_by_account (
    id text not null, account_id text not null references accounts (id), tbl text not null, rev integer not null,
    data text not null, field_revs text not null, conflicts text not null, created_at text not null,
    updated_at text not null, device_id text not null, deleted_at text, changed_at text not null,
    primary key (account_id, id)
  )`.execute(db)
  await sql`insert into records_by_account select id, account_id, tbl, rev, data, field_revs, conflicts, created_at, updated_at, device_id, deleted_at, changed_at from records`.execute(
    db,
  )
  await sql`drop table records`.execute(db)
  await sql`alter table records_by_account rename to records`.execute(db)
  await sql`create unique index records_account_rev on records (account_id, rev)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table records drop constraint records_pkey`.execute(db)
    await sql`alter table records add primary key (id)`.execute(db)
    for (const [table, column] of WIDENED)
      await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} type integer`.execute(db)
  }
}

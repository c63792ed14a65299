/**
 * Rows a write transaction must hold alone until it commits, taken the way the engine needs: on PostgreSQL, where
 * several instances write at once, `SELECT … FOR UPDATE` makes the next transaction wait for this one; SQLite runs
 * one write transaction at a time, so a plain read is already alone. The engine is read from the connection, so no
 * caller can forget to ask for the lock.
 */
import { PostgresAdapter, type SelectQueryBuilder, type Transaction } from 'kysely'
import type { Database } from './schema'

export function isPostgres(trx: Transaction<Database>): boolean {
  return trx.getExecutor().adapter instanceof PostgresAdapter
}

export function forWrite<DB, TB extends keyof DB, O>(
  trx: Transaction<Database>,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return isPostgres(trx) ? query.forUpdate() : query
}

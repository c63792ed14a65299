/**
 * The record types' table names alone. Kept apart from the field definitions (and their zod schemas) so that the
 * database and the app shell can name the tables without loading what only forms and validation need.
 */
/** What a person writes in forms and finds in lists, search and exports. */
export const RECORD_TABLES = ['studySessions', 'readingNotes', 'visits'] as const
export type RecordTable = (typeof RECORD_TABLES)[number]

/**
 * Everything that syncs: the records above, and the packet events of 一学一报 (docs/review.md), which travel as records
 * of a fourth kind (owned by a unit, create-only) but are never listed, searched or edited as records are.
 */
export const SYNCED_TABLES = [...RECORD_TABLES, 'reviewEvents'] as const
export type SyncedTable = (typeof SYNCED_TABLES)[number]

/** Whether a synced table is one of the records a person writes (lists, search and forms follow only those). */
export function isRecordTable(table: SyncedTable): table is RecordTable {
  return (RECORD_TABLES as readonly string[]).includes(table)
}

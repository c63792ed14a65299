/**
 * The record types' table names alone. Kept apart from the field definitions (and their zod schemas) so that the
 * database and the app shell can name the tables without loading what only forms and validation need.
 */
export const RECORD_TABLES = ['studySessions', 'readingNotes', 'visits'] as const
export type RecordTable = (typeof RECORD_TABLES)[number]

/**
 * Where each record type's screens live, and the one place a path to them is built: the router declares its routes
 * from TABLE_PATHS, and every link, redirect and back button asks recordPath() and its siblings. Pages import this,
 * not the router, so no screen depends on the module that loads it.
 */
import type { RecordTable } from '../shared/records'

export const TABLE_PATHS = {
  studySessions: 'study',
  readingNotes: 'notes',
  visits: 'visits',
} as const satisfies Record<RecordTable, string>

/** A record's own screens: what it holds, its form, its conflicts to settle. */
export type RecordScreen = 'detail' | 'edit' | 'conflicts'

/** The list of one record type: /study, /notes, /visits. */
export function listPath(table: RecordTable): string {
  return `/${TABLE_PATHS[table]}`
}

/** The three lists' paths, where a start may land (first-page.ts, first-screen.ts). */
export const LIST_PATHS: ReadonlySet<string> = new Set(Object.values(TABLE_PATHS).map((path) => `/${path}`))

/** The empty form of a new record. */
export function newRecordPath(table: RecordTable): string {
  return `${listPath(table)}/new`
}

export function recordPath(table: RecordTable, id: string, screen: RecordScreen = 'detail'): string {
  const path = `${listPath(table)}/${id}`
  return screen === 'detail' ? path : `${path}/${screen}`
}

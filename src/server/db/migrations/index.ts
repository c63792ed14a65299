/**
 * Every schema change is a numbered migration run by Kysely's Migrator at start-up; none is ever edited once
 * released. Listed here explicitly (not read from a folder) so that a bundled or type-checked server has them all.
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as initial from './0001-initial'
import * as timeline from './0002-timeline'
import * as accountBlobs from './0003-account-blobs'
import * as perAccountIds from './0004-per-account-ids'
import * as timelineForks from './0005-timeline-forks'
import * as signInThrottle from './0006-sign-in-throttle'
import * as unitsAndViews from './0007-units-and-views'
import * as feedByRecord from './0008-feed-by-record'

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-timeline': timeline,
  '0003-account-blobs': accountBlobs,
  '0004-per-account-ids': perAccountIds,
  '0005-timeline-forks': timelineForks,
  '0006-sign-in-throttle': signInThrottle,
  '0007-units-and-views': unitsAndViews,
  '0008-feed-by-record': feedByRecord,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}

/**
 * Every schema change is a numbered migration run by Kysely's Migrator at start-up; none is ever edited once
 * released. Listed here explicitly (not read from a folder) so that a bundled or type-checked server has them all.
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as initial from './0001-initial'
import * as timeline from './0002-timeline'
import * as accountBlobs from './0003-account-blobs'

const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-timeline': timeline,
  '0003-account-blobs': accountBlobs,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}

/**
 * Which database engine the server tests run on, and a fresh database for each test server. SQLite always (a file
 * in a temporary directory); PostgreSQL when the `postgres` test project runs them (XSJ_TEST_ENGINE=postgres), each
 * test server in a database of its own, created from TEST_DATABASE_URL and dropped when it closes.
 */
import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { uuidv7 } from '../../src/shared/ids'
import { DEFAULT_DATABASE_FILE, type DatabaseEngine } from '../../src/server/db/open'

export const TEST_ENGINE: DatabaseEngine = process.env.XSJ_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite'

export interface TestDatabase {
  /** The DATABASE_URL for the server; '' for SQLite (the file under the data directory). */
  url: string
  /**
   * Takes a copy of the database as it is now, and returns what puts that copy back in its place: a backup and its
   * restore. Both must run while no server has the database open.
   */
  backup: () => Promise<() => Promise<void>>
  drop: () => Promise<void>
}

export async function freshTestDatabase(dataDir: string, engine: DatabaseEngine = TEST_ENGINE): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const file = join(dataDir, DEFAULT_DATABASE_FILE)
    return {
      url: '',
      backup: async () => {
        const copy = join(dataDir, `backup-${uuidv7()}.sqlite`)
        copyFileSync(file, copy)
        return async () => {
          for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
          copyFileSync(copy, file)
        }
      },
      drop: () => Promise.resolve(),
    }
  }
  const admin = process.env.TEST_DATABASE_URL
  if (!admin)
    throw new Error(
      'TEST_DATABASE_URL is not set: the postgres test project needs a PostgreSQL server to create databases on',
    )
  const name = `xsj_test_${uuidv7().replace(/-/g, '').slice(-16)}`
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE ${name}`))
  const url = new URL(admin)
  url.pathname = `/${name}`
  const copies: string[] = []
  return {
    url: url.toString(),
    backup: async () => {
      const copy = `${name}_b${copies.length}`
      copies.push(copy)
      await withAdmin(admin, (client) => client.query(`CREATE DATABASE ${copy} TEMPLATE ${name}`))
      return () =>
        withAdmin(admin, async (client) => {
          await client.query(`DROP DATABASE ${name} WITH (FORCE)`)
          await client.query(`CREATE DATABASE ${name} TEMPLATE ${copy}`)
        })
    },
    drop: () =>
      withAdmin(admin, async (client) => {
        for (const database of [name, ...copies]) await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      }),
  }
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

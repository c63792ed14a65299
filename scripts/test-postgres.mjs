// `npm run test:postgres`: the server's and the sync engine's tests again, on PostgreSQL (each test server in a
// database of its own, created and dropped on the server TEST_DATABASE_URL names). Without one, says why in one line.
import { spawnSync } from 'node:child_process'
import pg from 'pg'

const url = process.env.TEST_DATABASE_URL
if (!url) {
  console.log(
    'PostgreSQL tests skipped: TEST_DATABASE_URL is not set (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres).',
  )
  process.exit(0)
}
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
try {
  await client.connect()
  await client.query('select 1')
} catch (error) {
  console.log(
    `PostgreSQL tests skipped: no PostgreSQL answers at TEST_DATABASE_URL (${error instanceof Error ? error.message : String(error)}).`,
  )
  process.exit(0)
} finally {
  await client.end().catch(() => undefined)
}
const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--project', 'postgres'], {
  stdio: 'inherit',
})
process.exit(run.status ?? 1)

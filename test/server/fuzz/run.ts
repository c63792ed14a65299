/**
 * `npm run fuzz -- --requests 200000 [--seed N] [--postgres URL] [--minutes M] [--no-shrink]`: the fuzz of every HTTP endpoint (fuzz-run.ts)
 * against a fresh server, on SQLite or on PostgreSQL (a database created and dropped there). Prints the request
 * count, the answers by status and by route, and every failure with a reproduction; exits 1 if there was one.
 */
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    seed: { type: 'string', default: '1' },
    postgres: { type: 'string' },
    minutes: { type: 'string' },
    'no-shrink': { type: 'boolean', default: false },
  },
})
if (values.postgres) {
  process.env.XSJ_TEST_ENGINE = 'postgres'
  process.env.TEST_DATABASE_URL = values.postgres
}
// Imported after the engine is chosen: the test harness reads it when it loads.
const { createFuzzServer, formatReport, runFuzz } = await import('./fuzz-run')
const { server, errors } = await createFuzzServer()
try {
  const report = await runFuzz(server, errors, {
    seed: Number(values.seed),
    requests: Number(values.requests),
    maxSeconds: values.minutes ? Number(values.minutes) * 60 : undefined,
    shouldShrink: !values['no-shrink'],
    onProgress: (sent, progress) =>
      console.log(`${sent} requests, ${progress.seconds.toFixed(0)} s, ${progress.failures.length} failures so far`),
  })
  console.log(formatReport(report))
  process.exitCode = report.failures.length > 0 ? 1 : 0
} finally {
  await server.close()
}

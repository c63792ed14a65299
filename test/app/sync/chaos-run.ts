/**
 * `npm run chaos -- --seeds 1000 [--from 1] [--devices N] [--steps N] [--trace] [--postgres URL [--instances 2]] [--units]`:
 * runs the randomized convergence test (chaos-scenario.ts; with `--units`, the one with several accounts in a unit,
 * chaos-units.ts) on many seeds and stops at the first failing one,
 * printing it so it can be replayed; `--trace` prints every step and every pushed mutation with the server's answer
 * (for one seed at a time); `--postgres` runs the server on PostgreSQL (a database per seed, created and dropped
 * there), `--instances 2` as two instances on it.
 */
import 'fake-indexeddb/auto'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '100' },
    from: { type: 'string', default: '1' },
    devices: { type: 'string' },
    steps: { type: 'string' },
    trace: { type: 'boolean', default: false },
    postgres: { type: 'string' },
    instances: { type: 'string', default: '1' },
    units: { type: 'boolean', default: false },
  },
})
if (values.postgres) {
  process.env.XSJ_TEST_ENGINE = 'postgres'
  process.env.TEST_DATABASE_URL = values.postgres
}
// Imported after the engine is chosen: the test harness reads it when it loads.
const { runChaos } = await import('./chaos-scenario')
const { runUnitsChaos } = await import('./chaos-units')
const count = Number(values.seeds)
const from = Number(values.from)
const options = {
  devices: values.devices ? Number(values.devices) : undefined,
  steps: values.steps ? Number(values.steps) : undefined,
  trace: values.trace ? (line: string) => console.log(line) : undefined,
  instances: values.instances === '2' ? (2 as const) : (1 as const),
}
const started = performance.now()
const totals = { mutations: 0, conflicts: 0, restarts: 0, faults: 0, restores: 0, photos: 0, kills: 0 }
const unitTotals = { mutations: 0, unitRecords: 0, refused: 0, memberships: 0, faults: 0, steps: 0, stepsRefused: 0 }
for (let seed = from; seed < from + count; seed++) {
  const run = values.units
    ? runUnitsChaos(seed, { ...options, steps: options.steps }).then((r) => ({ ...r, stats: null, units: r.stats }))
    : runChaos(seed, options).then((r) => ({ ...r, units: null }))
  const report = await run.catch((error: unknown) => ({
    seed,
    violations: [`threw: ${error instanceof Error ? error.stack : String(error)}`],
    stats: null,
    units: null,
  }))
  if (report.violations.length > 0) {
    console.error(`seed ${seed} FAILED after ${seed - from} passing seeds:\n  ${report.violations.join('\n  ')}`)
    console.error(`replay: npm run chaos -- --seeds 1 --from ${seed}`)
    process.exit(1)
  }
  if (report.stats) for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += report.stats[key]
  if (report.units)
    for (const key of Object.keys(unitTotals) as (keyof typeof unitTotals)[]) unitTotals[key] += report.units[key]
  if ((seed - from + 1) % 50 === 0) console.log(`${seed - from + 1} seeds passed…`)
}
const seconds = (performance.now() - started) / 1000
if (values.units) {
  console.log(
    `all ${count} seeds with units passed (${from}–${from + count - 1}) in ${seconds.toFixed(1)} s: ${unitTotals.mutations} mutations applied, ${unitTotals.unitRecords} unit records, ${unitTotals.memberships} membership changes, ${unitTotals.refused} changes refused and kept, ${unitTotals.steps} packet and plan steps (${unitTotals.stepsRefused} refused and kept), ${unitTotals.faults} injected faults`,
  )
  process.exit(0)
}
console.log(
  `all ${count} seeds passed (${from}–${from + count - 1}) in ${seconds.toFixed(1)} s: ${totals.mutations} mutations applied, ${totals.faults} injected faults, ${totals.restarts} server restarts, ${totals.kills} kills inside photo uploads (${totals.photos} photos), ${totals.restores} restores from a backup, ${totals.conflicts} conflicts kept`,
)

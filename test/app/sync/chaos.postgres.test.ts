import { describe, expect, it } from 'vitest'
import { runChaos } from './chaos-scenario'

/** Runs only in the postgres test project: phones spread over two server instances on one PostgreSQL database. */
const SEEDS = Array.from({ length: 12 }, (_, i) => i + 101)

describe('randomized convergence with two server instances on one PostgreSQL database', () => {
  it.each(SEEDS)(
    'seed %i: every phone ends with the server’s records, no write lost, none applied twice',
    async (seed) => {
      const report = await runChaos(seed, { instances: 2 })
      expect(report.violations).toEqual([])
      expect(report.stats.mutations).toBeGreaterThan(0)
    },
  )
})

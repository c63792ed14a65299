import { describe, expect, it } from 'vitest'
import { runUnitsChaos } from './chaos-units'

/** Runs only in the postgres test project: phones spread over two server instances on one PostgreSQL database. */
const SEEDS = Array.from({ length: 8 }, (_, i) => i + 201)

describe('randomized convergence with units on two server instances on one PostgreSQL database', () => {
  it.each(SEEDS)(
    'seed %i: every phone holds what its account may read, as the server does; nothing written is lost',
    async (seed) => {
      const report = await runUnitsChaos(seed, { instances: 2 })
      expect(report.violations).toEqual([])
      expect(report.stats.mutations).toBeGreaterThan(0)
    },
  )
})

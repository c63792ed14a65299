import { describe, expect, it } from 'vitest'
import { runUnitsChaos } from './chaos-units'

/** Fixed seeds for every run of npm test; `npm run chaos -- --units --seeds 1000` tries many more. */
const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1)

describe('randomized convergence with units, roles and shares changing mid-run', () => {
  it.each(SEEDS)(
    'seed %i: every phone holds what its account may read, as the server does; nothing written is lost',
    async (seed) => {
      const report = await runUnitsChaos(seed)
      expect(report.violations).toEqual([])
      expect(report.stats.mutations).toBeGreaterThan(0)
    },
  )
})

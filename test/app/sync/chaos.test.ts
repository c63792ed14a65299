import { describe, expect, it } from 'vitest'
import { runChaos } from './chaos-scenario'

/** Fixed seeds for every run of npm test; `npm run chaos -- --seeds 1000` tries many more. */
const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1)

describe('randomized convergence under faults', () => {
  it.each(SEEDS)(
    'seed %i: every phone ends with the server’s records, no write lost, none applied twice',
    async (seed) => {
      const report = await runChaos(seed)
      expect(report.violations).toEqual([])
      expect(report.stats.mutations).toBeGreaterThan(0)
    },
  )
})

import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/**
 * `npm run chaos` is the README's way to try many seeds, and it runs outside vitest: it once crashed before its
 * first seed because a helper it imported registered vitest hooks. Its own entry runs here on two seeds.
 */
describe('npm run chaos', () => {
  it('runs its entry outside the test runner and passes two seeds', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'test/app/sync/chaos-run.ts', '--seeds', '2', '--from', '7'],
      { encoding: 'utf8', timeout: 60_000 },
    )
    expect(run.stderr).not.toMatch(/Vitest failed|FAILED|Error/)
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/all 2 seeds passed \(7–8\)/)
  })
})

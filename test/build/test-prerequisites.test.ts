/** A fresh machine: `npm test` stops at once with the one command that installs what it lacks (scripts/test-prerequisites.mjs). */
import { spawnSync } from 'node:child_process'
import { expect, it } from 'vitest'

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['scripts/test-prerequisites.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, XSJ_NO_APT: '1', ...env },
  })
  return { status: result.status, text: `${result.stdout}${result.stderr}` }
}

it('stops npm test at once, naming what is missing and the one command to install it', () => {
  const before = run([], { CHROMIUM_PATH: '/nowhere/chromium' })
  expect(before.status).toBe(1)
  expect(before.text).toContain('Chromium (the browser tests; another can be named with CHROMIUM_PATH)')
  expect(before.text).toMatch(/\n {2}(sudo )?apt-get install -y --no-install-recommends chromium\n/)
})

it('lets npm install finish, saying what npm test will lack', () => {
  const after = run(['--after-install'], { CHROMIUM_PATH: '/nowhere/chromium' })
  expect(after.status).toBe(0)
  expect(after.text).toContain('apt-get install -y --no-install-recommends chromium')
})

it('says nothing and lets npm test go on when everything is there (as on this machine)', () => {
  expect(run([], {})).toEqual({ status: 0, text: '' })
})

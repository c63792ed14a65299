/**
 * 用户管理 opened by its address (a reload, a bookmark): the page must wait for the stored token before asking the
 * server for the accounts, or it sends none and says 登录已失效 to someone who is signed in.
 */
import { describe, expect, it } from 'vitest'
import { accountRow, setUpAdministrator } from './support/accounts'
import { setupE2e } from './support/suite'

const suite = setupE2e()

const RELOADS = 10

describe('用户管理 by its address', () => {
  it(`lists the accounts on each of ${RELOADS} reloads, never saying 登录已失效`, async () => {
    const { page } = await suite.openPhone()
    await setUpAdministrator(page, 'reload-admin', '管理员')
    const outcomes: string[] = []
    for (let i = 0; i < RELOADS; i++) {
      await page.goto('/admin/accounts')
      const listed = accountRow(page, 'reload-admin')
      const refused = page.locator('.van-empty')
      await listed.or(refused).first().waitFor()
      outcomes.push((await listed.isVisible()) ? 'listed' : `refused: ${(await refused.innerText()).trim()}`)
    }
    expect(outcomes).toEqual(Array.from({ length: RELOADS }, () => 'listed'))
    expect(await page.getByText('登录已失效').count()).toBe(0)
  })
})

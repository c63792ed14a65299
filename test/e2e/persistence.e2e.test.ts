/**
 * Persistent storage: asked for again at the moments that make the data worth keeping (records exist, the first
 * sync, installation), and on 我的 the person reads what it means and can ask. The browser's answer is stubbed to
 * "not granted", as an unengaged Chromium or a dismissed Firefox prompt gives, and each request is counted.
 */
import { describe, expect, it } from 'vitest'
import { createAccountByApi, signInThroughUi } from './support/accounts'
import { eventually, textOf } from './support/expect'
import { createStudySession } from './support/records'
import { setupE2e } from './support/suite'
import { dialogWith } from './support/ui'

const suite = setupE2e()

describe('persistent storage', () => {
  it('is asked for when records exist, again after the first sync and after installing, and explained on 我的 with a way to ask', async () => {
    const { context, page } = await suite.openPhone()
    // Counted in localStorage: the count must survive the navigations between the moments.
    await context.addInitScript(() => {
      Object.defineProperty(StorageManager.prototype, 'persisted', { value: async () => false })
      Object.defineProperty(StorageManager.prototype, 'persist', {
        value: async () => {
          localStorage.setItem('e2e.persistAsks', String(Number(localStorage.getItem('e2e.persistAsks') ?? 0) + 1))
          return false
        },
      })
    })
    const asks = () => page.evaluate(() => Number(localStorage.getItem('e2e.persistAsks') ?? 0))
    await page.goto('/')
    await createStudySession(page, { topic: '学习《中国共产党章程》' })
    await eventually(asks).toBe(1)

    await createAccountByApi(suite.origin(), 'sunli')
    await signInThroughUi(page, 'sunli')
    await page.getByTestId('last-sync').filter({ hasNotText: '尚未同步' }).waitFor()
    await eventually(asks).toBe(2)
    // Once per moment: the next sync asks nothing more.
    await page.getByTestId('sync-now').click()
    await page.waitForTimeout(500)
    expect(await asks()).toBe(2)

    await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')))
    await eventually(asks).toBe(3)

    const row = page.getByTestId('persistence')
    expect(await textOf(row)).toBe(
      '持久存储\n授权后，手机空间紧张时浏览器也不会自动清除本机保存的记录和照片。\n未授权，点此申请',
    )
    await row.click()
    await eventually(asks).toBe(4)
    await dialogWith(page, '把应用安装到桌面后再点一次').waitFor()
  })
})

import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, textOf } from './support/expect'
import { createReadingNote, createVisit } from './support/records'
import { setupE2e } from './support/suite'
import { cards, tapTab } from './support/ui'

const suite = setupE2e()

async function searchFor(page: Page, query: string): Promise<void> {
  await page.getByTestId('search-input').locator('input').fill(query)
}

describe('search', () => {
  it('finds the visit whose findings hold the words, and says so when nothing matches', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await createVisit(page, {
      place: '桃源镇东河村',
      findings: '村文化中心利用率不高，图书室开放时间短。',
      problems: [{ description: '农家书屋新书补充较少' }],
    })
    // A note on the same subject, without the words searched for.
    await createReadingNote(page, { title: '《习近平文化思想学习纲要》', excerpt: '推动公共文化服务标准化、均等化。' })

    await page.goto('/study')
    await tapTab(page, '首页')
    await page.getByPlaceholder('搜索学习、笔记、走访').click()
    await page.waitForURL(/\/search/)
    await page.getByText('可搜索学习主题').waitFor()

    await searchFor(page, '文化中心')
    await eventually(() => textOf(page.getByTestId('search-count'))).toBe('1 条结果')
    await eventually(() => cards(page).count()).toBe(1)
    const card = cards(page).first()
    expect(await textOf(card)).toContain('桃源镇东河村')
    expect(await textOf(card)).toContain('村文化中心利用率不高')
    expect(await textOf(card)).not.toContain('习近平文化思想')

    // The result opens the visit.
    await card.click()
    await page.waitForURL(/\/visits\/[0-9a-f-]{36}$/)
    await page.getByRole('heading', { name: '桃源镇东河村' }).waitFor()

    await page.goBack()
    await page.waitForURL(/\/search\?q=/)
    await searchFor(page, '量子纠缠')
    await page.getByText('没有找到包含“量子纠缠”的记录').waitFor()
    expect(await cards(page).count()).toBe(0)
    expect(await page.getByTestId('search-count').count()).toBe(0)
  })
})

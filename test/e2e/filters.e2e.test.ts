import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, textOf } from './support/expect'
import { createVisit } from './support/records'
import { setupE2e } from './support/suite'
import { cards, openList } from './support/ui'

const suite = setupE2e()

const CONDOLENCE = '柳林镇王家庄村'
const RESEARCH = '凤凰山景区'

/** Opens 筛选, taps the given chips (type or problem status), and applies. */
async function filterBy(page: Page, ...chips: string[]): Promise<void> {
  await page.getByTestId('open-filter').click()
  const popup = page.locator('.filter-popup').filter({ visible: true })
  await popup.waitFor()
  for (const chip of chips) await popup.locator('.van-tag').filter({ hasText: chip }).click()
  await popup.getByRole('button', { name: '应用筛选' }).click()
  await popup.waitFor({ state: 'hidden' })
}

/** Closes the chip of an applied filter above the list. */
async function removeFilterChip(page: Page, text: string): Promise<void> {
  await page.locator('.list-page__chips .van-tag').filter({ hasText: text }).locator('.van-tag__close').click()
}

function places(page: Page): Promise<string[]> {
  return cards(page).locator('h3').allInnerTexts()
}

describe('list filters', () => {
  it('narrow the visits by type and by the status of their problems', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await createVisit(page, {
      kind: '慰问走访',
      place: CONDOLENCE,
      households: [{ name: '王秀英', situation: '独居老人，患有高血压，行动不便' }],
      problems: [{ description: '冬季取暖煤已送到', category: '民生', status: '已办结', resolution: '镇里统一配送。' }],
    })
    await createVisit(page, {
      kind: '调查研究',
      place: RESEARCH,
      findings: '停车场车位有限，旅游旺季周边道路拥堵。',
      problems: [{ description: '旺季停车难', category: '旅游发展' }],
    })

    await openList(page, 'visits')
    await eventually(() => places(page).then((p) => p.sort())).toEqual([CONDOLENCE, RESEARCH].sort())

    await filterBy(page, '慰问走访')
    await eventually(() => places(page)).toEqual([CONDOLENCE])
    expect(await textOf(page.locator('.list-page__chips'))).toContain('慰问走访')

    await removeFilterChip(page, '慰问走访')
    await eventually(() => places(page).then((p) => p.length)).toBe(2)

    await filterBy(page, '调查研究')
    await eventually(() => places(page)).toEqual([RESEARCH])
    await removeFilterChip(page, '调查研究')

    await filterBy(page, '已办结')
    await eventually(() => places(page)).toEqual([CONDOLENCE])
    await removeFilterChip(page, '已办结')

    await filterBy(page, '待办')
    await eventually(() => places(page)).toEqual([RESEARCH])
    await removeFilterChip(page, '待办')

    // Both at once: nothing is a condolence visit with an open problem.
    await filterBy(page, '慰问走访', '待办')
    await page.getByText('没有符合筛选条件的记录').waitFor()
    expect(await cards(page).count()).toBe(0)
  })
})

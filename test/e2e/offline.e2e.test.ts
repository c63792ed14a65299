import { describe, expect, it } from 'vitest'
import { eventually, textOf } from './support/expect'
import { createReadingNote, createStudySession, createVisit } from './support/records'
import { setupE2e } from './support/suite'
import { cards, openList, tapTab, waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()

const TOPIC = '深入学习贯彻党的二十大精神'
const NOTE_TITLE = '《习近平谈治国理政》第四卷'
const PLACE = '青石镇石门村'

describe('offline', () => {
  it('loads without a network and keeps what is recorded offline', async () => {
    const { context, page } = await suite.openPhone()
    await page.goto('/')
    await page.getByTestId('count-studySessions').waitFor()
    await waitForServiceWorkerControl(page)

    await context.setOffline(true)
    expect(await page.evaluate(() => navigator.onLine)).toBe(false)
    await page.reload()
    await page.getByTestId('count-studySessions').waitFor()
    expect(await page.title()).toBe('学思践')
    expect(await textOf(page.locator('.van-nav-bar__title'))).toBe('学思践')

    await createStudySession(page, {
      topic: TOPIC,
      place: '局三楼会议室',
      absent: [{ name: '王建国', reason: '外出参加培训' }],
      speeches: [{ speaker: '李明华', gist: '结合文旅工作实际，谈学习体会。' }],
    })
    await page.getByText('王建国').waitFor()
    await page.getByText('李明华').waitFor()
    await createReadingNote(page, { title: NOTE_TITLE, excerpt: '江山就是人民，人民就是江山。' })
    await createVisit(page, {
      place: PLACE,
      findings: '村文化中心利用率不高，平日大门紧锁，群众反映活动少。',
      problems: [{ description: '文化中心缺少专职管理员', category: '公共文化服务' }],
    })

    // Still offline: a reload must bring back the app and everything saved.
    await page.reload()
    await page.getByTestId('edit-record').waitFor()
    expect(await page.evaluate(() => navigator.onLine)).toBe(false)

    await openList(page, 'study')
    await eventually(() => cards(page).filter({ hasText: TOPIC }).count()).toBe(1)
    await openList(page, 'notes')
    await eventually(() => cards(page).filter({ hasText: NOTE_TITLE }).count()).toBe(1)
    await openList(page, 'visits')
    await eventually(() => cards(page).filter({ hasText: PLACE }).count()).toBe(1)
    expect(await textOf(cards(page).filter({ hasText: PLACE }))).toContain('1 个问题')

    await tapTab(page, '首页')
    for (const table of ['studySessions', 'readingNotes', 'visits']) {
      await eventually(() => textOf(page.getByTestId(`count-${table}`).locator('strong'))).toBe('1')
    }

    await tapTab(page, '我的')
    const pending = page.getByTestId('pending-count')
    await eventually(async () => Number(/(\d+)\s*条/.exec(await textOf(pending))?.[1] ?? -1)).toBeGreaterThanOrEqual(3)
  })
})

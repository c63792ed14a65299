import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, textOf } from './support/expect'
import { createReadingNote, createVisit } from './support/records'
import { putKnownRecords } from './support/stored-records'
import { setupE2e } from './support/suite'
import { cards, tapTab } from './support/ui'

const suite = setupE2e()

async function searchFor(page: Page, query: string): Promise<void> {
  await page.getByTestId('search-input').locator('input').fill(query)
}

/** The marked words of each card, in order. */
async function cardMarks(page: Page): Promise<string[][]> {
  return cards(page).evaluateAll((nodes) =>
    nodes.map((card) => [...card.querySelectorAll('[data-testid="search-mark"]')].map((m) => m.textContent ?? '')),
  )
}

async function cardTitles(page: Page): Promise<string[]> {
  return cards(page).locator('.record-card__title').allTextContents()
}

/** Once the app has indexed every record in a quiet moment after start (searchState.pass is null). */
async function waitForIndex(page: Page, timeoutMs = 30_000): Promise<void> {
  // A plain evaluate loop: page.waitForFunction takes a returned promise for a truthy answer.
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate(isIndexComplete))) {
    if (Date.now() > deadline) throw new Error(`the search index was not complete within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function isIndexComplete(): Promise<boolean> {
  return new Promise((resolve) => {
    const open = indexedDB.open('xuesijian')
    open.onerror = () => resolve(false)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('searchState')) {
        db.close()
        return resolve(false)
      }
      const get = db.transaction('searchState').objectStore('searchState').get('state')
      get.onsuccess = () => resolve((get.result as { pass?: unknown } | undefined)?.pass === null)
      get.onerror = () => resolve(false)
      db.close()
    }
  })
}

/**
 * Watches the search screen from the first paint: whether a wait screen (a loading indicator, 正在建立搜索索引) ever
 * showed, and whether the count line ever stood without cards or changed its number for one query.
 */
function watchSearchScreen(): void {
  const seen = { waited: false, countWithoutCards: [] as string[], counts: [] as string[] }
  ;(window as unknown as { __searchSeen: typeof seen }).__searchSeen = seen
  const check = (): void => {
    const page = document.querySelector('.search-page')
    if (!page) return
    if (page.querySelector('.van-loading') || page.textContent?.includes('正在建立搜索索引')) seen.waited = true
    const count = page.querySelector('[data-testid="search-count"]')?.textContent?.trim()
    if (count && !page.querySelector('.record-card')) seen.countWithoutCards.push(count)
    if (count && seen.counts[seen.counts.length - 1] !== count) seen.counts.push(count)
  }
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true })
}

async function searchScreenSeen(
  page: Page,
): Promise<{ waited: boolean; countWithoutCards: string[]; counts: string[] }> {
  return page.evaluate(
    () =>
      (window as unknown as { __searchSeen: { waited: boolean; countWithoutCards: string[]; counts: string[] } })
        .__searchSeen,
  )
}

const FAR_APART = `村文化中心利用率不高，${'图书室开放时间短，'.repeat(12)}乡村旅游资源开发层次较浅。`

describe('search', () => {
  it('finds the visit whose findings hold the words, marks them on the card and on the record it opens, and says so when nothing matches', async () => {
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
    expect(await cardMarks(page)).toEqual([['文化中心']])

    // The result opens the visit, the words marked there too.
    await card.click()
    await page.waitForURL(/\/visits\/[0-9a-f-]{36}\?q=/)
    await page.getByRole('heading', { name: '桃源镇东河村' }).waitFor()
    expect(await page.locator('.field-value [data-testid="search-mark"]').allTextContents()).toEqual(['文化中心'])

    await page.goBack()
    await page.waitForURL(/\/search\?q=/)
    await searchFor(page, '量子纠缠')
    await page.getByText('没有找到包含“量子纠缠”的记录').waitFor()
    expect(await cards(page).count()).toBe(0)
    expect(await page.getByTestId('search-count').count()).toBe(0)
  })

  it('ranks by relevance with 最新 as a choice, folds full-width digits, and shows both words of a two-word query', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await putKnownRecords(page, {
      readingNotes: [
        {
          fields: {
            date: '2026-01-05',
            source: { title: '文旅融合笔记', author: '', chapter: '', page: '' },
            excerpt: '文旅融合发展，文旅产业提质，文旅项目落地，文旅人才培养。',
          },
        },
        {
          fields: {
            date: '2026-03-05',
            source: { title: '学习心得', author: '', chapter: '', page: '' },
            excerpt: '讲到文旅，也讲到很多别的事情：基层治理、组织建设、作风建设、乡村振兴、产业发展。',
          },
        },
        {
          fields: {
            date: '2026-02-05',
            source: { title: '第3季度学习', author: '', chapter: '', page: '' },
            excerpt: '第3季度集中学习了两次。',
          },
        },
      ],
      visits: [{ fields: { date: '2026-02-01', place: '柳河村', findings: FAR_APART } }],
    })
    await page.reload()
    await waitForIndex(page)

    await page.goto('/search?q=文旅')
    await eventually(() => textOf(page.getByTestId('search-count'))).toBe('2 条结果')
    // The note that uses 文旅 four times (in its title too) first, though the other is newer: the old order was by date only.
    expect(await cardTitles(page)).toEqual(['文旅融合笔记', '学习心得'])
    expect(await page.getByTestId('order-relevance').getAttribute('aria-pressed')).toBe('true')
    await page.getByTestId('order-newest').click()
    await eventually(() => cardTitles(page)).toEqual(['学习心得', '文旅融合笔记'])
    await page.waitForURL(/order=newest/)
    await page.getByTestId('order-relevance').click()
    await eventually(() => cardTitles(page)).toEqual(['文旅融合笔记', '学习心得'])

    // What a Chinese keyboard types: the full-width ３ finds the 3 (before: nothing).
    await searchFor(page, '３')
    await eventually(() => textOf(page.getByTestId('search-count'))).toBe('1 条结果')
    expect(await cardTitles(page)).toEqual(['第3季度学习'])
    expect((await cardMarks(page))[0]).toContain('3')

    // Two words far apart in one text: the snippet shows and marks both (before: only the first).
    // (The count reads 1 条结果 for the query before too: the marks say the screen shows this query's answer.)
    await searchFor(page, '文化中心 旅游')
    await eventually(() => cardMarks(page)).toEqual([['文化中心', '旅游']])
    expect(await textOf(page.getByTestId('search-count'))).toBe('1 条结果')

    // Punctuation inside a query is part of its phrase: 利用率不高，图书室 is found, the same words apart are not.
    await searchFor(page, '不高、图书室')
    await eventually(async () => (await cardMarks(page)).flat().join('')).toContain('图书室')
    expect(await textOf(page.getByTestId('search-count'))).toBe('1 条结果')
    await searchFor(page, '不高、乡村')
    await page.getByText('没有找到包含“不高、乡村”的记录').waitFor()
  })

  it('answers a search right after start without a wait screen, the count and the cards together', async () => {
    const { context, page } = await suite.openPhone()
    await context.addInitScript(watchSearchScreen)
    await page.goto('/')
    // Written as an older version of the app would have: the index has never seen them.
    await putKnownRecords(page, {
      visits: Array.from({ length: 40 }, (_, i) => ({
        fields: {
          date: `2026-02-${String((i % 28) + 1).padStart(2, '0')}`,
          place: `第${i}村`,
          findings: i % 4 === 0 ? '村文化中心利用率不高。' : '道路硬化已完成。',
        },
      })),
    })
    // A start, and straight to 搜索 with a query: before the index has had its quiet moment.
    await page.goto('/search?q=文化中心')
    await eventually(() => textOf(page.getByTestId('search-count'))).toBe('10 条结果')
    expect(await cards(page).count()).toBe(10)
    let seen = await searchScreenSeen(page)
    expect(seen.waited).toBe(false)
    expect(seen.countWithoutCards).toEqual([])

    // Once indexed, another start: the same answer from the stored index, again with no wait and no flicker.
    await waitForIndex(page)
    await page.goto('/search?q=文化中心')
    await eventually(() => textOf(page.getByTestId('search-count'))).toBe('10 条结果')
    seen = await searchScreenSeen(page)
    expect(seen).toEqual({ waited: false, countWithoutCards: [], counts: ['10 条结果'] })
    await searchFor(page, '道路')
    await eventually(() => textOf(page.getByTestId('search-count'))).toBe('30 条结果')
    expect((await searchScreenSeen(page)).countWithoutCards).toEqual([])
    // The first cards are a screenful (each query draws them anew); scrolling down brings the rest, none twice.
    expect(await cards(page).count()).toBe(10)
    await eventually(async () => {
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
      return cards(page).count()
    }).toBe(30)
    const places = await cards(page).locator('.record-card__title').allTextContents()
    expect(new Set(places).size).toBe(30)
  })
})

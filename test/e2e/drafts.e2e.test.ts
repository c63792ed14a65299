import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, textOf, valueOf } from './support/expect'
import { storedDraft } from './support/drafts'
import { createStudySession } from './support/records'
import { setupE2e } from './support/suite'
import { dialogWith, field, fillField, openNewForm, saveForm, waitForFormReady } from './support/ui'

const suite = setupE2e()

const DRAFT_QUESTION = /发现 .* 未保存的草稿。\s*是否恢复？/

/** The topic of the form's draft, once the app has written it. */
async function draftTopic(page: Page, key: string): Promise<string | null> {
  return (await storedDraft(page, key))?.fields?.topic ?? null
}

describe('drafts', () => {
  it('keeps a new record through a reload, and saving clears the draft', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await openNewForm(page, 'study')
    const topic = '学习贯彻习近平文化思想'
    const summary = '会议传达学习了习近平总书记关于文化和旅游工作的重要论述，并结合工作实际进行了交流研讨。'
    await fillField(page, 'topic', topic)
    await fillField(page, 'summary', summary)
    await eventually(() => draftTopic(page, 'studySessions:new')).toBe(topic)

    await page.reload()
    const question = dialogWith(page, DRAFT_QUESTION)
    await question.waitFor()
    await question.getByRole('button', { name: '恢复草稿' }).click()
    await waitForFormReady(page)
    expect(await valueOf(field(page, 'topic'))).toBe(topic)
    expect(await valueOf(field(page, 'summary'))).toBe(summary)

    await saveForm(page, 'study')
    await page.getByRole('heading', { name: topic }).waitFor()

    // Saved: a new form starts empty, without asking about a draft.
    await openNewForm(page, 'study')
    expect(await dialogWith(page, DRAFT_QUESTION).count()).toBe(0)
    expect(await valueOf(field(page, 'topic'))).toBe('')
    expect(await draftTopic(page, 'studySessions:new')).toBeNull()
  })

  it('keeps an edit of an existing record through a reload', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    const id = await createStudySession(page, { topic: '学习《中国共产党章程》', place: '局党员活动室' })

    await page.getByTestId('edit-record').click()
    await page.waitForURL(new RegExp(`/study/${id}/edit$`))
    await waitForFormReady(page)
    expect(await valueOf(field(page, 'topic'))).toBe('学习《中国共产党章程》')
    const changed = '学习《中国共产党章程》总纲部分'
    await fillField(page, 'topic', changed)
    await fillField(page, 'place', '局五楼小会议室')
    await eventually(() => draftTopic(page, `studySessions:${id}`)).toBe(changed)

    await page.reload()
    const question = dialogWith(page, DRAFT_QUESTION)
    await question.waitFor()
    await question.getByRole('button', { name: '恢复草稿' }).click()
    await waitForFormReady(page)
    expect(await valueOf(field(page, 'topic'))).toBe(changed)
    expect(await valueOf(field(page, 'place'))).toBe('局五楼小会议室')

    await saveForm(page, 'study')
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe(changed)
    await page.getByText('局五楼小会议室').waitFor()
  })

  it('discarding a draft keeps the stored record as it was', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    const id = await createStudySession(page, { topic: '党纪学习教育专题研讨' })
    await page.getByTestId('edit-record').click()
    await waitForFormReady(page)
    await fillField(page, 'topic', '党纪学习教育专题研讨（修改中）')
    await eventually(() => draftTopic(page, `studySessions:${id}`)).toBe('党纪学习教育专题研讨（修改中）')

    await page.reload()
    const question = dialogWith(page, DRAFT_QUESTION)
    await question.getByRole('button', { name: '丢弃' }).click()
    await waitForFormReady(page)
    expect(await valueOf(field(page, 'topic'))).toBe('党纪学习教育专题研讨')
    await eventually(() => draftTopic(page, `studySessions:${id}`)).toBeNull()
  })

  it('names a draft on 首页 by the first words typed when its title is still empty', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await openNewForm(page, 'notes')
    await fillField(page, 'reflection', '江山就是人民，人民就是江山。打江山、守江山，守的是人民的心。')
    await eventually(() => draftReflection(page)).toContain('江山就是人民')
    await page.goto('/')
    const draft = page
      .locator('.van-cell')
      .filter({ hasText: '读书笔记' })
      .filter({ has: page.locator('.van-icon-edit') })
    // The type, then the words up to about one line, cut with an ellipsis.
    expect(await textOf(draft.locator('.van-cell__title > span'))).toBe(
      '读书笔记：江山就是人民，人民就是江山。打江山、守江…',
    )
  })
})

function draftReflection(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const open = indexedDB.open('xuesijian')
        open.onsuccess = () => {
          const get = open.result.transaction('drafts').objectStore('drafts').get('readingNotes:new')
          get.onsuccess = () =>
            resolve((get.result as { fields?: { reflection?: string } } | undefined)?.fields?.reflection ?? null)
        }
      }),
  )
}

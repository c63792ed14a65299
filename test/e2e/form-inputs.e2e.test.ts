import { describe, expect, it } from 'vitest'
import { setupE2e } from './support/suite'
import { addRow, field, fillField, openNewForm } from './support/ui'

const suite = setupE2e()

/** What the person sees of a field while typing: its element, its height, and whether any of its text is hidden. */
function inputShape(page: import('playwright-core').Page, name: string) {
  return field(page, name).evaluate((element) => ({
    tag: element.tagName,
    height: element.getBoundingClientRect().height,
    isCut: element.scrollHeight > element.clientHeight + 1 || element.scrollWidth > element.clientWidth + 1,
  }))
}

describe('sentence-long fields', () => {
  it('give 问题描述, 家庭情况 and 缺席原因 an input that wraps and grows as the sentence is typed', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await openNewForm(page, 'visits')
    await addRow(page, '添加问题')
    const empty = await inputShape(page, 'problems.0.description')
    expect(empty.tag).toBe('TEXTAREA')
    const problem = '村文化中心缺少专职管理员，开放时间不固定，群众反映平日大门紧锁，想看书、排练都找不到人开门。'
    await fillField(page, 'problems.0.description', problem)
    const typed = await inputShape(page, 'problems.0.description')
    // Every word stays in sight: the box grew to several lines instead of scrolling the start away.
    expect(typed.isCut).toBe(false)
    expect(typed.height).toBeGreaterThan(empty.height * 2)

    await addRow(page, '添加走访户')
    expect((await inputShape(page, 'households.0.situation')).tag).toBe('TEXTAREA')

    await openNewForm(page, 'study')
    await addRow(page, '添加缺席人员')
    await fillField(page, 'attendance.absent.0.reason', '外出参加全省文旅系统培训，经局主要负责同志批准')
    expect(await inputShape(page, 'attendance.absent.0.reason')).toMatchObject({ tag: 'TEXTAREA', isCut: false })
    // A name stays a one-line input.
    expect((await inputShape(page, 'attendance.absent.0.name')).tag).toBe('INPUT')
  })
})

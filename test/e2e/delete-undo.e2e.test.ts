import { describe, expect, it } from 'vitest'
import { eventually, textOf } from './support/expect'
import { createReadingNote } from './support/records'
import { setupE2e } from './support/suite'
import { cards, dialogWith, openList } from './support/ui'

const suite = setupE2e()

describe('deleting a record', () => {
  it('removes it from the list, and 撤销 brings it back', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    const title = '《论党的自我革命》'
    await createReadingNote(page, { title, excerpt: '自我革命是我们党跳出治乱兴衰历史周期率的第二个答案。' })
    await openList(page, 'notes')
    await eventually(() => cards(page).filter({ hasText: title }).count()).toBe(1)

    await cards(page).filter({ hasText: title }).click()
    await page.getByTestId('delete-record').click()
    const confirm = dialogWith(page, '删除这条记录？')
    await confirm.getByRole('button', { name: '删除', exact: true }).click()

    await page.waitForURL(/\/notes$/)
    await eventually(() => cards(page).filter({ hasText: title }).count()).toBe(0)
    await page.getByText('还没有记录').waitFor()
    const undoBar = page.getByRole('status').filter({ hasText: '已删除' })
    expect(await textOf(undoBar)).toContain(title)

    await undoBar.getByRole('button', { name: '撤销' }).click()
    await eventually(() => cards(page).filter({ hasText: title }).count()).toBe(1)
    await eventually(() => undoBar.count()).toBe(0)

    // The restore is stored, not only shown: it survives a reload.
    await page.reload()
    await eventually(() => cards(page).filter({ hasText: title }).count()).toBe(1)
  })
})

/**
 * At the largest text size on a 390 px phone, no label on any screen breaks inside a word ("学习方案已备 / 好" beside
 * its switch, "恢 / 复" on the draft dialog's button). Every screen is opened with records that fill it: forms with
 * a row of each kind, details, lists, 首页 with reminders and a draft, a conflict, the reporting screens, exports,
 * 我的 signed out and in, 用户管理, and the dialogs a person meets.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { localDate } from '../../src/shared/dates'
import { setUpAdministrator } from './support/accounts'
import { exportRecords, REPORT_SETTINGS } from './support/export-records'
import { putKnownRecords } from './support/stored-records'
import { setupE2e } from './support/suite'
import { addRow, cards, dialogWith, fillField, openList, openNewForm } from './support/ui'
import { LARGE_TEXT_SETTINGS, labelsBrokenMidWord } from './support/word-breaks'

const suite = setupE2e()

describe('the largest text size', () => {
  it('breaks no label inside a word on any screen at 390 px', async () => {
    const today = localDate()
    const { context, page } = await suite.openPhone()
    await context.addInitScript(
      ({ large, report }) => {
        localStorage.setItem('xsj.settings', large)
        localStorage.setItem('xsj.reportSettings', JSON.stringify(report))
      },
      { large: LARGE_TEXT_SETTINGS, report: REPORT_SETTINGS },
    )
    await page.goto('/')
    const records = exportRecords(today)
    const conflict = {
      id: '0190a000-0000-7000-8000-00000000c001',
      kind: 'field' as const,
      field: 'summary',
      value: '建议镇综合文化站每月组织一次文艺演出下乡。',
      deviceId: '0190a000-0000-7000-8000-0000000000d2',
      at: `${today}T08:00:00.000Z`,
      rev: 4,
    }
    const conflicted = {
      fields: { kind: 'research' as const, date: today, place: '青石镇文化站', summary: '文化站周末开放时间短。' },
      conflicts: [conflict],
    }
    await putKnownRecords(page, { ...records.stored, visits: [...records.stored.visits!, conflicted] })

    const broken: string[] = []
    const check = async (screen: string) => {
      await page.evaluate(() => document.fonts.ready.then(() => undefined))
      await page.waitForTimeout(400)
      for (const { drawn } of await labelsBrokenMidWord(page)) broken.push(`${screen}: ${drawn}`)
    }
    const open = async (path: string, ready: (p: Page) => Promise<unknown>) => {
      await page.goto(path)
      await ready(page)
      await check(path)
    }

    await open('/', (p) => p.getByTestId('figure-collectiveHeld').waitFor())
    await open('/reminders', (p) => p.getByTestId('notify-section').waitFor())
    await open('/year', (p) => p.getByTestId('year-table').waitFor())
    await open('/figures/problemsOpen', (p) => p.getByTestId('figure-count').waitFor())
    await open('/settings/reporting', (p) => p.getByTestId('save-settings').waitFor())
    for (const path of ['study', 'notes', 'visits'] as const) {
      await openList(page, path)
      await cards(page).first().waitFor()
      await check(`/${path}`)
      await page.getByTestId('open-filter').click()
      await page.locator('.van-popup').filter({ visible: true }).waitFor()
      await check(`/${path} filter`)
      await page.keyboard.press('Escape')
      await page.goto(`/${path}`)
      await cards(page).first().waitFor()
      await cards(page).first().click()
      await page.getByTestId('edit-record').waitFor()
      await check(`/${path}/:id`)
    }
    await openList(page, 'study')
    await cards(page).filter({ hasText: records.centerGroupTopic }).click()
    await page.getByTestId('packet-card').waitFor()
    await check('/study/:id (一学一报)')
    await page.getByTestId('delete-record').click()
    await dialogWith(page, '删除这条记录').waitFor()
    await check('delete dialog')
    await dialogWith(page, '删除这条记录').getByRole('button', { name: '取消' }).click()

    await open('/sync/issues', (p) => cards(p).first().waitFor())
    await cards(page).first().click()
    await page.getByTestId('open-conflicts').click()
    await page.getByTestId('conflict').first().waitFor()
    await check('/visits/:id/conflicts')

    await openNewForm(page, 'study')
    await addRow(page, '添加缺席人员')
    await addRow(page, '添加发言')
    await check('/study/new')
    for (const [field, what] of [
      ['kind', 'choice sheet'],
      ['date', 'date picker'],
    ] as const) {
      await page.locator(`[data-field="${field}"]`).click()
      const popup = page.locator('.van-popup').filter({ visible: true })
      await popup.waitFor()
      await check(`/study/new ${what}`)
      await page
        .locator('.van-overlay')
        .filter({ visible: true })
        .click({ position: { x: 10, y: 10 } })
      await popup.waitFor({ state: 'hidden' })
    }
    await openNewForm(page, 'notes')
    await check('/notes/new')
    await openNewForm(page, 'visits')
    await addRow(page, '添加走访户')
    await addRow(page, '添加问题')
    await check('/visits/new')
    await fillField(page, 'place', '青石镇文化站')
    await page.waitForTimeout(800)
    await page.reload()
    await dialogWith(page, '未保存的草稿').waitFor()
    await check('draft dialog')
    await dialogWith(page, '未保存的草稿').getByRole('button', { name: '恢复草稿' }).click()

    await open('/search?q=文化', (p) => p.getByTestId('search-count').waitFor())
    await open('/export', (p) => p.getByTestId('export-ledger').waitFor())
    await open(`/print/${today.slice(0, 7)}`, (p) => p.getByTestId('print-sheet').first().waitFor())
    await open('/me', (p) => p.getByTestId('storage-used').filter({ hasText: /\d/ }).waitFor())
    await open('/login', (p) => p.getByTestId('submit').waitFor())
    await open('/setup', (p) => p.getByTestId('submit').waitFor())

    await setUpAdministrator(page, 'zhanglixin', '张立新')
    await page.getByTestId('last-sync').filter({ hasNotText: '尚未同步' }).waitFor({ timeout: 30_000 })
    await check('/me (signed in)')
    await page.getByTestId('sign-out').click()
    await dialogWith(page, '退出').waitFor()
    await check('sign-out dialog')
    await dialogWith(page, '退出').getByRole('button', { name: '取消' }).click()
    await open('/admin/accounts', (p) => p.getByTestId('account').first().waitFor())
    await page.getByTestId('add-account').click()
    await page.locator('.van-popup--bottom').filter({ visible: true }).waitFor()
    await check('/admin/accounts 添加用户')

    expect(broken).toEqual([])
  })
})

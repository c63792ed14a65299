/**
 * 一学一报 for real, on three phones in Chromium (issue "一学一报 for real"): the secretary records a unit session and
 * sends its packet offline; online it reaches the reviewer of the unit above, who returns it with a comment while
 * offline; the secretary sees the comment, fixes the session and sends again; the reviewer accepts; the member, the
 * secretary and the reviewer all read one history of four steps, with the server's times.
 */
import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  createAccountByApi,
  E2E_PASSWORD,
  signInByApi,
  signInThroughUi,
  SUITE_ADMIN,
  apiCall,
} from './support/accounts'
import { docxParts, paragraphs } from '../app/exports/docx-text'
import { eventually, textOf } from './support/expect'
import { fillStudySession } from './support/records'
import { setupE2e } from './support/suite'
import { fillField, openNewForm, saveButton, saveForm, waitForServiceWorkerControl } from './support/ui'
import { LARGE_TEXT_SETTINGS, labelsBrokenMidWord } from './support/word-breaks'

const suite = setupE2e()

const api = <T>(method: string, path: string, token: string, body?: unknown) =>
  apiCall<T>(suite.origin(), method, path, token, body)

/** 局党委 (reviewed by 刘强) → 中心组 (张伟 secretary, 李娜 member). */
async function buildOrganization(suffix = ''): Promise<{ groupId: string }> {
  // The first account made through the API sets up the suite's administrator (赵磊 is in no unit).
  await createAccountByApi(suite.origin(), `zhaolei${suffix}`)
  const admin = await signInByApi(suite.origin(), SUITE_ADMIN.name, SUITE_ADMIN.password)
  const ids: Record<string, string> = {}
  for (const [name, displayName] of [
    ['zhangwei', '张伟'],
    ['lina', '李娜'],
    ['liuqiang', '刘强'],
  ] as const) {
    const { account } = await api<{ account: { id: string } }>('POST', '/api/admin/accounts', admin, {
      name: `${name}${suffix}`,
      password: E2E_PASSWORD,
      displayName,
    })
    ids[name] = account.id
  }
  const { unit: committee } = await api<{ unit: { id: string } }>('POST', '/api/admin/units', admin, {
    kind: 'partyCommittee',
    name: `市文化和旅游局党委${suffix}`,
    parentId: null,
  })
  const { unit: group } = await api<{ unit: { id: string } }>('POST', '/api/admin/units', admin, {
    kind: 'centerGroup',
    name: '局党委理论学习中心组',
    parentId: committee.id,
  })
  await api('PUT', `/api/admin/units/${group.id}/members/${ids.zhangwei}`, admin, { role: 'secretary' })
  await api('PUT', `/api/admin/units/${group.id}/members/${ids.lina}`, admin, { role: 'member' })
  await api('PUT', `/api/admin/units/${committee.id}/reviewers/${ids.liuqiang}`, admin)
  return { groupId: group.id }
}

/** Taps the button and returns the file the app hands over. */
async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByTestId(testId).click(),
  ])
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
}

async function syncNow(page: Page): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('sync-now').click()
  await eventually(() => page.locator('[data-testid="sync-now"].van-button--loading').count()).toBe(0)
}

const steps = (page: Page) => page.getByTestId('packet-steps')
const stateOf = (page: Page) => textOf(page.getByTestId('packet-state'))

async function confirmDialog(page: Page): Promise<void> {
  await page.locator('.van-dialog').filter({ visible: true }).locator('.van-dialog__confirm').click()
}

/** The kinds of the steps listed on the session (or the plan), in order, marked * while not yet sent. */
async function historyOf(page: Page, card = 'packet-steps'): Promise<string[]> {
  return page
    .getByTestId(card)
    .locator('.steps-card__step')
    .evaluateAll((items) =>
      items.map(
        (item) => `${(item as HTMLElement).dataset.kind}${(item as HTMLElement).dataset.unsent === 'true' ? '*' : ''}`,
      ),
    )
}

describe('一学一报 sent upward and reviewed', () => {
  it('goes up offline, is returned with a comment offline, fixed, resent and accepted: one history on three phones', async () => {
    await buildOrganization()
    const secretary = await suite.openPhone()
    await signInThroughUi(secretary.page, 'zhangwei')
    await waitForServiceWorkerControl(secretary.page)
    await openNewForm(secretary.page, 'study')
    await eventually(() => textOf(secretary.page.getByTestId('owner-belongs-to'))).toContain('局党委理论学习中心组')

    // Recorded and sent with no signal: the step waits on the phone as 待发送.
    await secretary.context.setOffline(true)
    await fillStudySession(secretary.page, { topic: '学习贯彻党的二十届四中全会精神', present: ['张伟', '李娜'] })
    const sessionId = await saveForm(secretary.page, 'study')
    await eventually(() => stateOf(secretary.page)).toBe('待报送')
    await secretary.page.getByTestId('packet-submit').click()
    await confirmDialog(secretary.page)
    await eventually(() => historyOf(secretary.page)).toEqual(['submitted*'])
    expect(await textOf(steps(secretary.page))).toContain('待发送')
    expect(await secretary.page.getByTestId('packet-submit').count()).toBe(0)

    await secretary.context.setOffline(false)
    await syncNow(secretary.page)
    await secretary.page.goto(`/study/${sessionId}`)
    await eventually(() => stateOf(secretary.page)).toBe('待审核')
    expect(await historyOf(secretary.page)).toEqual(['submitted'])
    expect(await textOf(steps(secretary.page))).toMatch(/服务器收到：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
    expect(await textOf(secretary.page.getByTestId('packet-timing'))).toBe('首次报送按时')

    // The reviewer above gets it, and returns it while offline, with what to fix.
    const reviewer = await suite.openPhone()
    await signInThroughUi(reviewer.page, 'liuqiang')
    await waitForServiceWorkerControl(reviewer.page)
    await syncNow(reviewer.page)
    await reviewer.page.goto(`/study/${sessionId}`)
    await eventually(() => stateOf(reviewer.page)).toBe('待审核')
    expect(await reviewer.page.getByTestId('packet-submit').count()).toBe(0)
    await reviewer.context.setOffline(true)
    await reviewer.page.getByTestId('packet-return').click()
    // Nothing written: the comment is required, said in Chinese beside the box.
    await reviewer.page.getByTestId('packet-return-send').click()
    await eventually(() => textOf(reviewer.page.locator('.van-popup--bottom').filter({ visible: true }))).toContain(
      '请写明需要整改的内容',
    )
    await reviewer.page.getByTestId('packet-return-comment').locator('textarea').fill('缺少影像资料，请补充会议照片')
    await reviewer.page.getByTestId('packet-return-send').click()
    await eventually(() => historyOf(reviewer.page)).toEqual(['submitted', 'returned*'])
    await reviewer.context.setOffline(false)
    await syncNow(reviewer.page)

    // The secretary sees the return and its comment, fixes the session and sends it again.
    await syncNow(secretary.page)
    await secretary.page.goto(`/study/${sessionId}`)
    await eventually(() => stateOf(secretary.page)).toBe('退回整改')
    expect(await textOf(steps(secretary.page))).toContain('缺少影像资料，请补充会议照片')
    // 首页 reminds the secretary of it, with the comment, and the reminder leads back to the session.
    await secretary.page.goto('/')
    const returnedReminder = secretary.page.locator('[data-testid="reminder"][data-kind="packetReturned"]')
    await eventually(() => textOf(returnedReminder)).toBe(
      '一学一报被退回整改：学习贯彻党的二十届四中全会精神。意见：缺少影像资料，请补充会议照片',
    )
    await returnedReminder.click()
    await secretary.page.waitForURL(new RegExp(`/study/${sessionId}$`))
    await secretary.page.getByTestId('edit-record').click()
    await fillField(secretary.page, 'summary', '已补充会议照片和签到表。')
    await saveButton(secretary.page).click()
    await secretary.page.waitForURL(new RegExp(`/study/${sessionId}$`))
    await eventually(() => textOf(secretary.page.getByTestId('packet-changed'))).toContain('学习内容')
    await secretary.page.getByTestId('packet-submit').click()
    await confirmDialog(secretary.page)
    await eventually(() => historyOf(secretary.page)).toEqual(['submitted', 'returned', 'submitted*'])
    await syncNow(secretary.page)

    // The reviewer's 审核 screen: the resent packet waits in the queue; the unit's month counts it as waiting.
    await syncNow(reviewer.page)
    await reviewer.page.getByTestId('open-review').click()
    await eventually(() =>
      reviewer.page.getByTestId('review-queue').locator(`[data-session="${sessionId}"]`).count(),
    ).toBe(1)
    const unitRow = reviewer.page.getByTestId('review-unit').filter({ hasText: '局党委理论学习中心组' })
    expect(await textOf(unitRow.locator('[data-state="waiting"]'))).toBe('待审核 1')
    expect(await textOf(unitRow.getByTestId('review-held'))).toMatch(/^集体学习 1\/\d+ 次$/)

    // The reviewer accepts the new submission.
    await reviewer.page.goto(`/study/${sessionId}`)
    await eventually(() => historyOf(reviewer.page)).toEqual(['submitted', 'returned', 'submitted'])
    await reviewer.page.getByTestId('packet-accept').click()
    await confirmDialog(reviewer.page)
    await eventually(() => historyOf(reviewer.page)).toEqual(['submitted', 'returned', 'submitted', 'accepted*'])
    await syncNow(reviewer.page)

    const member = await suite.openPhone()
    await signInThroughUi(member.page, 'lina')
    await syncNow(member.page)
    await syncNow(secretary.page)
    for (const phone of [secretary.page, member.page, reviewer.page]) {
      await phone.goto(`/study/${sessionId}`)
      await eventually(() => stateOf(phone)).toBe('已通过')
      expect(await historyOf(phone)).toEqual(['submitted', 'returned', 'submitted', 'accepted'])
      expect(await textOf(steps(phone))).toContain('缺少影像资料，请补充会议照片')
      // Only the secretary sends; only the reviewer above decides; nobody acts on an accepted packet.
      expect(await phone.getByTestId('packet-submit').count()).toBe(0)
      expect(await phone.getByTestId('packet-accept').count()).toBe(0)
    }
    // The member's and the secretary's view of the unit's year count the same as the reviewer's below: one session
    // this month, sent on time, accepted.
    const month = new Date().toISOString().slice(0, 7)
    // This month's row of the unit's year: held 1 of the minimum; sent on time 1; late, missing, returned, waiting 0.
    const ONE_ON_TIME = [expect.stringMatching(/^1\/\d+$/), '1', '0', '0', '0', '0']
    for (const phone of [member.page, secretary.page]) {
      await phone.goto('/')
      await phone.getByTestId('home-switch').locator('[data-unit]').first().click()
      await phone.getByTestId('open-unit-year').click()
      const row = phone.getByTestId('unit-year-table').locator(`tbody tr[data-month="${month}"]`)
      await eventually(() => row.locator('td').allTextContents()).toEqual(ONE_ON_TIME)
      expect(await textOf(phone.getByTestId('unit-year-summary'))).toContain('已通过 1')
    }

    // And on 审核: nothing waits; the unit's month has one packet accepted, first sent on time.
    await reviewer.page.goto('/review')
    await eventually(() => textOf(reviewer.page.getByTestId('review-unit').locator('[data-state="accepted"]'))).toBe(
      '已通过 1',
    )
    expect(await reviewer.page.getByTestId('review-queue').count()).toBe(0)
    expect(await reviewer.page.getByTestId('review-unit').locator('[data-state="late"]').count()).toBe(0)

    // Tapping the unit opens its year: this month held 1, sent on time 1, nothing missing, returned or waiting; the
    // member present has attended the one session, 2 hours.
    await reviewer.page.getByTestId('review-unit').filter({ hasText: '局党委理论学习中心组' }).click()
    await reviewer.page.waitForURL(/\/units\/[0-9a-f-]{36}\/year$/)
    const thisMonth = reviewer.page
      .getByTestId('unit-year-table')
      .locator(`tbody tr[data-month="${new Date().toISOString().slice(0, 7)}"]`)
    await eventually(() => thisMonth.locator('td').allTextContents()).toEqual(ONE_ON_TIME)
    expect(await textOf(reviewer.page.getByTestId('unit-year-summary'))).toContain('已通过 1')
    // The month's figures open the session they counted, and from the sheet the session itself.
    await thisMonth.click()
    const behind = reviewer.page.getByTestId('figure-records-sessions').locator('.van-cell')
    await eventually(() => behind.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-id')))).toEqual([
      sessionId,
    ])
    expect(await textOf(behind.first())).toContain('已通过')
    // At the largest text size the sheet's titles stay whole (its tags beside them once broke 二十 / 届四中全会).
    await reviewer.page.evaluate((settings) => localStorage.setItem('xsj.settings', settings), LARGE_TEXT_SETTINGS)
    await reviewer.page.reload()
    await thisMonth.click()
    await eventually(() => behind.count()).toBe(1)
    await reviewer.page.evaluate(() => document.fonts.ready.then(() => undefined))
    expect(await labelsBrokenMidWord(reviewer.page)).toEqual([])
    await behind.first().click()
    await reviewer.page.waitForURL(new RegExp(`/study/${sessionId}$`))
    await eventually(() => stateOf(reviewer.page)).toBe('已通过')
    await reviewer.page.goBack()
    await reviewer.page.getByTestId('unit-year-table').waitFor()

    // The unit's ledger and year report, made offline on the reviewer's phone, hold the packet's whole history.
    await reviewer.context.setOffline(true)
    const ledger = await download(reviewer.page, 'unit-export-ledger')
    expect(ledger.name).toMatch(/^局党委理论学习中心组-学习台账-\d{4}-\d{2}-\d{2}至\d{4}-\d{2}-\d{2}\.xlsx$/)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(ledger.bytes).buffer)
    const history = workbook.getWorksheet('报送记录')!
    const historyRows = history
      .getSheetValues()
      .slice(2)
      .map((row) => (Array.isArray(row) ? row.map((cell) => String(cell ?? '')).join('|') : ''))
    expect(historyRows).toHaveLength(4)
    expect(historyRows.map((row) => row.match(/报送|退回整改|通过/)?.[0])).toEqual(['报送', '退回整改', '报送', '通过'])
    expect(historyRows[1]).toContain('缺少影像资料，请补充会议照片')
    const report = await download(reviewer.page, 'unit-export-report')
    expect(report.name).toMatch(/局党委理论学习中心组.*\.docx$/)
    const reportText = paragraphs(docxParts(new Uint8Array(report.bytes)).document)
      .map((p) => p.text)
      .join('\n')
    expect(reportText).toContain('学习开展情况')
    expect(reportText).toContain('存在的问题')
    expect(reportText).toContain('下一步工作打算')
    expect(reportText).toContain('缺少影像资料，请补充会议照片')
  })

  it('files a quarter’s study plan offline, returned with a comment, corrected, resent and accepted', async () => {
    const { groupId } = await buildOrganization('2')
    const quarter = String(Math.ceil((new Date().getMonth() + 1) / 3))
    const planPath = `/units/${groupId}/plan?period=${quarter}`
    const secretary = await suite.openPhone()
    await signInThroughUi(secretary.page, 'zhangwei2')
    await waitForServiceWorkerControl(secretary.page)
    await syncNow(secretary.page)
    await secretary.page.goto(planPath)
    const form = secretary.page.getByTestId('plan-form')
    await form.waitFor()
    await secretary.context.setOffline(true)
    // Nothing written: the plan needs a topic, said in Chinese.
    await form.getByTestId('plan-submit').click()
    await eventually(() => textOf(secretary.page.getByTestId('plan-problems'))).toBe('请至少写一个学习主题')
    const firstMonth = form.locator('.van-field').first()
    await firstMonth.locator('textarea').fill('学习贯彻党的二十届四中全会精神\n文旅融合发展调研')
    await form.getByTestId('plan-submit').click()
    await confirmDialog(secretary.page)
    await eventually(() => historyOf(secretary.page, 'plan-steps')).toEqual(['submitted*'])
    await secretary.context.setOffline(false)
    await syncNow(secretary.page)

    const reviewer = await suite.openPhone()
    await signInThroughUi(reviewer.page, 'liuqiang2')
    await syncNow(reviewer.page)
    // On 审核: the plan waits among the plans to decide, and opens its screen.
    await reviewer.page.goto('/review')
    await reviewer.page.getByTestId('review-plans').locator('.van-cell').first().click()
    await reviewer.page.waitForURL(/\/plan\/\d{4}\?period=\d$/)
    await eventually(() => textOf(reviewer.page.getByTestId('plan-state'))).toBe('待审核')
    expect(await reviewer.page.getByTestId('plan-form').count()).toBe(0)
    await reviewer.page.getByTestId('plan-return').click()
    await reviewer.page.getByTestId('packet-return-comment').locator('textarea').fill('每月至少安排一次集体学习')
    await reviewer.page.getByTestId('packet-return-send').click()
    await eventually(() => historyOf(reviewer.page, 'plan-steps')).toEqual(['submitted', 'returned*'])
    await syncNow(reviewer.page)

    await syncNow(secretary.page)
    // 首页 says so, with the comment, and leads to the plan.
    await secretary.page.goto('/')
    const planReminder = secretary.page.locator('[data-testid="reminder"][data-kind="planReturned"]')
    await eventually(() => textOf(planReminder)).toMatch(
      /^局党委理论学习中心组\d{4}年第\d季度学习计划被退回整改。意见：每月至少安排一次集体学习$/,
    )
    await planReminder.click()
    await secretary.page.waitForURL(/\/plan\/\d{4}\?period=\d$/)
    await eventually(() => textOf(secretary.page.getByTestId('plan-state'))).toBe('退回整改')
    expect(await textOf(secretary.page.getByTestId('plan-steps'))).toContain('每月至少安排一次集体学习')
    // The form holds the plan as sent; the secretary adds the other months and sends it again.
    expect(await form.locator('textarea').first().inputValue()).toBe('学习贯彻党的二十届四中全会精神\n文旅融合发展调研')
    await form.locator('textarea').nth(1).fill('年度述学评学')
    await form.locator('textarea').nth(2).fill('主题党日：重温入党誓词')
    await form.getByTestId('plan-submit').click()
    await confirmDialog(secretary.page)
    await eventually(() => historyOf(secretary.page, 'plan-steps')).toEqual(['submitted', 'returned', 'submitted*'])
    await syncNow(secretary.page)

    await syncNow(reviewer.page)
    await reviewer.page.goto(planPath)
    await reviewer.page.getByTestId('plan-accept').click()
    await confirmDialog(reviewer.page)
    await eventually(() => historyOf(reviewer.page, 'plan-steps')).toEqual([
      'submitted',
      'returned',
      'submitted',
      'accepted*',
    ])
    await syncNow(reviewer.page)
    await syncNow(secretary.page)
    await secretary.page.goto(planPath)
    await eventually(() => textOf(secretary.page.getByTestId('plan-state'))).toBe('已通过')
    // Set against what was held: nothing yet, so the first month plans 2 and holds 0.
    const months = secretary.page.getByTestId('plan-against-held').locator('.plan-page__month')
    expect(await months.count()).toBe(3)
    expect(await textOf(months.first())).toContain('计划 2 次，已开展 0 次')
    expect(await secretary.page.getByTestId('plan-form').count()).toBe(0)
  })
})

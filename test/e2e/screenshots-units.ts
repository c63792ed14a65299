/**
 * Screenshots of a unit's records as its people see them (issue "Units and roles"): the secretary's new 中心组 session
 * with 记录归属 and the roster, the session on a member's phone, 首页 switched to the unit, a member's visit with
 * 共享给…, and that visit read-only on the secretary's phone; the session's 一学一报 sent upward (待发送), on the reviewer's
 * phone with 审核一学一报 (its queue and units), 通过 / 退回整改 the return's comment sheet, the unit's year and its study plan (written, and as the reviewer receives it), and back on the secretary's phone returned. On a server of their own; part of screenshots.ts,
 * `npm run screenshots -- --only=units` takes these alone.
 */
import type { Page } from 'playwright-core'
import {
  createAccountByApi,
  E2E_PASSWORD,
  signInByApi,
  signInThroughUi,
  SUITE_ADMIN,
  apiCall,
} from './support/accounts'
import { fillStudySession, fillVisit } from './support/records'
import { startServer } from './support/server'
import { cards, openList, openNewForm, saveForm } from './support/ui'

type Shoot = (page: Page, screen: string) => Promise<void>

const api = apiCall

async function syncNow(page: Page): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('sync-now').click()
  await page.locator('[data-testid="sync-now"]:not(.van-button--loading)').waitFor()
}

/** Scrolls the session's 报送与审核 card to the top of the screen. */
async function showSteps(page: Page): Promise<void> {
  await page.evaluate(() =>
    document.querySelector('[data-testid="packet-steps"]')?.scrollIntoView({ block: 'start', behavior: 'instant' }),
  )
}

async function setLargeText(page: Page, isLarge: boolean): Promise<void> {
  await page.evaluate((large) => document.documentElement.classList.toggle('text-large', large), isLarge)
}

export async function shootUnitRecords(openPage: (origin: string) => Promise<Page>, shoot: Shoot): Promise<void> {
  const server = await startServer()
  try {
    const origin = server.origin
    await createAccountByApi(origin, 'zhaolei')
    const admin = await signInByApi(origin, SUITE_ADMIN.name, SUITE_ADMIN.password)
    const ids: Record<string, string> = {}
    const people = [
      ['zhangwei', '张立新'],
      ['liuwenjing', '刘文静'],
      ['wangjianguo', '王建国'],
      ['limh', '李明华'],
      ['zhaoxm', '赵雪梅'],
      ['liuqiang', '刘强'],
    ] as const
    for (const [name, displayName] of people)
      ids[name] = (
        await api<{ account: { id: string } }>(origin, 'POST', '/api/admin/accounts', admin, {
          name,
          password: E2E_PASSWORD,
          displayName,
        })
      ).account.id
    const { unit: committee } = await api<{ unit: { id: string } }>(origin, 'POST', '/api/admin/units', admin, {
      kind: 'partyCommittee',
      name: '市文化和旅游局党委',
      parentId: null,
    })
    const { unit: group } = await api<{ unit: { id: string } }>(origin, 'POST', '/api/admin/units', admin, {
      kind: 'centerGroup',
      name: '局党委理论学习中心组',
      parentId: committee.id,
    })
    for (const [name] of people.filter(([name]) => name !== 'liuqiang'))
      await api(origin, 'PUT', `/api/admin/units/${group.id}/members/${ids[name]}`, admin, {
        role: name === 'zhangwei' ? 'secretary' : 'member',
      })
    // 刘强 reviews the committee: the center group's packets come to him.
    await api(origin, 'PUT', `/api/admin/units/${committee.id}/reviewers/${ids.liuqiang}`, admin)

    const secretary = await openPage(origin)
    await signInThroughUi(secretary, 'zhangwei')
    await openNewForm(secretary, 'study')
    const roster = secretary.getByTestId('roster-picker')
    await roster.locator('.van-checkbox').nth(4).waitFor()
    for (const name of ['张立新', '刘文静', '王建国', '李明华']) await roster.getByText(name).click()
    await fillStudySession(secretary, {
      topic: '学习贯彻党的二十届四中全会精神',
      place: '局三楼会议室',
      present: ['市委宣讲团刘明'],
    })
    await secretary.evaluate(() => window.scrollTo(0, 0))
    await shoot(secretary, 'units-session-form')
    await secretary.evaluate(() =>
      document.querySelector('[data-testid="roster-picker"]')?.scrollIntoView({ block: 'center' }),
    )
    await shoot(secretary, 'units-session-roster')
    const sessionId = await saveForm(secretary, 'study')
    // 一学一报 sent upward (issue "一学一报 for real"): 待发送 on the phone, then 待审核 once the server has it.
    await secretary.getByTestId('packet-submit').click()
    await secretary.locator('.van-dialog').filter({ visible: true }).locator('.van-dialog__confirm').click()
    await secretary.locator('[data-testid="packet-steps"] [data-unsent="true"]').waitFor()
    await showSteps(secretary)
    await shoot(secretary, 'review-packet-unsent')
    await syncNow(secretary)

    const member = await openPage(origin)
    await signInThroughUi(member, 'liuwenjing')
    await openList(member, 'study')
    await cards(member).first().waitFor({ timeout: 20_000 })
    await shoot(member, 'units-study-list')
    await cards(member).first().click()
    await member.getByTestId('record-owner').waitFor()
    await shoot(member, 'units-session-detail')
    const reviewer = await openPage(origin)
    await signInThroughUi(reviewer, 'liuqiang')
    await syncNow(reviewer)
    await reviewer.getByTestId('open-review').click()
    await reviewer.getByTestId('review-queue').waitFor({ timeout: 20_000 })
    await shoot(reviewer, 'review-page')
    await reviewer.goto(`/study/${sessionId}`)
    await reviewer.getByTestId('packet-accept').waitFor({ timeout: 20_000 })
    await showSteps(reviewer)
    await shoot(reviewer, 'review-packet-waiting')
    await reviewer.getByTestId('packet-return').click()
    await reviewer.getByTestId('packet-return-comment').locator('textarea').fill('缺少影像资料，请补充会议照片和签到表')
    await shoot(reviewer, 'review-return-sheet')
    await reviewer.getByTestId('packet-return-send').click()
    await reviewer.locator('[data-testid="packet-steps"] [data-unsent="true"]').waitFor()
    await syncNow(reviewer)
    // The unit's year, as the reviewer opens it from 审核.
    await reviewer.goto('/review')
    await reviewer.getByTestId('review-unit').first().click()
    await reviewer.getByTestId('unit-year-table').waitFor()
    await shoot(reviewer, 'review-unit-year')
    await reviewer.getByTestId('unit-year-table').locator('tbody tr').last().click()
    await reviewer.getByTestId('figure-records-sessions').waitFor()
    await shoot(reviewer, 'review-unit-year-month')
    // The same sheet at the largest text size: the class the setting puts on <html> (settings.ts applyToDocument).
    await setLargeText(reviewer, true)
    await shoot(reviewer, 'review-unit-year-month-large')
    await setLargeText(reviewer, false)
    await syncNow(secretary)
    await secretary.goto(`/study/${sessionId}`)
    await secretary.locator('[data-testid="packet-steps"][data-state="returned"]').waitFor({ timeout: 20_000 })
    await showSteps(secretary)
    await shoot(secretary, 'review-packet-returned')

    // The unit's plan for this quarter: written by the secretary, then as the reviewer above receives it.
    const planPath = `/units/${group.id}/plan?period=${Math.ceil((new Date().getMonth() + 1) / 3)}`
    await secretary.goto(planPath)
    const planForm = secretary.getByTestId('plan-form')
    await planForm.waitFor()
    const topics = [
      '学习贯彻党的二十届四中全会精神\n文旅融合发展专题研讨',
      '《习近平文化思想学习纲要》第三章',
      '年度述学评学',
    ]
    for (const [i, text] of topics.entries()) await planForm.locator('textarea').nth(i).fill(text)
    await shoot(secretary, 'review-plan-form')
    await planForm.getByTestId('plan-submit').click()
    await secretary.locator('.van-dialog').filter({ visible: true }).locator('.van-dialog__confirm').click()
    await secretary.locator('[data-testid="plan-steps"] [data-unsent="true"]').waitFor()
    await syncNow(secretary)
    await syncNow(reviewer)
    await reviewer.goto(planPath)
    await reviewer.getByTestId('plan-accept').waitFor({ timeout: 20_000 })
    await shoot(reviewer, 'review-plan-waiting')

    await member.goto('/')
    await member.getByTestId('home-switch').locator(`[data-unit="${group.id}"]`).click()
    await member.getByTestId('unit-attendance').waitFor()
    await shoot(member, 'units-home-unit')

    await openNewForm(member, 'visits')
    await member.getByTestId('owner-share').waitFor()
    await fillVisit(member, { place: '桃源镇综合文化站', findings: '文化站周末开放时间短，群众反映借书不便。' })
    await member.evaluate(() => window.scrollTo(0, 0))
    await shoot(member, 'units-visit-share')
    await saveForm(member, 'visits')
    await syncNow(member)

    await syncNow(secretary)
    await openList(secretary, 'visits')
    await cards(secretary).first().waitFor({ timeout: 20_000 })
    await cards(secretary).first().click()
    await secretary.getByTestId('record-owner').waitFor()
    await shoot(secretary, 'units-visit-read-only')
  } finally {
    await server.close()
  }
}

/**
 * Screenshots of a unit's records as its people see them (issue "Units and roles"): the secretary's new 中心组 session
 * with 记录归属 and the roster, the session on a member's phone, 首页 switched to the unit, a member's visit with
 * 共享给…, and that visit read-only on the secretary's phone. On a server of their own; part of screenshots.ts,
 * `npm run screenshots -- --only=units` takes these alone.
 */
import type { Page } from 'playwright-core'
import { createAccountByApi, E2E_PASSWORD, signInByApi, signInThroughUi, SUITE_ADMIN } from './support/accounts'
import { fillStudySession, fillVisit } from './support/records'
import { startServer } from './support/server'
import { cards, openList, openNewForm, saveForm } from './support/ui'

type Shoot = (page: Page, screen: string) => Promise<void>

async function api<T>(origin: string, method: string, path: string, token: string, body?: unknown): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

async function syncNow(page: Page): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('sync-now').click()
  await page.locator('[data-testid="sync-now"]:not(.van-button--loading)').waitFor()
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
    for (const [name] of people)
      await api(origin, 'PUT', `/api/admin/units/${group.id}/members/${ids[name]}`, admin, {
        role: name === 'zhangwei' ? 'secretary' : 'member',
      })

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
    await saveForm(secretary, 'study')
    await syncNow(secretary)

    const member = await openPage(origin)
    await signInThroughUi(member, 'liuwenjing')
    await openList(member, 'study')
    await cards(member).first().waitFor({ timeout: 20_000 })
    await shoot(member, 'units-study-list')
    await cards(member).first().click()
    await member.getByTestId('record-owner').waitFor()
    await shoot(member, 'units-session-detail')
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

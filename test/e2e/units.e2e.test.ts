/**
 * A unit's collective session, recorded once (issue "Units and roles"): the secretary records a 中心组 session offline,
 * picking who came from the roster; the members present see it after a sync and have its hours on their 首页; a member
 * removed from the unit loses it at the next sync; someone outside never gets it. The 首页 switch shows the unit's
 * month, and a member's visit is shared with the unit by default, read-only for the others.
 */
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
import { eventually, textOf } from './support/expect'
import { storedDraft } from './support/drafts'
import { createVisit, fillStudySession } from './support/records'
import { setupE2e } from './support/suite'
import { cards, dialogWith, openList, openNewForm, saveForm, waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()

const api = <T>(method: string, path: string, token: string, body?: unknown) =>
  apiCall<T>(suite.origin(), method, path, token, body)

/** Accounts with display names, and the unit tree 局党委 → 中心组 with a secretary and members. */
async function buildOrganization(suffix: string) {
  await createAccountByApi(suite.origin(), `zhaolei${suffix}`)
  const admin = await signInByApi(suite.origin(), SUITE_ADMIN.name, SUITE_ADMIN.password)
  const ids: Record<string, string> = {}
  for (const [name, displayName] of [
    ['zhangwei', '张伟'],
    ['lina', '李娜'],
    ['wangfang', '王芳'],
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
  await api('PUT', `/api/admin/units/${group.id}/members/${ids.wangfang}`, admin, { role: 'member' })
  return { admin, ids, groupId: group.id }
}

async function syncNow(page: Page): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('sync-now').click()
  await eventually(() => page.locator('[data-testid="sync-now"].van-button--loading').count()).toBe(0)
}

const hoursThisMonth = (page: Page) => textOf(page.getByTestId('figure-hoursMonth').locator('strong'))

describe('a unit’s collective session', () => {
  it('is recorded once offline by the secretary with the members picked from the roster, reaches those present with its hours, and leaves a removed member', async () => {
    const { admin, ids, groupId } = await buildOrganization('')
    const secretary = await suite.openPhone()
    await signInThroughUi(secretary.page, 'zhangwei')
    await waitForServiceWorkerControl(secretary.page)
    // The organization reaches the phone with the first sync; from then on the form knows it offline.
    await openNewForm(secretary.page, 'study')
    await eventually(() => textOf(secretary.page.getByTestId('owner-belongs-to'))).toContain('局党委理论学习中心组')
    await secretary.context.setOffline(true)
    await secretary.page.reload()
    await eventually(() => textOf(secretary.page.getByTestId('owner-belongs-to'))).toContain('局党委理论学习中心组')
    const roster = secretary.page.getByTestId('roster-picker')
    await eventually(() => roster.locator('.van-checkbox').count()).toBe(3)
    await roster.getByText('张伟').click()
    await roster.getByText('李娜').click()
    // Those not picked wait in 缺席人员 for their reasons; picking one takes the row away.
    const absentees = secretary.page.locator('[data-field="attendance.absent"] input[name$=".name"]')
    await eventually(() => absentees.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(
      ['王芳'],
    )
    await roster.getByText('王芳').click()
    await eventually(() => absentees.count()).toBe(0)
    expect(await textOf(roster)).toContain('已选 3/3 人')
    await fillStudySession(secretary.page, { topic: '学习贯彻党的二十届四中全会精神', present: ['市委宣讲团刘明'] })
    // Whose the session is, once chosen, is kept with the draft: 个人记录 survives a reload, then the unit again.
    const belongsTo = secretary.page.getByTestId('owner-belongs-to')
    await belongsTo.click()
    await secretary.page.locator('.van-action-sheet').getByText('个人记录').click()
    await eventually(async () => (await storedDraft(secretary.page, 'studySessions:new'))?.owner?.unitId).toBe(null)
    await secretary.page.reload()
    await dialogWith(secretary.page, /未保存的草稿/)
      .getByRole('button', { name: '恢复草稿' })
      .click()
    await eventually(() => textOf(belongsTo)).toContain('个人记录')
    await belongsTo.click()
    await secretary.page.locator('.van-action-sheet').getByText('局党委理论学习中心组').click()
    await eventually(() => textOf(belongsTo)).toContain('局党委理论学习中心组')
    const sessionId = await saveForm(secretary.page, 'study')
    // On the session: its unit, and 实到人员 with the members picked and the guest typed.
    expect(await textOf(secretary.page.getByTestId('record-owner'))).toContain('局党委理论学习中心组')
    expect(await textOf(secretary.page.locator('.detail-page'))).toMatch(
      /张伟、李娜、王芳、市委宣讲团刘明|市委宣讲团刘明、张伟、李娜、王芳/,
    )
    await secretary.context.setOffline(false)
    await syncNow(secretary.page)

    const member = await suite.openPhone()
    await signInThroughUi(member.page, 'lina')
    await openList(member.page, 'study')
    await eventually(() => cards(member.page).filter({ hasText: '四中全会' }).count(), 20_000).toBe(1)
    expect(await textOf(cards(member.page).filter({ hasText: '四中全会' }).getByTestId('owner-mark'))).toBe(
      '局党委理论学习中心组',
    )
    // A member reads it and cannot change it.
    await member.page.goto(`/study/${sessionId}`)
    await eventually(() => textOf(member.page.getByTestId('record-owner'))).toContain('书记或获准记录的成员')
    expect(await member.page.getByTestId('edit-record').count()).toBe(0)
    expect(await member.page.getByTestId('delete-record').count()).toBe(0)
    // Its hours are the member's own on 首页, logged once by the secretary.
    await member.page.goto('/')
    await eventually(() => hoursThisMonth(member.page)).toBe('2')
    // And the unit's month: held against the minimum, each member's attendance.
    await member.page.getByTestId('home-switch').locator(`[data-unit="${groupId}"]`).click()
    await eventually(() => textOf(member.page.getByTestId('unit-held'))).toContain('1/')
    expect(await textOf(member.page.getByTestId('unit-attendance').locator(`[data-account="${ids.lina}"]`))).toContain(
      '100%',
    )

    const other = await suite.openPhone()
    await signInThroughUi(other.page, 'wangfang')
    await openList(other.page, 'study')
    await eventually(() => cards(other.page).filter({ hasText: '四中全会' }).count(), 20_000).toBe(1)
    await other.page.goto('/')
    await eventually(() => hoursThisMonth(other.page)).toBe('2')

    // Someone outside the unit never gets it.
    const outsider = await suite.openPhone()
    await signInThroughUi(outsider.page, 'zhaolei')
    await syncNow(outsider.page)
    await openList(outsider.page, 'study')
    await outsider.page.waitForTimeout(500)
    expect(await cards(outsider.page).count()).toBe(0)

    // 王芳 leaves the unit: her phone loses the session at its next sync, and the hours with it.
    await api('DELETE', `/api/admin/units/${groupId}/members/${ids.wangfang}`, admin)
    await syncNow(other.page)
    await openList(other.page, 'study')
    await eventually(() => cards(other.page).filter({ hasText: '四中全会' }).count(), 20_000).toBe(0)
    await other.page.goto('/')
    await eventually(() => hoursThisMonth(other.page)).toBe('0')
  })

  it('shares a member’s visit with the unit by default, read-only for the others and outside their own figures', async () => {
    await buildOrganization('2')
    const member = await suite.openPhone()
    await signInThroughUi(member.page, 'lina2')
    await openNewForm(member.page, 'visits')
    const share = member.page.getByTestId('owner-share')
    await eventually(() => share.locator('.van-checkbox[aria-checked="true"]').count()).toBe(1)
    await member.page.goto('/visits')
    await createVisit(member.page, { place: '桃源镇文化站', findings: '周末开放时间短。' })
    expect(await textOf(member.page.getByTestId('record-owner'))).toContain('局党委理论学习中心组')
    await syncNow(member.page)

    const secretary = await suite.openPhone()
    await signInThroughUi(secretary.page, 'zhangwei2')
    await openList(secretary.page, 'visits')
    const card = cards(secretary.page).filter({ hasText: '桃源镇文化站' })
    await eventually(() => card.count(), 20_000).toBe(1)
    expect(await textOf(card.getByTestId('owner-mark'))).toBe('李娜')
    await card.click()
    await eventually(() => textOf(secretary.page.getByTestId('record-owner'))).toContain('李娜共享')
    expect(await secretary.page.getByTestId('edit-record').count()).toBe(0)
    // Not the secretary's own visit: 首页 does not count it.
    await secretary.page.goto('/')
    await eventually(() => textOf(secretary.page.getByTestId('count-visits'))).toMatch(/^0\b|\b0$/)
  })
})

/**
 * The organization screens (issue "Units and roles"): the administrator builds 局党委 → 中心组, 第一支部 in 组织管理 and
 * names a secretary; the secretary, on another phone, adds members by user name under 成员, sees who has signed in,
 * lets one record and removes another; a plain member has no 成员 for the unit and is refused when asking for it.
 * The tests build on each other (one server for the file), so they run in order.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { E2E_PASSWORD, signInByApi, signInThroughUi } from './support/accounts'
import { eventually, textOf } from './support/expect'
import {
  addMemberFromList,
  createUnitThroughUi,
  fillUnitForm,
  memberRow,
  myUnitRow,
  openOrganization,
  openPopup,
  submitMemberByName,
  unitRow,
} from './support/organization'
import { setupE2e } from './support/suite'
import { dialogWith, fieldError } from './support/ui'
import { LARGE_TEXT_SETTINGS, labelsBrokenMidWord } from './support/word-breaks'

const suite = setupE2e()

const ADMIN = { name: 'e2e-admin', password: 'e2e admin password' }
const COMMITTEE = '市文化和旅游局党委'
const GROUP = '局党委理论学习中心组'
const BRANCH = '机关第一党支部'
const NO_SECRETARY_ROSTER = '只有该党组织的书记或管理员可以管理它的成员'

/** The administrator (made through the API on first use) and the people the tests name, with their display names. */
async function adminToken(): Promise<string> {
  const status = (await (await fetch(`${suite.origin()}/api/auth/status`)).json()) as { needsSetup: boolean }
  if (!status.needsSetup) return signInByApi(suite.origin(), ADMIN.name, ADMIN.password)
  const response = await fetch(`${suite.origin()}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  })
  return ((await response.json()) as { token: string }).token
}

async function createPeople(): Promise<void> {
  const token = await adminToken()
  for (const [name, displayName] of [
    ['zhangwei', '张伟'],
    ['lina', '李娜'],
    ['wangfang', '王芳'],
  ]) {
    const response = await fetch(`${suite.origin()}/api/admin/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name, displayName, password: E2E_PASSWORD }),
    })
    expect(response.status).toBe(201)
  }
}

/** The names in the unit picker that is open now, top to bottom. */
function pickerOptions(page: Page): Promise<string[]> {
  return page.getByTestId('unit-picker').getByTestId('unit-option-name').allInnerTexts()
}

let groupId = ''

describe('组织管理 and 成员', () => {
  it('the administrator builds 局党委 → 中心组, 第一支部, names a secretary and a reviewer; a move never offers the unit’s own subtree; a unit with units below is not deleted', async () => {
    await createPeople()
    const { page, context } = await suite.openPhone()
    await signInThroughUi(page, ADMIN.name, ADMIN.password)
    await openOrganization(page)
    await eventually(() => textOf(page.locator('.van-empty__description'))).toContain('还没有党组织')

    // The form says what is missing, in Chinese, before anything is sent.
    await page.getByTestId('add-unit').click()
    await page.getByTestId('unit-form').getByTestId('submit').click()
    await eventually(() => textOf(page.getByTestId('unit-form').locator('[data-field="kind"] .field-error'))).toBe(
      '请选择党组织的类型',
    )
    expect(await textOf(fieldError(page, 'name'))).toBe('请填写党组织的名称')
    await openPopup(page).locator('.van-popup__close-icon').click()
    await page.getByTestId('unit-form').waitFor({ state: 'hidden' })

    await createUnitThroughUi(page, { kind: '党委', name: COMMITTEE, parent: null })
    // The next ones go under the top unit unless told otherwise.
    await fillUnitForm(page, { kind: '理论学习中心组', name: GROUP })
    expect(await textOf(page.getByTestId('unit-form').locator('[data-field="parentId"] .van-cell__value'))).toBe(
      COMMITTEE,
    )
    await page.getByTestId('unit-form').getByTestId('submit').click()
    await unitRow(page, GROUP).waitFor()
    await createUnitThroughUi(page, { kind: '党支部', name: '第一支部', parent: COMMITTEE })
    const tree = await page
      .getByTestId('unit-row')
      .evaluateAll((rows) =>
        rows.map(
          (r) =>
            `${r.getAttribute('data-depth')} ${(r.querySelector('[data-testid="unit-name"]') as HTMLElement).innerText.trim()}`,
        ),
      )
    expect(tree).toEqual([`0 ${COMMITTEE}`, `1 ${GROUP}`, '1 第一支部'])
    expect(await textOf(unitRow(page, GROUP).locator('.van-cell__label'))).toBe('理论学习中心组 · 未任命书记 · 0 人')

    // 第一支部: renamed; its move offers the top, 局党委 and 中心组, never itself.
    await unitRow(page, '第一支部').click()
    await page.waitForURL(/\/admin\/units\/[0-9a-f-]+$/)
    await page.getByTestId('unit-rename').click()
    await page.getByTestId('rename-form').locator('[name="name"]').fill(BRANCH)
    await page.getByTestId('rename-form').getByTestId('submit').click()
    await eventually(() => textOf(page.getByTestId('unit-rename').locator('.van-cell__label'))).toBe(BRANCH)
    await page.getByTestId('unit-move').click()
    expect(await pickerOptions(page)).toEqual(['无（最上级组织）', COMMITTEE, GROUP])
    await openPopup(page).locator('.van-popup__close-icon').click()
    await page.getByTestId('unit-picker').waitFor({ state: 'hidden' })

    // 局党委: its move offers only the top (everything else is below it); a reviewer; not deleted while units are below.
    await page.goto('/admin/units')
    await unitRow(page, COMMITTEE).click()
    await page.getByTestId('unit-move').click()
    expect(await pickerOptions(page)).toEqual(['无（最上级组织）'])
    await openPopup(page).locator('.van-popup__close-icon').click()
    await page.getByTestId('unit-picker').waitFor({ state: 'hidden' })
    await page.getByTestId('add-reviewer').click()
    await openPopup(page).getByTestId('account-option').filter({ hasText: '王芳' }).click()
    await eventually(() => page.getByTestId('unit-reviewer').allInnerTexts()).toEqual([
      expect.stringContaining('王芳（wangfang）'),
    ])
    await page.getByTestId('remove-unit').click()
    await dialogWith(page, `删除“${COMMITTEE}”？`).locator('.van-dialog__confirm').click()
    await dialogWith(page, '只能删除没有下级组织、没有成员、没有记录的党组织').locator('.van-dialog__confirm').click()
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/units\/[0-9a-f-]+$/)

    // 中心组: 张伟 named its secretary from the account list.
    await page.goto('/admin/units')
    await unitRow(page, GROUP).click()
    await page.waitForURL(/\/admin\/units\/[0-9a-f-]+$/)
    groupId = new URL(page.url()).pathname.split('/').pop()!
    await addMemberFromList(page, '张伟（zhangwei）', '书记')
    expect(await memberRow(page, '张伟').getByTestId('member-role').innerText()).toBe('书记')
    await page.goto('/admin/units')
    await eventually(() => textOf(unitRow(page, GROUP).locator('.van-cell__label'))).toBe(
      '理论学习中心组 · 书记：张伟 · 1 人',
    )

    // Offline, a unit's screen says it needs the network, in words a person can act on.
    await context.setOffline(true)
    await unitRow(page, BRANCH).click()
    await page.waitForURL(/\/admin\/units\/[0-9a-f-]+$/)
    await eventually(() => textOf(page.getByTestId('units-error'))).toBe(
      '无法连接服务器。组织和成员的管理需要联网，请联网后再试；本机的记录不受影响。',
    )
  })

  it('the secretary, on another phone, adds members by user name, sees who has signed in, lets one record and removes another', async () => {
    const { page } = await suite.openPhone()
    await signInThroughUi(page, 'zhangwei')
    // 我的组织 comes with the first sync: the unit, the role, a way to its members.
    const mine = myUnitRow(page, GROUP)
    await eventually(() => textOf(mine), 20_000).toContain('书记')
    expect(await textOf(mine.getByTestId('my-unit-where'))).toBe(`理论学习中心组 · 上级：${COMMITTEE}`)
    await mine.click()
    await page.waitForURL(new RegExp(`/units/${groupId}/members$`))
    await eventually(() => textOf(page.getByTestId('roster-summary'))).toBe('理论学习中心组 · 共 1 人，1 人已登录')
    expect(await memberRow(page, '张伟').getByTestId('member-signed-in').innerText()).toBe('已登录')
    // A secretary's own row has no 移出 (the administrator's to do).
    expect(await memberRow(page, '张伟').getByTestId('member-remove').count()).toBe(0)

    await submitMemberByName(page, 'lina2')
    await eventually(() => textOf(fieldError(page, 'name'))).toBe(
      '没有用户名为“lina2”的账号，请核对后再试（用户名是登录时填写的名字，不是姓名）',
    )
    await submitMemberByName(page, ' LiNa ')
    await page.getByTestId('member-form').waitFor({ state: 'hidden' })
    await memberRow(page, '李娜').waitFor()
    await submitMemberByName(page, 'wangfang')
    await page.getByTestId('member-form').waitFor({ state: 'hidden' })
    await memberRow(page, '王芳').waitFor()
    expect(await memberRow(page, '李娜').getByTestId('member-signed-in').innerText()).toBe('未登录')
    expect(await memberRow(page, '李娜').getByTestId('member-last-seen').innerText()).toBe('从未登录')
    await eventually(() => textOf(page.getByTestId('roster-summary'))).toBe('理论学习中心组 · 共 3 人，1 人已登录')

    // 李娜 signs in on her phone: the roster says so.
    const member = await suite.openPhone()
    await signInThroughUi(member.page, 'lina')
    await page.reload()
    await eventually(() => textOf(memberRow(page, '李娜').getByTestId('member-signed-in'))).toBe('已登录')
    expect(await memberRow(page, '李娜').getByTestId('member-last-seen').innerText()).toBe('最近使用：今天')
    expect(await textOf(page.getByTestId('roster-summary'))).toBe('理论学习中心组 · 共 3 人，2 人已登录')

    await memberRow(page, '李娜').getByTestId('member-can-record').click()
    await eventually(() => memberRow(page, '李娜').getByTestId('member-records').count()).toBe(1)
    const token = await signInByApi(suite.origin(), 'lina')
    const mineOnServer = (await (
      await fetch(`${suite.origin()}/api/units`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { memberships: unknown[] }
    expect(mineOnServer.memberships).toEqual([{ unitId: groupId, role: 'member', canRecord: true }])

    await memberRow(page, '王芳').getByTestId('member-remove').click()
    await dialogWith(page, `把“王芳”移出“${GROUP}”？`).locator('.van-dialog__confirm').click()
    await eventually(() => memberRow(page, '王芳').count()).toBe(0)
    expect(await page.getByTestId('unit-member').count()).toBe(2)
  })

  it('a plain member sees the unit under 我的组织 with no way to 成员, and is refused when asking for it', async () => {
    const { page } = await suite.openPhone()
    await signInThroughUi(page, 'lina')
    const mine = myUnitRow(page, GROUP)
    await eventually(() => textOf(mine), 20_000).toContain('成员')
    expect(await mine.locator('.van-tag').allInnerTexts()).toEqual(['成员', '可记录'])
    expect(await mine.locator('.van-cell__right-icon').count()).toBe(0)
    await mine.click()
    expect(new URL(page.url()).pathname).toBe('/me')

    await page.goto(`/units/${groupId}/members`)
    await eventually(() => textOf(page.getByTestId('units-error'))).toBe(NO_SECRETARY_ROSTER)
    expect(await page.getByTestId('unit-member').count()).toBe(0)
    const token = await signInByApi(suite.origin(), 'lina')
    const asked = await fetch(`${suite.origin()}/api/units/${groupId}/members`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect([asked.status, ((await asked.json()) as { message: string }).message]).toEqual([403, NO_SECRETARY_ROSTER])
    // 管理 is the administrator's: no 组织管理 on her 我的.
    await page.goto('/me')
    await page.getByTestId('account-name').waitFor()
    expect(await page.getByTestId('manage-units').count()).toBe(0)
  })

  it('at the largest text size, breaks no label inside a word on 组织管理, a unit’s screen, 成员 or 我的组织', async () => {
    const broken: string[] = []
    const check = async (page: Page, screen: string) => {
      await page.evaluate(() => document.fonts.ready.then(() => undefined))
      await page.waitForTimeout(400)
      for (const { drawn } of await labelsBrokenMidWord(page)) broken.push(`${screen}: ${drawn}`)
    }
    const largePhone = async () => {
      const phone = await suite.openPhone()
      await phone.context.addInitScript(
        (settings) => localStorage.setItem('xsj.settings', settings),
        LARGE_TEXT_SETTINGS,
      )
      return phone.page
    }
    const admin = await largePhone()
    await signInThroughUi(admin, ADMIN.name, ADMIN.password)
    await openOrganization(admin)
    await unitRow(admin, GROUP).waitFor()
    await check(admin, '组织管理')
    await fillUnitForm(admin, { kind: '党小组', name: '第一党小组', parent: BRANCH })
    await check(admin, '新建党组织')
    await admin.goto(`/admin/units/${groupId}`)
    await memberRow(admin, '李娜').waitFor()
    await check(admin, 'unit')
    await admin.getByTestId('add-member').click()
    await openPopup(admin).getByTestId('add-role').waitFor()
    await check(admin, '添加成员 (admin)')

    const secretary = await largePhone()
    await signInThroughUi(secretary, 'zhangwei')
    await myUnitRow(secretary, GROUP).waitFor({ timeout: 20_000 })
    await check(secretary, '我的组织')
    await secretary.goto(`/units/${groupId}/members`)
    await memberRow(secretary, '李娜').waitFor()
    await check(secretary, '成员')
    await submitMemberByName(secretary, 'nobody')
    await fieldError(secretary, 'name').waitFor()
    await check(secretary, '添加成员')
    expect(broken).toEqual([])
  })
})

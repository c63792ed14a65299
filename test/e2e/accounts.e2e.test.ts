/**
 * Accounts as a person meets them, on a server that starts empty: the first-run screen, 用户管理, signing in on
 * another phone, records made while signed out, and a sign-in the server has revoked. The tests build on each
 * other (the first creates the administrator the others use), so they run in order.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  accountForm,
  accountRow,
  addAccountThroughUi,
  createAccountByApi,
  fillAddAccountForm,
  openSignIn,
  signInByApi,
  signInThroughUi,
  signOutEverywhereByApi,
  submitSignIn,
} from './support/accounts'
import { eventually, textOf, valueOf } from './support/expect'
import { createStudySession, createVisit } from './support/records'
import { setupE2e } from './support/suite'
import { cards, dialogWith, field, fieldError, fillField, openList, type RecordPath } from './support/ui'

const suite = setupE2e()

const ADMIN = { name: 'zhanglixin', displayName: '张立新', password: '党建引领 2026' }
const USER = { name: 'liwei', displayName: '李伟', firstPassword: '初始密码 12345', password: '李伟的新密码 2026' }
const OTHER = { name: 'wangfang', password: '王芳的密码 2026' }

/** The value column of a cell of 我的 → 账号与同步 (待同步, 上次同步). */
function cellValue(page: Page, testId: string) {
  return page.getByTestId(testId).locator('.van-cell__value')
}

function syncMarkOf(page: Page, title: string) {
  return cards(page).filter({ hasText: title }).getByTestId('sync-mark')
}

async function expectNothingPending(page: Page): Promise<void> {
  if (new URL(page.url()).pathname !== '/me') await page.goto('/me')
  await eventually(() => textOf(cellValue(page, 'pending-count'))).toBe('0 条修改')
}

async function expectCardSynced(page: Page, path: RecordPath, title: string): Promise<void> {
  await openList(page, path)
  await cards(page).filter({ hasText: title }).waitFor()
  await eventually(() => syncMarkOf(page, title).count()).toBe(0)
}

describe('accounts, through the screens', () => {
  it('first run: 我的 offers to create the administrator; the form refuses a short, own-name or common password and a mismatch, then signs in', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/me')
    await eventually(() => textOf(page.getByTestId('open-setup'))).toBe('首次使用：创建管理员账号')
    await page.getByTestId('open-setup').click()
    await page.waitForURL(/\/setup$/)

    await fillField(page, 'name', ADMIN.name)
    await fillField(page, 'displayName', ADMIN.displayName)
    await fillField(page, 'password', '1234567')
    await fillField(page, 'confirm', '1234567')
    await page.getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'password'))).toBe('密码至少 8 位')
    // The form knows the rule about the name; the list of common passwords only the server has, and its refusal
    // shows on the field all the same.
    await fillField(page, 'password', 'zhanglixin2026')
    await fillField(page, 'confirm', 'zhanglixin2026')
    await page.getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'password'))).toBe(
      '密码不能是用户名或姓名，也不能只在它们前后加几个数字或符号',
    )
    await fillField(page, 'password', 'qwertyuiop')
    await fillField(page, 'confirm', 'qwertyuiop')
    await page.getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'password'))).toBe('这个密码太常见，很容易被猜到，请换一个')

    await fillField(page, 'password', ADMIN.password)
    await fillField(page, 'confirm', `${ADMIN.password}!`)
    await page.getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'confirm'))).toBe('两次输入的密码不一致')
    expect(await fieldError(page, 'password').count()).toBe(0)
    expect(new URL(page.url()).pathname).toBe('/setup')
    const status = (await (await fetch(`${suite.origin()}/api/auth/status`)).json()) as { needsSetup: boolean }
    expect(status.needsSetup).toBe(true)

    await fillField(page, 'confirm', ADMIN.password)
    await page.getByTestId('submit').click()
    await page.waitForURL(/\/me$/)
    const account = page.getByTestId('account-name')
    await eventually(() => textOf(account.locator('.van-cell__value'))).toBe('张立新（zhanglixin）')
    expect(await account.locator('.van-tag').innerText()).toBe('管理员')
    expect(await page.getByTestId('open-setup').count()).toBe(0)
  })

  it('the administrator adds a user (a taken or look-alike name is refused), resets the password (not to a common one), disables and enables the user', async () => {
    const { page } = await suite.openPhone()
    await signInThroughUi(page, ADMIN.name, ADMIN.password)
    await page.getByTestId('manage-accounts').click()
    await page.waitForURL(/\/admin\/accounts$/)
    await eventually(() => accountRow(page, ADMIN.name).locator('.van-tag').allInnerTexts()).toEqual(['管理员', '我'])

    await addAccountThroughUi(page, { name: USER.name, displayName: USER.displayName, password: USER.firstPassword })
    const row = accountRow(page, USER.name)
    expect(await row.locator('.van-cell__title > span').innerText()).toBe('李伟（liwei）')
    expect(await row.locator('.van-tag').count()).toBe(0)

    await fillAddAccountForm(page, { name: USER.name, password: USER.firstPassword })
    await accountForm(page).getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'name'))).toContain('这个用户名已被使用')
    // Full-width letters are the name they look like: taken too. A Cyrillic і is refused before it is sent.
    await accountForm(page).locator('[name="name"]').fill('ｌｉｗｅｉ')
    await accountForm(page).getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'name'))).toContain('这个用户名已被使用')
    await accountForm(page).locator('[name="name"]').fill('l\u0456wei')
    await accountForm(page).getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'name'))).toBe(
      '用户名不能混用拉丁、西里尔、希腊字母，也不能用形似拉丁字母的西里尔或希腊字母',
    )
    await accountForm(page).locator('.van-popup__close-icon').click()
    await accountForm(page).waitFor({ state: 'hidden' })
    expect(await accountRow(page, USER.name).count()).toBe(1)

    await row.getByRole('button', { name: '重设密码' }).click()
    expect(await textOf(accountForm(page).locator('h2'))).toBe('重设密码：liwei')
    await accountForm(page).locator('[name="password"]').fill('password1')
    await accountForm(page).getByTestId('submit').click()
    await eventually(() => textOf(fieldError(page, 'password'))).toBe('这个密码太常见，很容易被猜到，请换一个')
    await accountForm(page).locator('[name="password"]').fill(USER.password)
    await accountForm(page).getByTestId('submit').click()
    await accountForm(page).waitFor({ state: 'hidden' })
    await signInByApi(suite.origin(), USER.name, USER.password)

    await row.getByRole('button', { name: '停用' }).click()
    await dialogWith(page, '停用后「liwei」将无法登录和同步').locator('.van-dialog__confirm').click()
    await eventually(() => row.locator('.van-tag').allInnerTexts()).toEqual(['已停用'])
    await expect(signInByApi(suite.origin(), USER.name, USER.password)).rejects.toThrow(/403/)

    await row.getByRole('button', { name: '启用' }).click()
    await eventually(() => row.locator('.van-tag').count()).toBe(0)
    expect(await textOf(row.getByRole('button', { name: '停用' }))).toBe('停用')
    await signInByApi(suite.origin(), USER.name, USER.password)
  })

  it('on another phone a wrong password is refused on the form; the right one signs in and uploads what was recorded before', async () => {
    const { page } = await suite.openPhone()
    await createVisit(page, { place: '青石镇石门村', findings: '村文化中心平日大门紧锁，群众反映活动少。' })
    await page.goto('/me')
    await eventually(() => textOf(cellValue(page, 'pending-count'))).toBe('1 条修改')

    await openSignIn(page)
    await submitSignIn(page, USER.name, '不是这个密码 123')
    await eventually(() => textOf(page.getByTestId('form-message'))).toBe('用户名或密码不正确')
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.goto('/me')
    await page.getByTestId('open-login').waitFor()
    expect(await page.getByTestId('account-name').count()).toBe(0)

    await openSignIn(page)
    await submitSignIn(page, USER.name, USER.password)
    await page.waitForURL(/\/me$/)
    await eventually(() => textOf(cellValue(page, 'account-name'))).toBe('李伟（liwei）')
    expect(await page.getByTestId('account-name').locator('.van-tag').count()).toBe(0)
    expect(await page.getByTestId('manage-accounts').count()).toBe(0)
    await expectNothingPending(page)
    await expectCardSynced(page, 'visits', '青石镇石门村')
  })

  it('signing out keeps the records and offers 登录以同步; another account is refused; signing back in uploads what was recorded meanwhile', async () => {
    const { page } = await suite.openPhone()
    await signInThroughUi(page, USER.name, USER.password)
    // The visit the other phone recorded before signing in reached the server: it comes down here.
    await openList(page, 'visits')
    await eventually(() => cards(page).filter({ hasText: '青石镇石门村' }).count(), 20_000).toBe(1)

    await page.goto('/me')
    await page.getByTestId('sign-out').click()
    expect(await textOf(dialogWith(page, '退出登录'))).toContain('退出后记录仍保存在本机')
    await dialogWith(page, '退出登录').locator('.van-dialog__confirm').click()
    await eventually(() => textOf(page.getByTestId('open-login'))).toContain('登录以同步')
    expect(await page.getByTestId('sign-out').count()).toBe(0)
    // Signing out on purpose is not an expired sign-in: no red bar.
    expect(await page.getByTestId('sign-in-bar').count()).toBe(0)
    await openList(page, 'visits')
    expect(await cards(page).filter({ hasText: '青石镇石门村' }).count()).toBe(1)

    await createStudySession(page, { topic: '学习新修订的《中国共产党纪律处分条例》' })
    await openList(page, 'study')
    await eventually(() => textOf(syncMarkOf(page, '纪律处分条例'))).toBe('未同步')

    await createAccountByApi(suite.origin(), OTHER.name, OTHER.password, ADMIN)
    await openSignIn(page)
    expect(await valueOf(field(page, 'name'))).toBe(USER.name)
    await submitSignIn(page, OTHER.name, OTHER.password)
    await eventually(() => textOf(page.getByTestId('form-message'))).toMatch(/^这台手机保存着账号「liwei」/)
    expect(new URL(page.url()).pathname).toBe('/login')

    await submitSignIn(page, USER.name, USER.password)
    await page.waitForURL(/\/me$/)
    await expectNothingPending(page)
    await expectCardSynced(page, 'study', '纪律处分条例')
  })

  it('when the server revokes the sign-in, 立即同步 shows the red bar; tapping it asks for the password and the pending record goes up', async () => {
    const { page } = await suite.openPhone()
    await signInThroughUi(page, USER.name, USER.password)
    // The first sync after signing in has finished: the revocation below meets the next one.
    await eventually(() => textOf(cellValue(page, 'last-sync'))).not.toMatch(/^(尚未同步)?$/)

    // Another device of the account taps 在所有设备上退出.
    await signOutEverywhereByApi(suite.origin(), await signInByApi(suite.origin(), USER.name, USER.password))
    const bar = page.getByTestId('sign-in-bar')
    expect(await bar.count()).toBe(0)
    // 立即同步 meets the revocation; on a slow machine a sync already under way (after the sign-in, a save, the
    // persistence question) may meet it first, and then the bar shows by itself and 立即同步 is gone.
    await eventually(async () => {
      if ((await bar.count()) === 0)
        await page
          .getByTestId('sync-now')
          .click({ timeout: 1_000 })
          .catch(() => undefined)
      return textOf(bar)
    }).toBe('登录已失效，点此重新输入密码')

    await createVisit(page, { place: '柳河村', summary: '协调文化站周末开放。' })
    await openList(page, 'visits')
    await eventually(() => textOf(syncMarkOf(page, '柳河村'))).toBe('未同步')

    await bar.click()
    await page.waitForURL(/\/login\?name=liwei$/)
    expect(await valueOf(field(page, 'name'))).toBe(USER.name)
    expect(await bar.count()).toBe(0)
    await fillField(page, 'password', USER.password)
    await page.getByTestId('submit').click()
    await page.waitForURL(/\/me$/)
    await expectNothingPending(page)
    expect(await bar.count()).toBe(0)
    await expectCardSynced(page, 'visits', '柳河村')
  })
})

/** Account steps a person takes in the app: the first-run screen, signing in. No vitest imports (screenshots use it). */
import type { Locator, Page } from 'playwright-core'

export const E2E_PASSWORD = '学习强国 2026'

export interface AccountInput {
  name: string
  displayName?: string
  password?: string
  isAdmin?: boolean
}

/** 我的 → 首次使用：创建管理员账号 → the form → back on 我的, signed in. */
export async function setUpAdministrator(
  page: Page,
  name: string,
  displayName: string,
  password = E2E_PASSWORD,
): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('open-setup').click()
  await page.waitForURL(/\/setup$/)
  await page.locator('[name="name"]').fill(name)
  await page.locator('[name="displayName"]').fill(displayName)
  await page.locator('[name="password"]').fill(password)
  await page.locator('[name="confirm"]').fill(password)
  await page.getByTestId('submit').click()
  await page.waitForURL(/\/me$/)
  await page.getByTestId('account-name').waitFor()
}

/** 我的 → 登录以同步: the sign-in form, empty or with the bound account's name. */
export async function openSignIn(page: Page): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('open-login').click()
  await page.waitForURL(/\/login/)
}

/** Types the name and password on the open sign-in form and taps 登录 (without waiting for the outcome). */
export async function submitSignIn(page: Page, name: string, password = E2E_PASSWORD): Promise<void> {
  await page.locator('[name="name"]').fill(name)
  await page.locator('[name="password"]').fill(password)
  await page.getByTestId('submit').click()
}

/** 我的 → 登录以同步 → name and password → back on 我的, signed in. */
export async function signInThroughUi(page: Page, name: string, password = E2E_PASSWORD): Promise<void> {
  await openSignIn(page)
  await submitSignIn(page, name, password)
  await page.waitForURL(/\/me$/)
  await page.getByTestId('account-name').waitFor()
}

/** A row of 用户管理, by the account's user name. */
export function accountRow(page: Page, name: string): Locator {
  const title = page.locator('.van-cell__title > span', { hasText: new RegExp(`^(.+（${name}）|${name})$`) })
  return page.getByTestId('account').filter({ has: title })
}

/** The open form of 用户管理 (添加用户, 重设密码): a popup from the bottom, not a toast or a dialog. */
export function accountForm(page: Page): Locator {
  return page.locator('.van-popup--bottom').filter({ visible: true })
}

/** 用户管理 → 添加用户 → the popup form → 保存; waits until the new account's row is listed. */
export async function addAccountThroughUi(page: Page, input: AccountInput): Promise<void> {
  await fillAddAccountForm(page, input)
  await accountForm(page).getByTestId('submit').click()
  await accountForm(page).waitFor({ state: 'hidden' })
  await accountRow(page, input.name).waitFor()
}

/** Opens the 添加用户 popup and fills it, without saving. */
export async function fillAddAccountForm(page: Page, input: AccountInput): Promise<void> {
  await page.getByTestId('add-account').click()
  const popup = accountForm(page)
  await popup.locator('[name="name"]').fill(input.name)
  await popup.locator('[name="displayName"]').fill(input.displayName ?? '')
  await popup.locator('[name="password"]').fill(input.password ?? E2E_PASSWORD)
  if (input.isAdmin) await popup.getByRole('switch').click()
}

export const SUITE_ADMIN = { name: 'e2e-admin', password: 'e2e admin password' }

async function postJson(
  origin: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ token?: string; message?: string }> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  const json = response.status === 204 ? {} : ((await response.json()) as { token?: string; message?: string })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${json.message ?? ''}`)
  return json
}

/** Signs in through the API (another device of the account, as far as the server knows); returns its token. */
export async function signInByApi(origin: string, name: string, password = E2E_PASSWORD): Promise<string> {
  const { token } = await postJson(origin, '/api/auth/login', { name, password })
  return token!
}

/** What another device of the account does with 在所有设备上退出: every token of the account stops working. */
export async function signOutEverywhereByApi(origin: string, token: string): Promise<void> {
  await postJson(origin, '/api/auth/logout-all', undefined, token)
}

/**
 * Makes an account on the test server through its API (not the UI). Without `admin`, the suite's own
 * administrator is created on first use; pass the administrator a test set up through the first-run screen.
 */
export async function createAccountByApi(
  origin: string,
  name: string,
  password = E2E_PASSWORD,
  admin: { name: string; password: string } = SUITE_ADMIN,
): Promise<void> {
  const status = (await (await fetch(`${origin}/api/auth/status`)).json()) as { needsSetup: boolean }
  const { token } = status.needsSetup
    ? await postJson(origin, '/api/auth/setup', admin)
    : await postJson(origin, '/api/auth/login', admin)
  await postJson(origin, '/api/admin/accounts', { name, password }, token)
}

/** A call to the server's API as `token` (the administrator's, mostly), failing with the server's words. */
export async function apiCall<T>(
  origin: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return (response.status === 204 ? {} : await response.json()) as T
}

/** Account steps a person takes in the app: the first-run screen, signing in. No vitest imports (screenshots use it). */
import type { Page } from 'playwright-core'

export const E2E_PASSWORD = '学习强国 2026'

/** 我的 → 首次使用：创建管理员账号 → the form → back on 我的, signed in. */
export async function setUpAdministrator(page: Page, name: string, displayName: string, password = E2E_PASSWORD): Promise<void> {
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

/** 我的 → 登录以同步 → name and password → back on 我的, signed in. */
export async function signInThroughUi(page: Page, name: string, password = E2E_PASSWORD): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('open-login').click()
  await page.waitForURL(/\/login/)
  await page.locator('[name="name"]').fill(name)
  await page.locator('[name="password"]').fill(password)
  await page.getByTestId('submit').click()
  await page.waitForURL(/\/me$/)
  await page.getByTestId('account-name').waitFor()
}

const SUITE_ADMIN = { name: 'e2e-admin', password: 'e2e admin password' }

/**
 * Makes an account on the test server through its API (not the UI): the suite's own administrator is created on
 * first use, then adds the account. For tests that need a second account on a server another test already set up.
 */
export async function createAccountByApi(origin: string, name: string, password = E2E_PASSWORD): Promise<void> {
  const post = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
    const json = (await response.json()) as { token?: string; message?: string }
    if (!response.ok) throw new Error(`${path}: ${response.status} ${json.message ?? ''}`)
    return json
  }
  const status = (await (await fetch(`${origin}/api/auth/status`)).json()) as { needsSetup: boolean }
  const admin = status.needsSetup ? await post('/api/auth/setup', SUITE_ADMIN) : await post('/api/auth/login', SUITE_ADMIN)
  await post('/api/admin/accounts', { name, password }, admin.token)
}

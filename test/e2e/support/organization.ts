/** Steps on the organization screens (组织管理, 成员, 我的组织). No vitest imports (screenshots use it). */
import type { Locator, Page } from 'playwright-core'

/** The open bottom popup (a form, a picker). */
export function openPopup(page: Page): Locator {
  return page.locator('.van-popup--bottom').filter({ visible: true })
}

/** A unit in 组织管理's tree, by its exact name. */
export function unitRow(page: Page, name: string): Locator {
  return page.getByTestId('unit-row').filter({ has: page.getByTestId('unit-name').getByText(name, { exact: true }) })
}

/** A member on 成员 or a unit's screen, by the name shown. */
export function memberRow(page: Page, displayName: string): Locator {
  return page
    .getByTestId('unit-member')
    .filter({ has: page.getByTestId('member-name').filter({ hasText: new RegExp(`^${displayName}(（.+）)?$`) }) })
}

/** A unit under 我的 → 我的组织, by its name. */
export function myUnitRow(page: Page, name: string): Locator {
  return page.getByTestId('my-unit').filter({ hasText: name })
}

/** 我的 → 组织管理. */
export async function openOrganization(page: Page): Promise<void> {
  await page.goto('/me')
  await page.getByTestId('manage-units').click()
  await page.waitForURL(/\/admin\/units$/)
}

export interface UnitInput {
  /** The kind as the sheet lists it: 党委, 理论学习中心组, 党支部… */
  kind: string
  name: string
  /** The parent's name, or null for a top unit; left as the form offers it when absent. */
  parent?: string | null
}

/** 组织管理 → 新建党组织 → the form filled in, without saving. */
export async function fillUnitForm(page: Page, input: UnitInput): Promise<void> {
  await page.getByTestId('add-unit').click()
  const form = page.getByTestId('unit-form')
  await form.waitFor()
  await form.locator('[data-field="kind"]').click()
  await page
    .locator('.van-action-sheet')
    .filter({ visible: true })
    .locator('.van-action-sheet__item', { hasText: new RegExp(`^${input.kind}$`) })
    .click()
  await page.locator('.van-action-sheet').filter({ visible: true }).waitFor({ state: 'hidden' })
  await form.locator('[name="name"]').fill(input.name)
  if (input.parent !== undefined) {
    await form.locator('[data-field="parentId"]').click()
    await pickUnit(page, input.parent)
  }
}

/** In the open unit picker, taps the unit (null: 无（最上级组织）). */
export async function pickUnit(page: Page, name: string | null): Promise<void> {
  const picker = page.getByTestId('unit-picker')
  await picker.waitFor()
  await (
    name === null
      ? picker.getByTestId('unit-option').first()
      : picker
          .getByTestId('unit-option')
          .filter({ has: page.getByTestId('unit-option-name').getByText(name, { exact: true }) })
  ).click()
  await picker.waitFor({ state: 'hidden' })
}

/** 新建党组织 → filled → 保存; waits for the unit in the tree. */
export async function createUnitThroughUi(page: Page, input: UnitInput): Promise<void> {
  await fillUnitForm(page, input)
  await page.getByTestId('unit-form').getByTestId('submit').click()
  await page.getByTestId('unit-form').waitFor({ state: 'hidden' })
  await unitRow(page, input.name).waitFor()
}

/** On a unit's screen (组织管理): 添加成员 → as 成员 or 书记 → the account, by the name shown in the list. */
export async function addMemberFromList(page: Page, shownName: string, role: '成员' | '书记' = '成员'): Promise<void> {
  await page.getByTestId('add-member').click()
  const picker = openPopup(page)
  await picker.getByTestId('add-role').getByText(role, { exact: true }).click()
  await picker.getByTestId('account-option').filter({ hasText: shownName }).click()
  await memberRow(page, shownName.replace(/（.*$/, '')).waitFor()
}

/** 成员 → 添加成员 → the user name → 添加 (without waiting for the outcome). */
export async function submitMemberByName(page: Page, name: string): Promise<void> {
  if (!(await page.getByTestId('member-form').isVisible())) await page.getByTestId('add-member').click()
  await page.getByTestId('member-form').locator('[name="name"]').fill(name)
  await page.getByTestId('member-form').getByTestId('submit').click()
}

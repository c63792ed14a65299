/**
 * Small steps a person takes in the app, written once for the e2e tests and the screenshot script. They wait on
 * what the screen shows (a value in a cell, a chip, a URL), not on fixed sleeps. No vitest imports here: the
 * screenshot script runs outside the test runner.
 */
import type { Locator, Page } from 'playwright-core'

/** The list paths of the three record types, as in src/app/record-paths.ts. */
export type RecordPath = 'study' | 'notes' | 'visits'

const ID_PATTERN = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

export function detailUrlPattern(path: RecordPath): RegExp {
  return new RegExp(`/${path}/(${ID_PATTERN})$`)
}

/** A text field or textarea of the generic form, by its field path (`topic`, `attendance.absent.0.name`). */
export function field(page: Page, name: string): Locator {
  return page.locator(`[name="${name}"]`)
}

export async function fillField(page: Page, name: string, value: string): Promise<void> {
  await field(page, name).fill(value)
}

/** The message under a form field (Vant's error-message), by the field's name. */
export function fieldError(page: Page, name: string): Locator {
  return page
    .locator('.van-field')
    .filter({ has: field(page, name) })
    .locator('.van-field__error-message')
}

/** The cell of a choice, date or link field, by its field path. */
export function fieldCell(page: Page, path: string): Locator {
  return page.locator(`[data-field="${path}"]`)
}

/** Opens a choice (or linked-record) cell and taps the option; waits until the cell shows it. */
export async function selectChoice(page: Page, path: string, optionLabel: string): Promise<void> {
  const cell = fieldCell(page, path)
  await cell.click()
  const sheet = page.locator('.van-action-sheet').filter({ visible: true })
  await sheet.locator('.van-action-sheet__item').filter({ hasText: optionLabel }).first().click()
  await sheet.waitFor({ state: 'hidden' })
  await cell.filter({ hasText: optionLabel }).waitFor()
}

/** Types one entry into a list field (materials, tags, present names) and taps 添加. */
export async function addListItem(page: Page, path: string, value: string): Promise<void> {
  const editor = page.locator(`.list-editor[data-field="${path}"]`)
  await editor.locator('input').fill(value)
  await editor.getByRole('button', { name: '添加', exact: true }).click()
  await editor.getByText(value, { exact: true }).waitFor()
}

/** Taps a repeatable-row button (添加缺席人员, 添加发言, 添加走访户, 添加问题). */
export async function addRow(page: Page, buttonLabel: string): Promise<void> {
  // Buttons with an icon carry its icon-font glyph in their accessible name: match the visible text instead.
  await page.getByRole('button').filter({ hasText: buttonLabel }).click()
}

export function saveButton(page: Page): Locator {
  return page.getByRole('button', { name: '保存', exact: true })
}

/** The form is ready once any draft question is settled: until then 保存 is disabled. */
export async function waitForFormReady(page: Page): Promise<void> {
  await page.locator('form button[type="submit"]:not([disabled])').waitFor()
}

/** Taps 保存 and waits for the detail page the app navigates to; returns the new record's id. */
export async function saveForm(page: Page, path: RecordPath): Promise<string> {
  await saveButton(page).click()
  const pattern = detailUrlPattern(path)
  // A failed save shows an alert (storage) or a toast (validation) instead of navigating: fail with its words.
  const complaint = page
    .locator('.van-dialog, .van-toast')
    .filter({ visible: true })
    .filter({ hasText: /保存失败|存储|需要修改/ })
  const outcome = await Promise.race([
    page.waitForURL(pattern).then(() => null),
    complaint
      .first()
      .waitFor()
      .then(
        () => complaint.first().innerText(),
        () => null,
      ),
  ])
  if (outcome !== null) throw new Error(`保存 did not save the record; the app says: ${outcome}`)
  await page.getByTestId('edit-record').waitFor()
  return pattern.exec(new URL(page.url()).pathname)![1]!
}

/** Opens a list page by its URL (offline, the service worker answers) and waits for its 新建 button. */
export async function openList(page: Page, path: RecordPath): Promise<void> {
  await page.goto(`/${path}`)
  await page.getByTestId('new-record').waitFor()
}

/** From a list page, 新建 opens an empty form. */
export async function openNewForm(page: Page, path: RecordPath): Promise<void> {
  await openList(page, path)
  await page.getByTestId('new-record').click()
  await page.waitForURL(new RegExp(`/${path}/new$`))
  await waitForFormReady(page)
}

/** Taps a bottom tab (首页, 学习, 笔记, 走访, 我的). */
export async function tapTab(page: Page, label: string): Promise<void> {
  // The tab's accessible name also holds its icon-font glyph, so match the label as text.
  await page.getByRole('tab').filter({ hasText: label }).click()
}

/** The record cards on the current page. */
export function cards(page: Page): Locator {
  return page.locator('main').getByRole('article')
}

/** The open Vant dialog (confirm, alert) holding the text. */
export function dialogWith(page: Page, text: string | RegExp): Locator {
  return page.locator('.van-dialog').filter({ visible: true }).filter({ hasText: text })
}

export async function waitForServiceWorkerControl(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
  })
  const isControlled = await page.evaluate(() => navigator.serviceWorker.controller !== null)
  if (!isControlled) {
    await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
  }
}

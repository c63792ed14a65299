/**
 * The Content-Security-Policy the server sends (src/server/http/security-headers.ts) against the app it serves:
 * one phone goes through every screen of src/app/router.ts, doing what each is for (a photo taken and opened, the
 * year's charts drawn, the exports and a backup downloaded, the first-run screen, 用户管理, sign-in, a conflict,
 * the offline start from the service worker), and the test fails on any violation the pages report.
 */
import type { Page, Response } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addDays, localDate } from '../../src/shared/dates'
import { accountRow, addAccountThroughUi, E2E_PASSWORD, setUpAdministrator, signInThroughUi } from './support/accounts'
import { exportRecords, REPORT_SETTINGS } from './support/export-records'
import { makeJpeg } from './support/photos'
import { watchPolicyViolations } from './support/policy-violations'
import { putKnownRecords } from './support/stored-records'
import { setupE2e } from './support/suite'
import {
  cards,
  fillField,
  openList,
  openNewForm,
  saveForm,
  waitForFormReady,
  waitForServiceWorkerControl,
} from './support/ui'

const suite = setupE2e()

const POSITION = { latitude: 29.0312345, longitude: 111.6987654, accuracy: 8 }
const CONFLICT_TOPIC = '学习《中国共产党章程》（两部手机都改过）'

function policyOf(response: Response | null): string {
  return response?.headers()['content-security-policy'] ?? ''
}

describe('Content-Security-Policy', () => {
  it('is sent with the app, and no screen of the app breaks it', async () => {
    const today = localDate()
    const { context, page } = await suite.openPhone({ geolocation: POSITION, permissions: ['geolocation'] })
    const violations = await watchPolicyViolations(context, page)
    await context.addInitScript(
      (settings) => localStorage.setItem('xsj.reportSettings', JSON.stringify(settings)),
      REPORT_SETTINGS,
    )
    const screens: string[] = []
    /** Waits for what shows the screen is drawn; fails there, naming the screen, if it broke the policy. */
    const seen = async (
      path: string,
      ready: (page: Page) => Promise<unknown> = () => Promise.resolve(),
    ): Promise<void> => {
      await ready(page)
      screens.push(path)
      expect(violations, `violations on ${path}`).toEqual([])
    }
    /** Opens a screen by its address. */
    const visit = async (path: string, ready: (page: Page) => Promise<unknown>): Promise<Response | null> => {
      const response = await page.goto(path)
      await seen(path, ready)
      return response
    }

    // 首页 over known records, with an overdue 一学一报 and a record in conflict.
    const first = await visit('/', (p) => p.getByTestId('count-studySessions').waitFor())
    expect(policyOf(first)).toContain("frame-ancestors 'none'")
    const known = exportRecords(today).stored
    known.studySessions = [
      ...(known.studySessions ?? []),
      {
        fields: {
          kind: 'collective',
          topic: '学习《中国共产党纪律处分条例》',
          date: addDays(today, -5),
          durationHours: 2,
          packet: { planReady: true, reportedOn: '' },
        },
      },
      {
        fields: {
          kind: 'collective',
          topic: CONFLICT_TOPIC,
          date: today,
          durationHours: 2,
          summary: '这台手机写的小结',
        },
        conflicts: [
          {
            id: 'c1',
            kind: 'field',
            field: 'summary',
            value: '另一台手机写的小结',
            deviceId: 'other-phone',
            at: `${today}T08:00:00.000Z`,
            rev: 3,
          },
        ],
      },
    ]
    await putKnownRecords(page, known)
    await visit('/', (p) => p.getByTestId('reminder').first().waitFor())
    await page.getByTestId('figure-problemsOpen').click()
    await seen('/figures/problemsOpen', (p) => p.getByTestId('figure-problem').first().waitFor())
    await visit('/figures/collectiveHeld', (p) => cards(p).first().waitFor())
    await visit('/reminders', (p) => p.getByTestId('notify-section').waitFor())
    await visit('/year', (p) => p.locator('.month-bar-chart canvas').nth(1).waitFor())
    await visit('/settings/reporting', (p) => p.getByTestId('save-settings').waitFor())

    // The lists, their filter, a study session's detail with its 一学一报, its form, and the conflict screen.
    for (const path of ['study', 'notes', 'visits'] as const) {
      await openList(page, path)
      await seen(`/${path}`, (p) => cards(p).first().waitFor())
    }
    await page.getByTestId('open-filter').click()
    await seen('/visits (筛选)', (p) => p.locator('.van-popup').filter({ visible: true }).first().waitFor())
    for (const path of ['study', 'notes'] as const) await visit(`/${path}/new`, (p) => waitForFormReady(p))
    await openList(page, 'notes')
    await cards(page).first().click()
    await seen('/notes/:id', (p) => p.getByTestId('edit-record').waitFor())
    await openList(page, 'study')
    await cards(page).filter({ hasText: CONFLICT_TOPIC }).click()
    await seen('/study/:id', (p) => p.getByTestId('conflict-status').waitFor())
    await page.getByTestId('open-conflicts').click()
    await seen('/study/:id/conflicts', (p) => p.getByTestId('conflict').waitFor())
    await page.goBack()
    await page.getByTestId('edit-record').click()
    await seen('/study/:id/edit', (p) => waitForFormReady(p))

    // A visit with its position and a photo taken with the camera (compressed here), saved, then opened full size.
    await openNewForm(page, 'visits')
    await seen('/visits/new')
    await fillField(page, 'place', '青龙村农家书屋')
    await page.locator('[data-field="location"]').getByTestId('take-location').click()
    await page.locator('[data-field="location"]').getByTestId('geo-point').waitFor()
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('photo-take').click()])
    await chooser.setFiles([await makeJpeg(page, 4000, 3000, 31, 'IMG_0031.jpg')])
    await page.getByTestId('photo-item').first().locator('img').waitFor({ timeout: 60_000 })
    await fillField(page, 'photos.0.caption', '借阅登记簿')
    await saveForm(page, 'visits')
    await seen('/visits/:id', (p) => p.getByTestId('photo-open').first().locator('img').waitFor())
    await page.getByTestId('photo-open').first().click()
    await seen('/visits/:id (照片)', (p) => p.locator('.van-image-preview img').first().waitFor())
    await page.keyboard.press('Escape')

    await visit('/search?q=文化中心', (p) => cards(p).first().waitFor())

    // 我的: storage, a backup file; 导出: the ledger and the report, then the month's print view.
    await visit('/me', (p) => p.getByTestId('storage-used').filter({ hasText: /\d/ }).waitFor())
    await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('backup-create').click()])
    await page.locator('.backup-created').filter({ visible: true }).getByRole('button').click()
    await page.getByTestId('open-export').click()
    await seen('/export', (p) => p.getByTestId('export-ledger').waitFor())
    await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-ledger').click()])
    await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-report').click()])
    await page.getByTestId('open-print').click()
    await seen('/print/:month', (p) => p.getByTestId('print-row').first().waitFor())

    // Accounts: the first-run screen, 用户管理, 待处理, signing out and in again.
    await setUpAdministrator(page, 'csp-admin', '管理员')
    await seen('/setup → /me (已登录)')
    await visit('/admin/accounts', (p) => accountRow(p, 'csp-admin').waitFor())
    await addAccountThroughUi(page, { name: 'csp-user', displayName: '普通用户' })
    await visit('/sync/issues', (p) => cards(p).first().waitFor())
    await page.goto('/me')
    await page.getByTestId('sign-out').click()
    await page.locator('.van-dialog__confirm').filter({ visible: true }).click()
    await page.getByTestId('open-login').waitFor()
    await signInThroughUi(page, 'csp-admin', E2E_PASSWORD)
    await seen('/login')

    // Offline, the service worker serves the app shell, with the same policy.
    await waitForServiceWorkerControl(page)
    await context.setOffline(true)
    const offline = await visit('/notes', (p) => cards(p).first().waitFor())
    expect(offline?.fromServiceWorker()).toBe(true)
    expect(policyOf(offline)).toBe(policyOf(first))
    await context.setOffline(false)

    console.log(`[csp] ${screens.length} screens visited without a violation: ${screens.join(', ')}`)
  }, 240_000)
})

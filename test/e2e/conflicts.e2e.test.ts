/**
 * A conflict says who wrote which version (the person's own change as 你在本机的修改, another device by its name), and
 * is hard to miss: a badge on 我的's tab, a reminder on 首页, and a note in an export made before it is settled.
 */
import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { localDate } from '../../src/shared/dates'
import { createAccountByApi, signInThroughUi } from './support/accounts'
import { eventually, textOf } from './support/expect'
import { createVisit, fillVisit } from './support/records'
import { putKnownRecords } from './support/stored-records'
import { setupE2e } from './support/suite'
import { cards, openList, saveForm, waitForFormReady, waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
const HARMONY =
  'Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 HuaweiBrowser/15.0.4 Mobile Safari/537.36'

describe('conflicts', () => {
  it('say which device wrote the other version: the person’s own change on this phone, another phone by its name, offline too', async () => {
    const a = await suite.openPhone({ userAgent: ANDROID })
    const b = await suite.openPhone({ userAgent: HARMONY })
    await createAccountByApi(suite.origin(), 'chenzhiqiang')
    await signInThroughUi(a.page, 'chenzhiqiang')
    await signInThroughUi(b.page, 'chenzhiqiang')
    const id = await createVisit(a.page, { place: '柳河村', summary: '初稿' })
    await openList(b.page, 'visits')
    await eventually(() => cards(b.page).count(), 20_000).toBe(1)
    // Both phones open the record offline below: from their service workers, once installed.
    await waitForServiceWorkerControl(a.page)
    await waitForServiceWorkerControl(b.page)

    await a.context.setOffline(true)
    await b.context.setOffline(true)
    for (const [phone, summary] of [
      [a, '甲手机：协调文化站周末开放'],
      [b, '乙手机：联系志愿者开展活动'],
    ] as const) {
      await phone.page.goto(`/visits/${id}/edit`)
      await waitForFormReady(phone.page)
      await fillVisit(phone.page, { place: '柳河村', summary })
      await saveForm(phone.page, 'visits')
    }
    // a's text reaches the server first; b's, second, is the one kept beside it.
    await a.context.setOffline(false)
    await a.page.getByTestId('pending-status').waitFor({ state: 'detached' })
    await b.context.setOffline(false)
    await b.page.getByTestId('conflict-status').waitFor({ timeout: 20_000 })
    await a.page.getByTestId('conflict-status').waitFor({ timeout: 20_000 })

    await b.page.getByTestId('open-conflicts').click()
    await b.page.waitForURL(/\/conflicts$/)
    await eventually(() => textOf(b.page.getByTestId('conflict-author'))).toMatch(/^你在本机的修改\n.+ 修改$/)
    const own = await textOf(b.page.getByTestId('conflict-other'))
    expect(own).toContain('乙手机：联系志愿者开展活动')
    expect(own).not.toContain('另一')

    await a.page.getByTestId('open-conflicts').click()
    await a.page.waitForURL(/\/conflicts$/)
    expect(await textOf(a.page.getByTestId('conflict-other'))).toContain('乙手机：联系志愿者开展活动')
    await eventually(() => textOf(a.page.getByTestId('conflict-author'))).toMatch(
      /^另一台设备（HarmonyOS · 华为浏览器）\n/,
    )
    // The name is kept on the phone: offline, the conflict still says who.
    await a.context.setOffline(true)
    await a.page.reload()
    await eventually(() => textOf(a.page.getByTestId('conflict-author'))).toMatch(
      /^另一台设备（HarmonyOS · 华为浏览器）\n/,
    )
  })

  it('are hard to miss: a badge on 我的, a reminder on 首页, and a note on the field in an export made meanwhile', async () => {
    const today = localDate()
    const { page } = await suite.openPhone()
    await page.goto('/')
    const conflict = {
      id: '0190a000-0000-7000-8000-00000000c001',
      kind: 'field' as const,
      field: 'place',
      value: '石门村村委会',
      deviceId: '0190a000-0000-7000-8000-0000000000d2',
      at: `${today}T08:00:00.000Z`,
      rev: 4,
    }
    await putKnownRecords(page, {
      visits: [{ fields: { kind: 'research', date: today, place: '桃源镇石门村' }, conflicts: [conflict] }],
    })
    await page.reload()

    // The badge and the reminders come from IndexedDB after the first paint: waited for, not read at once.
    await eventually(() => textOf(page.getByTestId('tab-me').locator('.van-badge'))).toBe('1')
    const reminder = page.locator('[data-testid="reminder"][data-kind="conflicts"]')
    await eventually(() => textOf(reminder)).toBe('1 条记录有冲突，两个版本都已保留，请选择保留哪一个')
    await eventually(() => textOf(page.getByTestId('reminders-bell').locator('.van-badge'))).toBe('1')
    await reminder.click()
    await page.waitForURL(/\/sync\/issues$/)
    await cards(page).filter({ hasText: '桃源镇石门村' }).waitFor()

    await page.goto('/export')
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('export-ledger').click(),
    ])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(new Uint8Array(readFileSync((await file.path())!)).buffer)
    const visits = workbook.getWorksheet('走访记录')!
    const headers = (visits.getRow(1).values as unknown[]).slice(1)
    expect(visits.getRow(2).getCell(headers.indexOf('走访地点') + 1).value).toBe('桃源镇石门村\n（另有版本待处理）')
    expect(visits.getRow(2).getCell(headers.indexOf('走访类型') + 1).value).toBe('调查研究')
  })
})

/**
 * 首页's figures against a count done here, over two months of generated records written into the app's real
 * IndexedDB; then one overdue 一学一报 followed through the list, the detail screen, the reminders and 已报送;
 * then the monthly minimum changed in 我的 and seen on 首页.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addDays, localDate, monthRange, yearRange } from '../../src/shared/dates'
import { COLLECTIVE_STUDY_KINDS, type StoredRecord } from '../../src/shared/records'
import { buildRows, putBatch, waitForAppDatabase, type SeedRow } from '../bench/seed'
import { eventually, textOf } from './support/expect'
import { setupE2e } from './support/suite'
import { waitForServiceWorkerControl } from './support/ui'

const suite = setupE2e()

/** Two months up to today (a month's boundary inside), and one unreported collective session five days ago. */
async function seed(
  page: Page,
  today: string,
): Promise<Record<'studySessions' | 'readingNotes' | 'visits', SeedRow[]>> {
  const version = await waitForAppDatabase(page, 'xuesijian')
  expect(version).toBeGreaterThan(0)
  const options = (count: number, seedNumber: number) => [count, seedNumber, today, 'e2e-device', 61] as const
  const rows = {
    studySessions: buildRows('studySessions', ...options(60, 11)),
    readingNotes: buildRows('readingNotes', ...options(40, 12)),
    visits: buildRows('visits', ...options(30, 13)),
  }
  for (const [store, list] of Object.entries(rows))
    await page.evaluate(putBatch, { dbName: 'xuesijian', store, rows: list })
  return rows
}

const live = <T extends StoredRecord>(rows: readonly T[]) => rows.filter((r) => r.deletedAt === null)
const within = (date: string, range: { from: string; to: string }) => date >= range.from && date <= range.to

async function figure(page: Page, testId: string): Promise<string> {
  return textOf(page.getByTestId(testId))
}

describe('首页 this month at a glance', () => {
  it('shows figures that match a count of the records, and each opens the records it counted', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    const today = localDate()
    const rows = await seed(page, today)
    await page.reload()

    const month = monthRange(today)
    const sessionsThisMonth = live(rows.studySessions).filter((s) => within(s.date, month))
    const collective = sessionsThisMonth.filter((s) =>
      COLLECTIVE_STUDY_KINDS.includes((s as StoredRecord<'studySessions'>).kind),
    )
    const notes = live(rows.readingNotes).filter((n) => within(n.date, month)).length
    const visits = live(rows.visits).filter((v) => within(v.date, month)).length
    const openProblems = live(rows.visits)
      .flatMap((v) => (v as StoredRecord<'visits'>).problems)
      .filter((p) => p.status !== 'resolved').length
    const hoursYear = live(rows.studySessions)
      .filter((s) => within(s.date, yearRange(today)))
      .reduce((sum, s) => sum + (s as StoredRecord<'studySessions'>).durationHours, 0)

    await eventually(() => textOf(page.getByTestId('count-studySessions').locator('strong'))).toBe(
      String(sessionsThisMonth.length),
    )
    expect(await textOf(page.getByTestId('count-readingNotes').locator('strong'))).toBe(String(notes))
    expect(await textOf(page.getByTestId('count-visits').locator('strong'))).toBe(String(visits))
    expect(await figure(page, 'figure-collectiveHeld')).toContain(`${collective.length}/1 次`)
    expect(await figure(page, 'figure-problemsOpen')).toContain(String(openProblems))
    expect(await figure(page, 'figure-hoursYear')).toContain(`${Math.round(hoursYear * 10) / 10} / 50 学时`)

    await page.getByTestId('figure-problemsOpen').click()
    await page.waitForURL(/\/figures\/problemsOpen$/)
    await eventually(() => textOf(page.getByTestId('figure-count'))).toBe(`共 ${openProblems} 条`)
    expect(await page.getByTestId('figure-problem').count()).toBe(openProblems)
  })

  it('follows an overdue 一学一报 from 首页 to the session, its reminder, and 已报送', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    const today = localDate()
    await waitForAppDatabase(page, 'xuesijian')
    const [row] = buildRows('studySessions', 1, 5, today, 'e2e-device')
    const overdue = {
      ...row!,
      kind: 'collective',
      topic: '学习《中国共产党纪律处分条例》',
      date: addDays(today, -5),
      durationHours: 2,
      packet: { planReady: true, reportedOn: '' },
      photos: [],
    } as SeedRow
    overdue.sortKey = `${overdue.date}|${overdue.sortKey.split('|').slice(1).join('|')}`
    await page.evaluate(putBatch, { dbName: 'xuesijian', store: 'studySessions', rows: [overdue] })
    await page.reload()

    await eventually(() => figure(page, 'figure-packetsOverdue')).toContain('1')
    const reminder = page.getByTestId('reminder').filter({ hasText: '一学一报已逾期' })
    expect(await textOf(reminder)).toContain('学习《中国共产党纪律处分条例》')

    await page.getByTestId('figure-packetsOverdue').click()
    await page.waitForURL(/\/figures\/packetsOverdue$/)
    const card = page.locator('.record-card').filter({ hasText: '学习《中国共产党纪律处分条例》' })
    expect(await textOf(card.getByTestId('packet-mark'))).toBe('一学一报逾期')
    await card.click()

    const packet = page.getByTestId('packet-card')
    await packet.waitFor()
    expect(await packet.getAttribute('data-state')).toBe('overdue')
    expect(await packet.locator('[data-part="plan"]').getAttribute('data-ready')).toBe('true')
    expect(await packet.locator('[data-part="photos"]').getAttribute('data-ready')).toBe('false')
    expect(await textOf(packet)).toContain('已逾期 2 天')
    await packet.getByTestId('mark-reported').click()
    await eventually(() => packet.getAttribute('data-state')).toBe('reported')

    await page.goto('/')
    await eventually(() => figure(page, 'figure-packetsOverdue')).toContain('0')
    expect(await page.getByTestId('reminder').filter({ hasText: '一学一报已逾期' }).count()).toBe(0)
  })

  it('shows due reminders as one phone notification when allowed, once a day', async () => {
    const { page } = await suite.openPhone({ permissions: ['notifications'] })
    await page.goto('/')
    await waitForServiceWorkerControl(page)
    await waitForAppDatabase(page, 'xuesijian')
    const today = localDate()
    const [row] = buildRows('studySessions', 1, 6, today, 'e2e-device')
    const overdue = {
      ...row!,
      kind: 'partyGroup',
      topic: '学习《关于新形势下党内政治生活的若干准则》',
      date: addDays(today, -10),
      packet: { planReady: false, reportedOn: '' },
    } as SeedRow
    overdue.sortKey = `${overdue.date}|${overdue.sortKey.split('|').slice(1).join('|')}`
    await page.evaluate(putBatch, { dbName: 'xuesijian', store: 'studySessions', rows: [overdue] })
    const shown = () =>
      page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration()
        return (await registration?.getNotifications())?.map((n) => `${n.title}|${n.body}`) ?? []
      })

    await page.reload()
    await eventually(shown).toHaveLength(1)
    const [notification] = await shown()
    expect(notification).toContain('学思践提醒|一学一报已逾期：学习《关于新形势下党内政治生活的若干准则》')

    // Opening the app again the same day shows nothing new: the notification is not repeated.
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration()
      for (const n of (await registration?.getNotifications()) ?? []) n.close()
    })
    await page.reload()
    await page.getByTestId('figure-packetsOverdue').waitFor()
    // Past the app's delay before it reminds (App.vue, REMIND_DELAY_MS 3 s), so a repeat would have shown by now.
    await page.waitForTimeout(4500)
    expect(await shown()).toEqual([])
  })

  it('takes the monthly minimum from 我的 and refuses a wrong value with a message', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/me')
    await page.getByTestId('report-settings').click()
    await page.waitForURL(/\/settings\/reporting$/)
    await page.locator('[name="monthlyMinimum"]').fill('40')
    await page.getByTestId('save-settings').click()
    await eventually(() => textOf(page.locator('.van-field__error-message').first())).toContain(
      '每月集体学习至少不能大于 31',
    )
    await page.locator('[name="monthlyMinimum"]').fill('3')
    await page.getByTestId('save-settings').click()
    await page.waitForURL(/\/me$/)
    expect(await textOf(page.getByTestId('report-settings'))).toContain('每月集体学习至少 3 次')

    await page.goto('/')
    await eventually(() => figure(page, 'figure-collectiveHeld')).toContain('0/3 次')
    expect(await figure(page, 'figure-collectiveHeld')).toContain('还差 3 次')
  })
})

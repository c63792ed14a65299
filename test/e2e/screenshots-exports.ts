/**
 * Screenshots of 导出台账与报告 and the month's print view (on screen, and printed: at the phone's size and at the
 * size of an A4 landscape sheet), with the known records of the export test. Part of screenshots.ts, in a fresh
 * context of its own; `npm run screenshots -- --only exports` takes these alone.
 */
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { localDate } from '../../src/shared/dates'
import { exportRecords, REPORT_SETTINGS } from './support/export-records'
import { newPhoneContext } from './support/browser'
import { putKnownRecords } from './support/stored-records'
import { NAME_SHIM } from '../bench/probes'

type Shoot = (page: Page, screen: string) => Promise<void>

/** A4 landscape at 96 CSS px an inch. */
const A4_LANDSCAPE = { width: 1123, height: 794 }

export async function shootExports(browser: Browser, origin: string, isDark: boolean, shoot: Shoot): Promise<void> {
  const options: BrowserContextOptions = {}
  const context = await newPhoneContext(browser, origin, options)
  // tsx names the functions the seeding evaluates in the page with a helper the page lacks.
  await context.addInitScript({ content: NAME_SHIM })
  await context.addInitScript(
    ({ settings, isDark }) => {
      localStorage.setItem('xsj.reportSettings', JSON.stringify(settings))
      localStorage.setItem('xsj.settings', JSON.stringify({ locale: 'zh-CN', textSize: 'standard', isDark }))
    },
    { settings: REPORT_SETTINGS, isDark },
  )
  try {
    const page = await context.newPage()
    await page.goto('/')
    const today = localDate()
    await putKnownRecords(page, exportRecords(today).stored)
    await page.goto('/export')
    await page.getByTestId('export-ledger').waitFor()
    await shoot(page, 'export')

    await page.getByTestId('open-print').click()
    await page.getByTestId('print-row').first().waitFor()
    await shoot(page, 'print-ledger')
    if (isDark) return
    await page.emulateMedia({ media: 'print' })
    await shoot(page, 'print-ledger-print')
    await page.setViewportSize(A4_LANDSCAPE)
    await shoot(page, 'print-ledger-a4')
  } finally {
    await context.close()
  }
}

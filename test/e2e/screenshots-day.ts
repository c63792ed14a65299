/**
 * Screenshots of what issue 17 ("A cadre's day, tried end to end") changed, at the default and the largest text
 * size (the theme is the caller's): the conflict page naming who wrote each version (你在本机的修改 on the phone
 * whose text came second, 另一台设备（HarmonyOS · 华为浏览器） on the other), 首页 with the conflict reminder, 我的's
 * tab badge and a draft named by its first words, 提醒, 待处理, the print view marking the conflicted field, the
 * visit form with its position taken on open (±米) and growing 家庭情况 / 问题描述, a study form's 缺席原因, 我的's
 * persistent-storage row and 数据安全, and (light only: a file has no theme) the year report's 一学一报 sentence
 * for a packet still within its deadline, as read back from the .docx.
 *
 * A real conflict: one account on two phones and a server of its own, both offline editing one visit's 走访小结.
 * Part of screenshots.ts; `npm run screenshots -- --only=day` takes these alone. Files are
 * docs/screenshots/day-<screen>-<standard|large>-<light|dark>.png.
 */
import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { localDate } from '../../src/shared/dates'
import { docxParts, paragraphs } from '../app/exports/docx-text'
import { NAME_SHIM } from '../bench/probes'
import { createAccountByApi, signInThroughUi } from './support/accounts'
import { newPhoneContext } from './support/browser'
import { REPORT_SETTINGS } from './support/export-records'
import { createVisit, fillReadingNote, fillStudySession, fillVisit } from './support/records'
import { startServer } from './support/server'
import { putKnownRecords } from './support/stored-records'
import {
  cards,
  dialogWith,
  openList,
  saveForm,
  waitForFormReady,
  waitForServiceWorkerControl,
  type RecordPath,
} from './support/ui'

type Shoot = (page: Page, screen: string) => Promise<void>
type TextSize = 'standard' | 'large'

const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'
const HARMONY =
  'Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 HuaweiBrowser/15.0.4 Mobile Safari/537.36'

/** A village in the hills, as the phone's GPS reports it on arrival. */
const ARRIVAL = { latitude: 29.0312345, longitude: 111.6987654, accuracy: 12 }

const PLACE = '桃源镇石门村'
const SUMMARY_THIS_PHONE = '协调镇综合文化站，落实村文化中心专人管理，每周二、四、六下午固定开放。'
const SUMMARY_OTHER_PHONE = '联系县图书馆为农家书屋补充新书，组织志愿者每月开展一次读书活动。'

async function newPhone(
  browser: Browser,
  origin: string,
  userAgent: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newPhoneContext(browser, origin, {
    userAgent,
    geolocation: ARRIVAL,
    permissions: ['geolocation'],
  })
  // tsx names the functions the seeding evaluates in the page with a helper the page lacks.
  await context.addInitScript({ content: NAME_SHIM })
  await context.addInitScript(
    (settings) => localStorage.setItem('xsj.reportSettings', JSON.stringify(settings)),
    REPORT_SETTINGS,
  )
  return { context, page: await context.newPage() }
}

/** The person's settings as the app keeps them; read when the app starts, so each navigation after this uses them. */
async function useSettings(page: Page, textSize: TextSize, isDark: boolean): Promise<void> {
  await page.evaluate((settings) => localStorage.setItem('xsj.settings', JSON.stringify(settings)), {
    locale: 'zh-CN',
    textSize,
    isDark,
  })
}

/** 新建 from the list; a draft left by the last round is discarded, so the form starts blank (and takes its position). */
async function openBlankForm(page: Page, path: RecordPath): Promise<void> {
  await openList(page, path)
  await page.getByTestId('new-record').click()
  await page.waitForURL(new RegExp(`/${path}/new$`))
  const question = dialogWith(page, '未保存的草稿')
  const ready = page.locator('form button[type="submit"]:not([disabled])')
  await Promise.race([question.waitFor(), ready.waitFor()])
  if (await question.isVisible()) await question.getByRole('button', { name: '丢弃' }).click()
  await waitForFormReady(page)
}

/** Scrolls the element to just under the fixed nav bar. */
async function scrollUnderNavBar(element: Locator): Promise<void> {
  await element.first().evaluate((element) => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur()
    window.scrollBy(0, element.getBoundingClientRect().top - 64)
  })
}

/** Waits for a draft of the open form to be kept (the form saves one shortly after typing). */
async function waitForDraft(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    async (count) => {
      const open = indexedDB.open('xuesijian')
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        open.onsuccess = () => resolve(open.result)
        open.onerror = () => reject(open.error)
      })
      const request = db.transaction('drafts').objectStore('drafts').count()
      const n = await new Promise<number>((resolve) => {
        request.onsuccess = () => resolve(request.result)
      })
      db.close()
      return n >= count
    },
    count,
    { polling: 200 },
  )
}

/**
 * The two phones of one account meet over one visit: both offline rewrite its 走访小结, the Android phone's text
 * reaches the server first, so both keep the HarmonyOS phone's as the other version. Returns the visit's id.
 */
async function makeConflict(a: Page, b: Page): Promise<string> {
  const id = await createVisit(a, { kind: '联系包帮村', place: PLACE, summary: '初步了解村文化中心使用情况。' })
  await openList(b, 'visits')
  await cards(b).filter({ hasText: PLACE }).first().waitFor({ timeout: 30_000 })
  await waitForServiceWorkerControl(a)
  await waitForServiceWorkerControl(b)
  await a.context().setOffline(true)
  await b.context().setOffline(true)
  for (const [phone, summary] of [
    [a, SUMMARY_THIS_PHONE],
    [b, SUMMARY_OTHER_PHONE],
  ] as const) {
    await phone.goto(`/visits/${id}/edit`)
    await waitForFormReady(phone)
    await fillVisit(phone, { place: PLACE, summary })
    await saveForm(phone, 'visits')
  }
  await a.context().setOffline(false)
  await a.getByTestId('pending-status').waitFor({ state: 'detached', timeout: 30_000 })
  await b.context().setOffline(false)
  await b.getByTestId('conflict-status').waitFor({ timeout: 30_000 })
  await a.getByTestId('conflict-status').waitFor({ timeout: 30_000 })
  return id
}

async function shootConflict(page: Page, id: string, author: RegExp, screen: string, shoot: Shoot): Promise<void> {
  await page.goto(`/visits/${id}/conflicts`)
  await page.getByTestId('conflict-author').filter({ hasText: author }).waitFor({ timeout: 30_000 })
  await shoot(page, screen)
}

/** The visit form as it opens on arrival (position taken, ±米), then its household and problem rows typed long. */
async function shootVisitForm(page: Page, size: TextSize, shoot: Shoot): Promise<void> {
  await openBlankForm(page, 'visits')
  const location = page.locator('[data-field="location"]')
  await location.getByTestId('location-on-open').filter({ hasText: '已自动获取' }).waitFor()
  await location.getByTestId('geo-point').waitFor()
  await fillVisit(page, {
    kind: '慰问走访',
    place: '桃源镇石门村三组',
    households: [
      {
        name: '石秀兰',
        situation: '独居老人，今年七十八岁，子女均在外地务工，患有高血压和关节炎，行动不便，靠低保和养老金生活。',
      },
    ],
    problems: [
      {
        description: '村里到镇卫生院没有班车，老人看病买药要托人骑摩托车接送，雨天山路湿滑，存在安全隐患。',
        category: '民生',
        raisedBy: '石秀兰',
      },
    ],
  })
  await scrollUnderNavBar(location)
  await shoot(page, `day-visit-location-${size}`)
  await scrollUnderNavBar(page.locator('.rows-editor__title').filter({ hasText: '走访户' }))
  await shoot(page, `day-visit-rows-${size}`)
}

async function shootStudyForm(page: Page, size: TextSize, shoot: Shoot): Promise<void> {
  await openBlankForm(page, 'study')
  await fillStudySession(page, {
    topic: '学习贯彻党的二十届四中全会精神',
    expected: 9,
    absent: [
      { name: '周海涛', reason: '外出参加全省文旅系统培训，已向主持人请假，会后自学并补写心得体会' },
      { name: '吴晓燕', reason: '病假' },
    ],
  })
  await scrollUnderNavBar(page.locator('.rows-editor__title').filter({ hasText: '缺席人员' }))
  await shoot(page, `day-study-absent-${size}`)
}

/**
 * The year report's 一学一报 sentence, as the .docx made on the phone says it: its paragraphs up to the first table,
 * read back from the file and set on a blank page (a page of the app would refuse the inline style), not Word's layout.
 */
async function shootYearReportText(page: Page, shoot: Shoot): Promise<void> {
  await page.goto('/export')
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    page.getByTestId('export-report').click(),
  ])
  const all = paragraphs(docxParts(new Uint8Array(readFileSync((await file.path())!))).document).filter(
    (p) => p.text.trim() !== '',
  )
  const firstTable = all.findIndex((p) => p.text.startsWith('（一）'))
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
  const body = all
    .slice(0, firstTable < 0 ? 12 : firstTable)
    .map((p) => {
      const text = escape(p.text)
      if (/Heading|Title/i.test(p.style)) return `<h3>${text}</h3>`
      return `<p${text.includes('一学一报') ? ' class="packets"' : ''}>${text}</p>`
    })
    .join('\n')
  const sheet = await page.context().newPage()
  try {
    await sheet.setContent(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><style>
      body { font: 16px/1.7 "Noto Serif CJK SC", "Noto Sans CJK SC", serif; margin: 20px 16px; color: #222; background: #fff; }
      .source { font: 13px/1.5 "Noto Sans CJK SC", sans-serif; color: #666; border-bottom: 1px solid #ddd; padding-bottom: 8px; margin-bottom: 12px; }
      h3 { font-size: 17px; margin: 14px 0 6px; } p { margin: 6px 0; text-indent: 2em; }
      .packets { background: #fff3b0; }
    </style><div class="source">${escape(file.suggestedFilename())}<br>从导出的 .docx 读出的段落文字（不是 Word 的版式）</div>${body}`)
    await shoot(sheet, 'day-year-report-docx')
  } finally {
    await sheet.close()
  }
}

export async function shootDay(browser: Browser, isDark: boolean, shoot: Shoot): Promise<void> {
  const server = await startServer()
  const contexts: BrowserContext[] = []
  try {
    const origin = server.origin
    const a = await newPhone(browser, origin, ANDROID)
    const b = await newPhone(browser, origin, HARMONY)
    contexts.push(a.context, b.context)
    // The browser's answer to persist() held at "not granted", as an unengaged Chromium gives: 我的 then shows the
    // row's tap to ask again, the state the person can act on.
    await a.context.addInitScript(() => {
      Object.defineProperty(StorageManager.prototype, 'persisted', { value: async () => false })
      Object.defineProperty(StorageManager.prototype, 'persist', { value: async () => false })
    })
    await createAccountByApi(origin, 'chenzhiqiang')
    await signInThroughUi(a.page, 'chenzhiqiang')
    await signInThroughUi(b.page, 'chenzhiqiang')
    const id = await makeConflict(a.page, b.page)

    // A 中心组 session held today: its 一学一报 is due in three days (REPORT_SETTINGS), not a shortfall yet.
    await putKnownRecords(a.page, {
      studySessions: [
        { fields: { kind: 'centerGroup', topic: '学习《中国共产党章程》', date: localDate(), durationHours: 2 } },
      ],
    })
    // A note begun without a title: 首页 names its draft by the first words typed.
    await openBlankForm(a.page, 'notes')
    await fillReadingNote(a.page, {
      kind: '原文摘抄',
      title: '',
      excerpt: '江山就是人民，人民就是江山。打江山、守江山，守的是人民的心。',
    })
    await waitForDraft(a.page, 1)

    for (const size of ['standard', 'large'] as const) {
      await useSettings(a.page, size, isDark)
      await useSettings(b.page, size, isDark)
      await shootConflict(b.page, id, /^你在本机的修改/, `day-conflict-own-${size}`, shoot)
      await shootConflict(
        a.page,
        id,
        /^另一台设备（HarmonyOS · 华为浏览器）/,
        `day-conflict-other-device-${size}`,
        shoot,
      )

      await shootVisitForm(a.page, size, shoot)
      await shootStudyForm(a.page, size, shoot)
      await waitForDraft(a.page, 3)

      await a.page.goto('/')
      await a.page.locator('[data-testid="reminder"][data-kind="conflicts"]').waitFor()
      await a.page.getByTestId('tab-me').locator('.van-badge').waitFor()
      await shoot(a.page, `day-home-${size}`)
      await scrollUnderNavBar(a.page.locator('.page-section-title').filter({ hasText: '未完成的草稿' }))
      await shoot(a.page, `day-home-drafts-${size}`)

      await a.page.goto('/reminders')
      await a.page.locator('[data-testid="reminder"][data-kind="conflicts"]').waitFor()
      await shoot(a.page, `day-reminders-${size}`)

      await a.page.goto('/sync/issues')
      await cards(a.page).filter({ hasText: PLACE }).waitFor()
      await shoot(a.page, `day-sync-issues-${size}`)

      await a.page.goto(`/print/${localDate().slice(0, 7)}`)
      await a.page.getByTestId('print-row').filter({ hasText: PLACE }).waitFor()
      await a.page.getByText('另有版本待处理').first().scrollIntoViewIfNeeded()
      await shoot(a.page, `day-print-conflict-${size}`)

      await a.page.goto('/me')
      await a.page.getByTestId('persistence').filter({ hasText: '点此申请' }).waitFor()
      await a.page.getByTestId('storage-used').filter({ hasText: /\d/ }).waitFor()
      await scrollUnderNavBar(a.page.getByTestId('storage-used'))
      await a.page.evaluate(() => window.scrollBy(0, -44))
      await shoot(a.page, `day-me-storage-${size}`)
      await scrollUnderNavBar(a.page.getByTestId('storage-safety'))
      await a.page.evaluate(() => window.scrollBy(0, -44))
      await shoot(a.page, `day-me-safety-${size}`)
    }
    if (!isDark) await shootYearReportText(a.page, shoot)
  } finally {
    for (const context of contexts) await context.close()
    await server.close()
  }
}

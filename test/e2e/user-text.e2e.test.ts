/**
 * What people type is shown as they typed it without disturbing the screen around it: a right-to-left override
 * (U+202E) in a topic reorders only that text, not the labels, dates and other fields beside it; a long unbroken
 * token (a pasted link, a file name) wraps instead of widening the page past the phone's 390 px.
 */
import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { addDays, localDate } from '../../src/shared/dates'
import { createReadingNote, fillStudySession } from './support/records'
import { putKnownRecords } from './support/stored-records'
import { setupE2e } from './support/suite'
import { cards, openList, openNewForm, saveForm } from './support/ui'

const suite = setupE2e()

const RLO = '\u202E'
/** Shown reversed ("exe.png"): what a file name spoofing its extension looks like. */
const SPOOF = `${RLO}gnp.exe`
const TOPIC = `${SPOOF} 学习`
/** Unbroken tokens: 300 characters where the field allows it, 200 (the limit) in a title or a material. */
const TOKEN_300 = 'https://xuexi.example.cn/'.padEnd(300, 'x')
const TOKEN_200 = 'Xuesijian'.repeat(23).slice(0, 200)
const VIEWPORT_WIDTH = 390

interface Box {
  left: number
  right: number
  top: number
  bottom: number
}

/** Where a piece of text is drawn inside the element: the box of its first occurrence in one text node. */
async function boxOfText(scope: Locator, text: string): Promise<Box> {
  const box = await scope.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted)
      if (at === -1) continue
      const range = document.createRange()
      range.setStart(node, at)
      range.setEnd(node, at + wanted.length)
      const { left, right, top, bottom } = range.getBoundingClientRect()
      return { left, right, top, bottom }
    }
    return null
  }, text)
  if (!box) throw new Error(`"${text}" is not shown in ${String(scope)}`)
  return box
}

/** Whether `later` is drawn after `earlier` in reading order: to its right on the same line, or on a line below. */
async function readsAfter(scope: Locator, earlier: string, later: string): Promise<string> {
  const a = await boxOfText(scope, earlier)
  const b = await boxOfText(scope, later)
  const sameLine = Math.abs(a.top - b.top) < (a.bottom - a.top) / 2
  const isAfter = sameLine ? b.left >= a.right - 1 : b.top >= a.bottom - 1
  return isAfter
    ? 'in order'
    : `"${later}" drawn at x=${Math.round(b.left)}, before "${earlier}" (x=${Math.round(a.left)}–${Math.round(a.right)})`
}

/**
 * Text nodes with the override that nothing isolates from the text around them: no isolate marks (U+2068 … U+2069)
 * around it in the text, and the nearest isolating element (unicode-bidi: isolate, as blocks are by default) holds
 * other text as well. Hidden nodes are left out. (Text of the app's own in the same node as the override is the
 * reading-order checks' part.)
 */
function unisolated(page: Page): Promise<string[]> {
  return page.evaluate((rlo) => {
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent!
      const parent = node.parentElement
      if (!text.includes(rlo) || !parent || parent.getClientRects().length === 0) continue
      let isolating: Element | null = parent
      while (
        isolating &&
        !['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(isolating).unicodeBidi)
      )
        isolating = isolating.parentElement
      const isStyled = isolating !== null && isolating.textContent!.trim() === text.trim()
      const isMarked = text
        .split(rlo)
        .slice(0, -1)
        .every((before) => before.lastIndexOf('\u2068') > before.lastIndexOf('\u2069'))
      if (!isStyled && !isMarked)
        found.push(`<${parent.tagName.toLowerCase()} class="${parent.className}">${text.slice(0, 40)}`)
    }
    return found
  }, RLO)
}

function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth)
}

describe('user text', () => {
  it('keeps the screen around a bidi override in order, and wraps long tokens within the phone', async () => {
    const today = localDate()
    const { page } = await suite.openPhone()
    await page.goto('/')
    await putKnownRecords(page, {
      studySessions: [
        {
          fields: {
            kind: 'collective',
            topic: TOPIC,
            date: addDays(today, -5),
            durationHours: 2,
            packet: { planReady: true, reportedOn: '' },
          },
        },
      ],
      visits: [
        {
          fields: {
            kind: 'research',
            date: addDays(today, -10),
            place: SPOOF,
            findings: TOKEN_300,
            problems: [
              {
                description: `${SPOOF} 问题`,
                category: 'publicCulture',
                raisedBy: '',
                status: 'open',
                dueDate: addDays(today, -3),
                resolution: '',
                resolvedDate: '',
              },
            ],
          },
          conflicts: [
            {
              id: 'c1',
              kind: 'field',
              field: 'findings',
              value: `${SPOOF} ${TOKEN_300}`,
              deviceId: 'other-phone',
              at: `${today}T08:00:00.000Z`,
              rev: 2,
            },
          ],
        },
      ],
    })
    const order: Record<string, string> = {}
    const widths: Record<string, number> = {}
    const leaks: Record<string, string[]> = {}
    const look = async (screen: string) => {
      widths[screen] = await pageWidth(page)
      leaks[screen] = await unisolated(page)
    }

    await openNewForm(page, 'study')
    await fillStudySession(page, {
      topic: TOPIC,
      place: SPOOF,
      host: '张立新',
      materials: [SPOOF, '学习纲要', TOKEN_200],
      summary: TOKEN_300,
    })
    await look('/study/new')
    // Wider than the phone, the form's own buttons end up under its fields and 保存 cannot be tapped.
    expect(widths['/study/new'], 'the form with a long material').toBe(VIEWPORT_WIDTH)
    const sessionId = await saveForm(page, 'study')
    const noteId = await createReadingNote(page, {
      title: TOKEN_200,
      excerpt: `${SPOOF} ${TOKEN_300}`,
      sessionTopic: 'gnp.exe 学习',
      tags: ['读原著'],
    })

    // The list card: the place, then 2 小时, then the host.
    await openList(page, 'study')
    const summary = cards(page).filter({ hasText: '张立新' }).locator('.record-card__summary')
    order['card: 地点 · 时长'] = await readsAfter(summary, 'gnp.exe', '小时')
    await look('/study')

    // The detail: the materials in the order given; then the note's link back, topic then date.
    await page.goto(`/study/${sessionId}`)
    await page.getByTestId('edit-record').waitFor()
    order['detail: 学习材料'] = await readsAfter(
      page.locator('.field-value').filter({ hasText: '学习纲要' }),
      'gnp.exe',
      '学习纲要',
    )
    await look('/study/:id')
    await page.goto(`/notes/${noteId}`)
    await page.getByTestId('edit-record').waitFor()
    order['detail: 关联学习记录'] = await readsAfter(page.locator('.linked-session'), 'gnp.exe', '年')
    await look('/notes/:id')
    await openList(page, 'notes')
    await cards(page).first().waitFor()
    await look('/notes')
    await page.goto(`/notes/${noteId}/edit`)
    await page.locator('[data-field="studySessionId"]').filter({ hasText: 'gnp.exe' }).waitFor()
    await look('/notes/:id/edit')

    // 首页's reminders and the problems behind a figure: the sentence around the topic keeps its order.
    await page.goto('/')
    const reminder = page.getByTestId('reminder').filter({ hasText: '一学一报已逾期' })
    order['首页: 提醒'] = await readsAfter(reminder, 'gnp.exe', '应于')
    await look('/')
    await page.goto('/figures/problemsOverdue')
    const problemLine = page.getByTestId('figure-problem').first().locator('.van-cell__label')
    order['figure: 地点 · 时限'] = await readsAfter(problemLine, 'gnp.exe', '办结时限')
    await look('/figures/problemsOverdue')

    await page.goto('/search?q=gnp')
    await cards(page).first().waitFor()
    await look('/search')
    await openList(page, 'visits')
    await cards(page).first().click()
    await page.getByTestId('open-conflicts').click()
    await page.getByTestId('conflict').waitFor()
    await look('/visits/:id/conflicts')

    console.log(
      `[user-text] page widths: ${JSON.stringify(widths)}\n[user-text] not isolated: ${JSON.stringify(leaks)}`,
    )
    expect(order).toEqual(Object.fromEntries(Object.keys(order).map((key) => [key, 'in order'])))
    expect(leaks).toEqual(Object.fromEntries(Object.keys(leaks).map((key) => [key, []])))
    expect(widths).toEqual(Object.fromEntries(Object.keys(widths).map((key) => [key, VIEWPORT_WIDTH])))
  })
})

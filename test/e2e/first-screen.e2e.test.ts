/**
 * The kept first screen (src/app/first-screen.ts, public/first-screen.js): a start page shown for a moment is kept,
 * and the next start paints it before the app's JavaScript has run, then the app's own page takes its place.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { eventually, textOf } from './support/expect'
import { createReadingNote } from './support/records'
import { setupE2e } from './support/suite'
import { cards, openList } from './support/ui'

const suite = setupE2e()
const NOTE_TITLE = '《习近平文化思想学习纲要》'
const KEY = 'xsj.first-screen:'

type KeptWindow = Window & { __keptRoot?: ShadowRoot; __violations?: string[] }

/** What the page kept for `path`, once it has (a moment after the page settled, when the phone is idle). */
async function keptFor(page: Page, path: string): Promise<string> {
  await eventually(() => page.evaluate((key) => localStorage.getItem(key) !== null, KEY + path)).toBe(true)
  return (await page.evaluate((key) => localStorage.getItem(key)!, KEY + path)) as string
}

/**
 * A phone where the app's scripts never run, holding `kept`: what shows is the kept screen alone. Its shadow root is
 * closed; the test opens it to read it. No service worker, so the aborted scripts stay aborted.
 */
async function keptScreenAlone(path: string, kept: string, shot: string) {
  const bare = await suite.openPhone({ serviceWorkers: 'block' })
  await bare.context.addInitScript(
    ([key, value]) => {
      localStorage.setItem(key!, value!)
      document.addEventListener('securitypolicyviolation', (event) => {
        ;(window as KeptWindow).__violations = [...((window as KeptWindow).__violations ?? []), event.violatedDirective]
      })
      const attach = Element.prototype.attachShadow
      Element.prototype.attachShadow = function (init) {
        const root = attach.call(this, { ...init, mode: 'open' })
        ;(window as KeptWindow).__keptRoot = root
        return root
      }
    },
    [KEY + path, kept],
  )
  await bare.page.route(/\/(assets|src)\/.*\.(js|ts)(\?.*)?$/, (route) => route.abort())
  await bare.page.goto(path)
  await eventually(() =>
    bare.page.evaluate(() => performance.getEntriesByName('xsj:first-screen-painted').length),
  ).toBe(1)
  // The icons' font, which text in a shadow root does not load by itself.
  await eventually(() => bare.page.evaluate(() => document.fonts.check('16px vant-icon'))).toBe(true)
  const shown = await bare.page.evaluate(() => {
    const root = (window as KeptWindow).__keptRoot!
    const card = root.querySelector('.record-card')
    return {
      text: card?.textContent ?? '',
      titleFontSize: getComputedStyle(root.querySelector('.record-card__title') ?? root.host).fontSize,
      height: card?.getBoundingClientRect().height ?? 0,
      tabs: root.querySelectorAll('.van-tabbar-item').length,
      // Set from the kept style attributes: the page starts below the fixed nav bar, not under it.
      contentTop: root.querySelector('main')?.firstElementChild?.children[1]?.getBoundingClientRect().top ?? 0,
      isDark: root.querySelector('.kept-root')?.classList.contains('van-theme-dark') ?? false,
      background: getComputedStyle(document.getElementById('first-screen')!).backgroundColor,
      pointerEvents: getComputedStyle(document.getElementById('first-screen')!).pointerEvents,
      appIsEmpty: document.getElementById('app')!.childElementCount === 0,
      violations: (window as KeptWindow).__violations ?? [],
    }
  })
  await bare.page.screenshot({ path: `docs/screenshots/${shot}.png` })
  await bare.context.close()
  return shown
}

/** A phone holding the note, its settings as given (read at the next start), then started again at `path`. */
async function phoneWithNote(settings: { textSize: 'standard' | 'large'; isDark: boolean }, path: string) {
  const { page } = await suite.openPhone()
  await page.goto('/')
  await createReadingNote(page, { title: NOTE_TITLE, excerpt: '坚持以人民为中心的创作导向。' })
  await page.evaluate(
    (value) => localStorage.setItem('xsj.settings', value),
    JSON.stringify({ locale: 'zh-CN', isPhotoStampOn: false, ...settings }),
  )
  await page.goto(path)
  return page
}

describe('the kept first screen', () => {
  it('paints /notes as it was last shown before the app runs, and gives way to the app once it shows the list', async () => {
    const { page } = await suite.openPhone()
    await page.goto('/')
    await createReadingNote(page, { title: NOTE_TITLE, excerpt: '坚持以人民为中心的创作导向。' })
    await openList(page, 'notes')
    await eventually(() => cards(page).filter({ hasText: NOTE_TITLE }).count()).toBe(1)
    const kept = await keptFor(page, '/notes')
    expect(kept).toContain(NOTE_TITLE)

    const shown = await keptScreenAlone('/notes', kept, 'first-screen-kept-light')
    expect(shown.text).toContain(NOTE_TITLE)
    expect(shown.height).toBeGreaterThan(40)
    expect(shown.tabs).toBe(5)
    expect(shown.contentTop).toBeGreaterThanOrEqual(40)
    // Taps go through to the app's page beneath, which is not there yet here: nothing is caught by a picture.
    expect(shown.pointerEvents).toBe('none')
    expect(shown.appIsEmpty).toBe(true)
    // Nothing the Content-Security-Policy refuses (the bare page is served with it, as every page).
    expect(shown.violations).toEqual([])

    // A real start: the kept screen is painted first, then removed once the app's list shows the card.
    await page.reload()
    await eventually(() => cards(page).filter({ hasText: NOTE_TITLE }).count()).toBe(1)
    expect(await page.evaluate(() => performance.getEntriesByName('xsj:first-screen-shown').length)).toBe(1)
    await eventually(() => page.locator('#first-screen').count()).toBe(0)
    expect(await textOf(cards(page).first())).toContain(NOTE_TITLE)
  })

  it('keeps 首页 in dark mode as it was shown, dark from the first frame', async () => {
    const page = await phoneWithNote({ textSize: 'standard', isDark: true }, '/')
    await eventually(() => page.locator('main .record-card').filter({ hasText: NOTE_TITLE }).count()).toBe(1)
    const kept = await keptFor(page, '/')

    const shown = await keptScreenAlone('/', kept, 'first-screen-kept-dark')
    expect(shown.text).toContain(NOTE_TITLE)
    expect(shown.isDark).toBe(true)
    // Dark behind the page too: the host's own background is the body's dark one, not white.
    expect(shown.background).not.toBe('rgb(255, 255, 255)')
    expect(shown.violations).toEqual([])
  })

  it('keeps the largest text size: the kept /notes is drawn as large as the app draws it', async () => {
    const page = await phoneWithNote({ textSize: 'large', isDark: false }, '/notes')
    await eventually(() => cards(page).filter({ hasText: NOTE_TITLE }).count()).toBe(1)
    const appTitleSize = await page.evaluate(
      () => getComputedStyle(document.querySelector('.record-card .record-card__title')!).fontSize,
    )
    const standardTitleSize = await page.evaluate(() => {
      document.documentElement.classList.remove('text-large')
      const size = getComputedStyle(document.querySelector('.record-card .record-card__title')!).fontSize
      document.documentElement.classList.add('text-large')
      return size
    })
    // The setting changes the size at all, or this test would prove nothing.
    expect(appTitleSize).not.toBe(standardTitleSize)
    const kept = await keptFor(page, '/notes')

    const shown = await keptScreenAlone('/notes', kept, 'first-screen-kept-large-light')
    expect(shown.text).toContain(NOTE_TITLE)
    expect(shown.titleFontSize).toBe(appTitleSize)
    expect(shown.violations).toEqual([])
  })
})

/**
 * Takes the picture of a start page for the next start (first-screen.ts): its markup, pruned to a screen's worth of
 * cards, and the style rules that apply to it, as text. Loaded after the first page has settled, off the entry.
 */
import { CONTENT, KEPT_SCREEN_KEY, KEPT_SCREEN_VERSION, START_PAGES } from './first-screen'
import { selectorOf, topLevelRules } from './kept-screen-css'

/** The cards kept: a phone's screen holds fewer. */
const MAX_CARDS = 12
/** The classes of <html> the kept screen repeats (settings.ts: dark mode, large text). */
const ROOT_CLASSES = ['van-theme-dark', 'text-large']

export interface KeptScreen {
  v: number
  html: string
  /** The elements' style attributes, by their data-kept-style index. */
  styles: string[]
  css: string
  rootClass: string[]
  rootStyle: string
  background: string
}

/** The page as it is now, if it is a start page showing content: its markup, pruned, and the rules it uses. */
export async function captureScreen(path: string): Promise<KeptScreen | null> {
  const app = document.getElementById('app')
  if (!START_PAGES.has(path) || !app?.querySelector(CONTENT)) return null
  const root = document.documentElement
  const rootClass = ROOT_CLASSES.filter((name) => root.classList.contains(name))
  // Matched inside a stand-in for <html>, so that `.van-theme-dark .x` finds .x as it does on the page.
  const scope = document.createElement('div')
  scope.className = rootClass.join(' ')
  const page = app.cloneNode(true) as HTMLElement
  scope.append(page)
  page.querySelectorAll('.record-card').forEach((card, i) => {
    if (i >= MAX_CARDS) card.remove()
  })
  // A photo's blob: URL dies with the page; an empty frame is better than a broken image.
  page.querySelectorAll('img').forEach((img) => {
    if (img.getAttribute('src')?.startsWith('blob:')) img.removeAttribute('src')
  })
  // The Content-Security-Policy refuses style attributes parsed from markup (no 'unsafe-inline'): each goes apart
  // and public/first-screen.js sets it through the CSSOM, as Vue does (the nav bar's placeholder height, icon sizes).
  const styles: string[] = []
  page.querySelectorAll('[style]').forEach((element) => {
    element.setAttribute('data-kept-style', String(styles.length))
    styles.push(element.getAttribute('style') ?? '')
    element.removeAttribute('style')
  })
  return {
    v: KEPT_SCREEN_VERSION,
    html: page.innerHTML,
    styles,
    css: await rulesUsedIn(scope),
    rootClass,
    // Vant's theme variables (ConfigProvider, scope global) and the color scheme are set on <html> itself.
    rootStyle: root.getAttribute('style') ?? '',
    background: getComputedStyle(document.body).backgroundColor,
  }
}

/** The stylesheets' own text, by address: fetched once (from the service worker's cache) per page load. */
const sheetTexts = new Map<string, string>()

async function textOf(sheet: CSSStyleSheet): Promise<string> {
  if (!sheet.href) return sheet.ownerNode?.textContent ?? ''
  let text = sheetTexts.get(sheet.href)
  if (text === undefined) {
    text = await (await fetch(sheet.href)).text()
    sheetTexts.set(sheet.href, text)
  }
  return text
}

/**
 * The rules of the page's sheets that can apply inside `scope`, in their own text. Rules for the root (`:root`,
 * `:host`: Vant's variables) and at-rules (@media, @keyframes) are kept whole; @font-face is left to the document's
 * sheets, which declare the fonts; a rule whose selector cannot be tested here is kept.
 */
async function rulesUsedIn(scope: HTMLElement): Promise<string> {
  const kept: string[] = []
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of topLevelRules(await textOf(sheet))) {
      if (rule.startsWith('@font-face')) continue
      const selector = selectorOf(rule)
      if (selector === null || /:root|:host|\bhtml\b|\bbody\b/.test(selector) || matchesIn(scope, selector))
        kept.push(selector === null ? rule : forShadowRoot(rule, selector))
    }
  }
  return kept.join('\n')
}

/**
 * Rules written for <html> made to match the kept page's root inside the shadow root instead: a <div> with the class
 * `kept-root` (and <html>'s classes, public/first-screen.js). `:root` becomes `.kept-root` and `html:root`
 * `div.kept-root`, each of the same specificity as before, so Vant's defaults, the app's settings (`html:root`) and
 * dark mode (`:root.van-theme-dark`) win over one another as they do on the page, and variables that name other
 * variables (`--van-button-primary-background: var(--van-primary-color)`) resolve where the app's values are set.
 */
function forShadowRoot(rule: string, selector: string): string {
  if (!selector.includes(':root')) return rule
  return selector.replace(/html:root/g, 'div.kept-root').replace(/:root/g, '.kept-root') + rule.slice(selector.length)
}

function matchesIn(scope: HTMLElement, selector: string): boolean {
  try {
    // Pseudo-classes of state and pseudo-elements are dropped for the test: `.x:hover::before` applies where .x is.
    const plain = selector.replace(/::?[a-z-]+(\([^)]*\))?/gi, '').trim()
    // The stand-in for <html> itself too: Vant's dark theme is `.van-theme-dark { --van-...: ... }` on <html>.
    return plain === '' || scope.matches(plain) || scope.querySelector(plain) !== null
  } catch {
    return true
  }
}

/** Keeps the page as it is now for the next start, if it is a start page showing content. */
export async function keepScreen(path: string): Promise<void> {
  try {
    const screen = await captureScreen(path)
    if (screen) localStorage.setItem(KEPT_SCREEN_KEY + path, JSON.stringify(screen))
  } catch {
    // A full or blocked localStorage, or a sheet that could not be read, only means no kept screen this time.
  }
}

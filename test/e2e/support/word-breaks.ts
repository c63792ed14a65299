/**
 * Labels that wrap inside a word: "学习方案已备 / 好" beside its switch, "恢 / 复" in a dialog's button. Chinese wraps
 * between any two characters, so a label squeezed into too little room splits a word without any overflow to see.
 * Each label's characters are measured where they are drawn; a line that starts anywhere but after a space or a
 * punctuation mark ("领学 / 主讲人" may wrap at its slash) breaks a word. Word boundaries cannot be trusted for this:
 * the browser's own segmenter cuts 学习方案已备好 as 学习|方案|已|备|好, and a label is one term however it is cut.
 * Sentences (hints, reminders, typed text) may wrap anywhere, as Chinese text does: only labels are checked, the
 * short texts that name things. No vitest imports (the screenshot script uses it).
 */
import type { Page } from 'playwright-core'

/** The app's stored settings at the largest text size (localStorage 'xsj.settings'), for the phones these checks run on. */
export const LARGE_TEXT_SETTINGS = JSON.stringify({ locale: 'zh-CN', textSize: 'large', isDark: false })

/** What names things on the screens: field and cell titles, buttons, tabs, tags, section and page titles. */
export const LABEL_SELECTORS = [
  '.van-field__label',
  '.van-cell__title > span',
  '.van-cell__value',
  '.van-button__text',
  '.van-tabbar-item__text',
  '.van-nav-bar__title',
  '.van-nav-bar__text',
  '.van-dialog__header',
  '.van-tag',
  '.van-radio__label',
  '.van-checkbox__label',
  '.van-tab__text',
  '.van-action-sheet__name',
  '.page-section-title',
  '.field-group__title',
  '.rows-editor__title',
  '.field-block__label',
  '.field-value__label',
  '.dashboard__label',
  '.dashboard__tile span',
  '.conflict-page__side-label',
  '.conflict-page__field',
  '.packet-card__part',
  'th',
].join(', ')

/**
 * Lines of short labels side by side, checked at any length: the print view's 单位、支部、姓名、打印日期 may wrap between
 * its labels, never inside one (打 / 印日期).
 */
export const LABEL_LIST_SELECTORS = ['.print-page__header p'].join(', ')

/** Longer than this, a text is a sentence, not a label. */
const LABEL_MAX_CHARS = 20

export interface MidWordBreak {
  label: string
  /** The label with ' / ' where it breaks inside a word. */
  drawn: string
}

export async function labelsBrokenMidWord(page: Page): Promise<MidWordBreak[]> {
  return page.evaluate(
    ({ selectors, listSelectors, maxChars }) => {
      const found: { label: string; drawn: string }[] = []
      for (const element of document.querySelectorAll(`${selectors}, ${listSelectors}`)) {
        const text = element.textContent ?? ''
        const isSentence = [...text].length > maxChars && !element.matches(listSelectors)
        if (text.trim() === '' || isSentence || !element.checkVisibility()) continue
        // The top of each character as drawn, in text order across the element's text nodes. A text node of its own
        // (the time under a conflict's author) may start a line: that is the layout, not a break.
        const tops: (number | null)[] = []
        const nodeStarts = new Set<number>()
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          nodeStarts.add(tops.length)
          const range = document.createRange()
          for (let i = 0; i < node.textContent!.length; i++) {
            range.setStart(node, i)
            range.setEnd(node, i + 1)
            const rect = range.getClientRects()[0]
            tops.push(rect && rect.width > 0 ? rect.top : null)
          }
        }
        const isSeparator = (c: string | undefined) => c === undefined || /[\s\p{P}\p{S}]/u.test(c)
        // A character drawn half a line below the one before it starts a new line.
        const newLine = parseFloat(getComputedStyle(element).fontSize) / 2
        const breaks: number[] = []
        let lastTop: number | null = null
        tops.forEach((top, i) => {
          if (top === null) return
          if (
            lastTop !== null &&
            top > lastTop + newLine &&
            !nodeStarts.has(i) &&
            !isSeparator(text[i - 1]) &&
            !isSeparator(text[i])
          )
            breaks.push(i)
          lastTop = top
        })
        if (breaks.length > 0)
          found.push({ label: text, drawn: breaks.reduceRight((s, i) => `${s.slice(0, i)} / ${s.slice(i)}`, text) })
      }
      return found
    },
    { selectors: LABEL_SELECTORS, listSelectors: LABEL_LIST_SELECTORS, maxChars: LABEL_MAX_CHARS },
  )
}

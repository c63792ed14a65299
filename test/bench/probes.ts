/**
 * Code that runs inside the page. `installProbes` is added with `context.addInitScript`, so it runs in every
 * document before the app's own scripts: a MutationObserver notes the `performance.now()` (milliseconds since
 * the navigation started) at which a watched condition first holds, then the time right after the next frame
 * (requestAnimationFrame, then a MessageChannel task: the frame holding the change has been produced).
 *
 * These functions are serialized by Playwright, so they may only use what they define themselves.
 */

export type ProbeName = 'card' | 'homeCounts' | 'searchInput' | 'searchCount' | 'resultCard'

export interface Mark {
  /** performance.now() when the MutationObserver first saw the condition hold (DOM updated and laid out). */
  at: number
  /** performance.now() after the following frame was produced; null until then. */
  paintedAt: number | null
  /** The text of the element that satisfied the condition. */
  text: string
}

export interface ProbeState {
  marks: Partial<Record<ProbeName, Mark | undefined>>
  /** performance.now() of the latest `input` event anywhere in the document (capture phase). */
  inputAt: number | null
  arm: (names: readonly ProbeName[]) => void
}

export type ProbeWindow = Window & { __bench?: ProbeState }

/** tsx (esbuild with keepNames) wraps named functions in `__name(...)`; the page needs a stand-in. */
export const NAME_SHIM = 'globalThis.__name = globalThis.__name || function (target) { return target }'

export function installProbes(): void {
  const visible = (element: Element | null): boolean => {
    if (!element) return false
    const rect = element.getBoundingClientRect()
    return rect.height > 0 && rect.width > 0 && rect.top < window.innerHeight && rect.bottom > 0
  }
  const firstVisible = (selector: string): Element | null => {
    for (const element of Array.from(document.querySelectorAll(selector))) if (visible(element)) return element
    return null
  }
  const textOf = (element: Element | null): string => (element?.textContent ?? '').trim()
  const tests: Record<ProbeName, () => string | null> = {
    card: () => {
      const card = firstVisible('.record-card')
      return card ? textOf(card).slice(0, 40) : null
    },
    homeCounts: () => {
      const tiles = Array.from(document.querySelectorAll('[data-testid^="count-"]'))
      if (tiles.length !== 3) return null
      const numbers = tiles.map((tile) => Number.parseInt(textOf(tile.querySelector('strong')), 10))
      return numbers.every((n) => n > 0) ? numbers.join(' / ') : null
    },
    // The box a person types into: on the builds before the stored index, typing then waited for the build.
    searchInput: () =>
      document.querySelector(
        '.search-page input[data-testid="search-input"], .search-page [data-testid="search-input"] input',
      )
        ? 'input'
        : null,
    searchCount: () => {
      const count = firstVisible('[data-testid="search-count"]')
      return count && /\d/.test(textOf(count)) ? textOf(count) : null
    },
    resultCard: () => {
      const card = firstVisible('.search-page .record-card')
      return card ? textOf(card).slice(0, 40) : null
    },
  }

  const pending = new Set<ProbeName>()
  let observer: MutationObserver | null = null
  const state: ProbeState = { marks: {}, inputAt: null, arm: () => undefined }

  const check = (): void => {
    for (const name of Array.from(pending)) {
      const text = tests[name]()
      if (text === null) continue
      pending.delete(name)
      const mark: Mark = { at: performance.now(), paintedAt: null, text }
      state.marks[name] = mark
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          mark.paintedAt = performance.now()
        }
        channel.port2.postMessage(null)
      })
    }
    // Once nothing is watched, stop observing so the probe costs nothing while the app keeps working.
    if (pending.size === 0 && observer) {
      observer.disconnect()
      observer = null
    }
  }

  state.arm = (names) => {
    for (const name of names) {
      state.marks[name] = undefined
      pending.add(name)
    }
    if (!observer) {
      observer = new MutationObserver(check)
      observer.observe(document, {
        childList: true,
        subtree: true,
        characterData: true,
        attributes: true,
        attributeFilter: ['class', 'style', 'hidden'],
      })
    }
    check()
  }

  document.addEventListener(
    'input',
    () => {
      state.inputAt = performance.now()
    },
    true,
  )
  ;(window as ProbeWindow).__bench = state

  const path = location.pathname
  if (path === '/') state.arm(['homeCounts', 'card'])
  else if (path === '/search') state.arm(['searchInput'])
  else if (/^\/(notes|study|visits)\/?$/.test(path)) state.arm(['card'])
}

/** A main-thread task of 50 ms or more, as the Long Tasks API reports it (ms since navigation start). */
export interface LongTask {
  startTime: number
  duration: number
}

type LongTaskWindow = Window & { __benchLongTasks?: { tasks: LongTask[]; observer: PerformanceObserver | null } }

/**
 * Added with `context.addInitScript`: notes every long task of the document from its start. Tasks under 50 ms are
 * not reported by the browser at all, so "no long task" means every task was shorter than that.
 */
export function installLongTaskProbe(): void {
  const tasks: LongTask[] = []
  const isSupported = PerformanceObserver.supportedEntryTypes.includes('longtask')
  const observer = isSupported
    ? new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) tasks.push({ startTime: entry.startTime, duration: entry.duration })
      })
    : null
  observer?.observe({ type: 'longtask' })
  ;(window as LongTaskWindow).__benchLongTasks = { tasks, observer }
}

/**
 * The long tasks that overlap `from`–`to` (performance.now() times), or null where the probe or the API is missing.
 * Entries still queued for the observer are taken too: the browser hands them over in a later task.
 */
export function longTasksBetween(range: { from: number; to: number }): LongTask[] | null {
  const probe = (window as LongTaskWindow).__benchLongTasks
  if (!probe?.observer) return null
  for (const entry of probe.observer.takeRecords())
    probe.tasks.push({ startTime: entry.startTime, duration: entry.duration })
  return probe.tasks.filter((task) => task.startTime < range.to && task.startTime + task.duration > range.from)
}

/** First contentful paint of the document, ms since navigation start. */
export function firstContentfulPaint(): number | null {
  const entry = performance.getEntriesByName('first-contentful-paint')[0]
  return entry ? entry.startTime : null
}

/** Whether every named mark has been painted. */
export function marksPainted(names: readonly ProbeName[]): boolean {
  const marks = (window as ProbeWindow).__bench?.marks
  return marks !== undefined && names.every((name) => typeof marks[name]?.paintedAt === 'number')
}

export function readProbes(): { marks: Partial<Record<ProbeName, Mark>>; inputAt: number | null } {
  const state = (window as ProbeWindow).__bench
  return { marks: { ...state?.marks }, inputAt: state?.inputAt ?? null }
}

export function armProbes(names: readonly ProbeName[]): void {
  const state = (window as ProbeWindow).__bench
  if (!state) throw new Error('the bench probes are not installed in this page')
  state.inputAt = null
  state.arm(names)
}

export interface ScrollResult {
  reached: number
  totalMs: number
  pageMs: number[]
  finished: boolean
  timedOut: boolean
}

/**
 * Scrolls the window to the bottom, waits until more cards are in the DOM and a frame has been produced, and
 * repeats until `target` cards are loaded, the list says it has no more, or `limitMs` is spent.
 */
export async function scrollUntil(arg: { target: number; limitMs: number; stallMs: number }): Promise<ScrollResult> {
  const cards = document.getElementsByClassName('record-card')
  // Vant renders the finished text only once the list has no more pages.
  const finished = (): boolean => document.querySelector('.van-list__finished-text') !== null
  const nextFrame = (): Promise<void> =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve()
        channel.port2.postMessage(null)
      }),
    )
  const moreThan = (count: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (cards.length > count) return resolve(true)
      const observer = new MutationObserver(() => {
        if (cards.length > count || finished()) {
          observer.disconnect()
          clearTimeout(timer)
          resolve(cards.length > count)
        }
      })
      const timer = setTimeout(() => {
        observer.disconnect()
        resolve(false)
      }, arg.stallMs)
      observer.observe(document.body, { childList: true, subtree: true })
    })

  const start = performance.now()
  const pageMs: number[] = []
  let timedOut = false
  while (cards.length < arg.target && !finished()) {
    if (performance.now() - start > arg.limitMs) {
      timedOut = true
      break
    }
    const before = cards.length
    const t0 = performance.now()
    const scroller = document.scrollingElement ?? document.documentElement
    scroller.scrollTop = scroller.scrollHeight
    if (!(await moreThan(before))) {
      // Nothing came: nudge (a scroll event may have been coalesced away) and try once more.
      scroller.scrollTop = Math.max(0, scroller.scrollHeight - window.innerHeight - 1)
      await nextFrame()
      scroller.scrollTop = scroller.scrollHeight
      if (!(await moreThan(before))) break
    }
    await nextFrame()
    pageMs.push(performance.now() - t0)
  }
  return { reached: cards.length, totalMs: performance.now() - start, pageMs, finished: finished(), timedOut }
}

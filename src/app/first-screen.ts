/**
 * The kept first screen (docs/architecture.md, "The kept first screen"): what a start page (首页 and the three lists)
 * looked like when it was last shown, its markup and the style rules that apply to it, kept in localStorage so that
 * public/first-screen.js can paint it before the app's JavaScript has run. The app's own page replaces it as soon as
 * it shows content: the kept picture is only ever seen for the part of a second the app takes to start.
 *
 * Kept when a start page has shown content for a moment (idle, off the path of any tap) and when the app is hidden
 * (closed, or another app opened), so the picture is the latest the person saw. It holds what the lists show, which
 * IndexedDB holds already on this device.
 */
import type { Router } from 'vue-router'
import { LIST_PATHS } from './record-paths'

/** The same key and version as in public/first-screen.js. */
export const KEPT_SCREEN_KEY = 'xsj.first-screen:'
export const KEPT_SCREEN_VERSION = 3

/** What a start page shows once it is ready: a record's card or an empty list's message. */
export const CONTENT = '.record-card, .van-empty'
/** After this long the kept screen goes whatever the page shows, so a page with nothing to show never sits under it. */
const RELEASE_AFTER_MS = 4000

export const START_PAGES: ReadonlySet<string> = new Set(['/', ...LIST_PATHS])

/**
 * Wires the kept first screen to the app: removes the one public/first-screen.js painted once the app's page shows
 * content (or the person goes elsewhere, or after RELEASE_AFTER_MS), and keeps a new one when a start page has been
 * shown for a moment and whenever the app is hidden.
 */
export function useKeptScreens(router: Router): void {
  releaseKeptScreen(router)
  let capture: typeof import('./kept-screen-capture') | null = null
  const keep = (path: string): void => {
    if (capture) void capture.keepScreen(path)
    else
      void import('./kept-screen-capture')
        .then((loaded) => {
          capture = loaded
          return loaded.keepScreen(path)
        })
        .catch(() => undefined)
  }
  let pending: ReturnType<typeof setTimeout> | null = null
  router.afterEach((to) => {
    if (pending) clearTimeout(pending)
    pending = null
    if (!START_PAGES.has(to.path)) return
    // Off the path of a tap: a moment after the page settles, when the phone is idle.
    pending = setTimeout(() => {
      pending = null
      const idle = window.requestIdleCallback ?? ((task: () => void) => setTimeout(task, 0))
      idle(() => {
        if (router.currentRoute.value.path === to.path) keep(to.path)
      })
    }, 1500)
  })
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') keep(router.currentRoute.value.path)
  })
}

function releaseKeptScreen(router: Router): void {
  const host = document.getElementById('first-screen')
  const app = document.getElementById('app')
  if (!host || !app) return
  const startedAt = location.pathname
  let stopRouting: (() => void) | null = null
  const release = (): void => {
    host.remove()
    observer.disconnect()
    clearTimeout(timer)
    stopRouting?.()
  }
  // Synchronously in the observer: the page's content and the kept screen's removal reach the same frame.
  const observer = new MutationObserver(() => {
    if (app.querySelector(CONTENT)) release()
  })
  observer.observe(app, { childList: true, subtree: true })
  const timer = setTimeout(release, RELEASE_AFTER_MS)
  stopRouting = router.afterEach((to) => {
    if (to.path !== startedAt) release()
  })
}

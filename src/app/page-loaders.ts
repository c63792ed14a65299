/**
 * The pages a start can land on (the tabs), each loaded once: the router and first-page.ts share the promise, so a
 * page the start began to load is not imported a second time, and the router waits for the same stylesheets.
 */
import type { Component } from 'vue'

type PageModule = { default: Component }

/** `load` once; after a failure (a chunk missing from an old cache, say) the next call tries again. */
function loadOnce(load: () => Promise<PageModule>): () => Promise<PageModule> {
  let loading: Promise<PageModule> | undefined
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined
      throw error
    }))
}

export const loadHomePage = loadOnce(() => import('./pages/HomePage.vue'))
export const loadRecordListPage = loadOnce(() => import('./pages/RecordListPage.vue'))
export const loadMePage = loadOnce(() => import('./pages/MePage.vue'))

/**
 * Starts loading the page of the address the app opens at, first thing: main.ts imports this before anything else,
 * so the page's chunks are fetched while the rest of the entry still runs, instead of once the router navigates.
 * Only the tabs, where a start lands; any other page loads as the router reaches it.
 */
import { loadHomePage, loadMePage, loadRecordListPage } from './page-loaders'
import { LIST_PATHS } from './record-paths'

function loaderFor(pathname: string): (() => Promise<unknown>) | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (path === '/') return loadHomePage
  if (LIST_PATHS.has(path)) return loadRecordListPage
  if (path === '/me') return loadMePage
  return undefined
}

// A failure here is the router's to report when it loads the page itself.
void loaderFor(location.pathname)?.().catch(() => undefined)

/**
 * WebKit (Safari, every browser on an iPhone) keeps a page left by a reload or a navigation in its back-forward
 * cache, frozen. A transaction that page had open (a sync run's, say) then never finishes, because the callbacks
 * that would issue its next request or let it commit never run; and while it lives, every store it holds is closed
 * to the page that replaced it: reads and writes wait for ever (a photo stuck at 正在处理照片, 保存 doing nothing).
 * Dexie closes its connection when such a page is hidden, but a connection closes only after its transactions end.
 *
 * So every transaction still open when the page is hidden into that cache is aborted: IndexedDB rolls each back
 * whole, nothing is half-written, and what it was doing is done again (a sync runs again at the next start or
 * show; a form's input is in its draft, written on pagehide too). Found by the cross-engine suite (issue 18).
 */
import type { DBCore, DBCoreTransaction, Middleware } from 'dexie'

interface PageEvents {
  addEventListener(type: 'pagehide', listener: (event: PageTransitionEvent) => void): void
}

function isNativeTransaction(tx: DBCoreTransaction): tx is DBCoreTransaction & IDBTransaction {
  return typeof (tx as Partial<IDBTransaction>).addEventListener === 'function'
}

/** The middleware to `use` on a database; `page` is where pagehide is heard (window in the app). */
export function frozenPageGuard(
  page: PageEvents | undefined = typeof window === 'undefined' ? undefined : window,
): Middleware<DBCore> {
  const open = new Set<DBCoreTransaction>()
  page?.addEventListener('pagehide', (event) => {
    if (!event.persisted) return
    for (const tx of open) {
      try {
        tx.abort()
      } catch {
        // Already finished: nothing to undo.
      }
    }
    open.clear()
  })
  return {
    stack: 'dbcore',
    name: 'frozenPageGuard',
    create: (down) => ({
      ...down,
      transaction(stores, mode, options) {
        const tx = down.transaction(stores, mode, options)
        if (isNativeTransaction(tx)) {
          open.add(tx)
          const forget = () => open.delete(tx)
          tx.addEventListener('complete', forget)
          tx.addEventListener('abort', forget)
          tx.addEventListener('error', forget)
        }
        return tx
      },
    }),
  }
}

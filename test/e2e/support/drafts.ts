import type { Page } from 'playwright-core'

/** As much of a stored draft as the tests read. */
export interface StoredDraft {
  fields?: { topic?: string }
  owner?: { unitId: string | null; sharedWith: string[] }
}

/**
 * Runs in the page (either suite's `evaluate`): the draft stored under `draftKey`, read straight from IndexedDB, or
 * null. Self-contained, since it is sent to the browser as source.
 */
export function readDraftInPage(draftKey: string): Promise<StoredDraft | null> {
  return new Promise<StoredDraft | null>((resolve, reject) => {
    const open = indexedDB.open('xuesijian')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('drafts')) {
        db.close()
        resolve(null)
        return
      }
      const get = db.transaction('drafts').objectStore('drafts').get(draftKey)
      get.onsuccess = () => {
        db.close()
        resolve((get.result as StoredDraft | undefined) ?? null)
      }
      get.onerror = () => reject(get.error)
    }
  })
}

/**
 * A form's draft as the app has written it (it autosaves ~400 ms after the last change), so a test waits exactly as
 * long as the write takes instead of sleeping a guessed second.
 */
export function storedDraft(page: Page, key: string): Promise<StoredDraft | null> {
  return page.evaluate(readDraftInPage, key)
}

import { Dexie } from 'dexie'
import { expect, it } from 'vitest'
import { frozenPageGuard } from '../../../src/app/db/frozen-page-guard'
import { uuidv7 } from '../../../src/shared/ids'

/** A page whose pagehide the test fires, as WebKit does when it freezes the page into its back-forward cache. */
function fakePage() {
  const listeners: ((event: PageTransitionEvent) => void)[] = []
  return {
    addEventListener: (_type: 'pagehide', listener: (event: PageTransitionEvent) => void) => listeners.push(listener),
    hide: (persisted: boolean) => listeners.forEach((listener) => listener({ persisted } as PageTransitionEvent)),
  }
}

function guardedDatabase(page: ReturnType<typeof fakePage>) {
  const db = new Dexie(`guard-${uuidv7()}`)
  db.version(1).stores({ items: 'id' })
  db.use(frozenPageGuard(page))
  return db
}

it('aborts a transaction still open when the page is frozen, rolling back what it wrote', async () => {
  const page = fakePage()
  const db = guardedDatabase(page)
  const run = db.transaction('rw', 'items', async () => {
    await db.table('items').put({ id: 'a' })
    page.hide(true)
    await db.table('items').put({ id: 'b' })
  })
  // The work after the abort fails (the transaction is gone); the sync or the form sees an error and tries again.
  await expect(run).rejects.toThrow()
  // Nothing half-written, and the next transaction (the page that replaced it) is not blocked.
  expect(await db.table('items').count()).toBe(0)
  await db.table('items').put({ id: 'c' })
  expect(await db.table('items').toCollection().primaryKeys()).toEqual(['c'])
})

it('leaves transactions alone when the page is hidden for good (not kept in the cache)', async () => {
  const page = fakePage()
  const db = guardedDatabase(page)
  await db.transaction('rw', 'items', async () => {
    await db.table('items').put({ id: 'a' })
    page.hide(false)
    await db.table('items').put({ id: 'b' })
  })
  expect(await db.table('items').count()).toBe(2)
})

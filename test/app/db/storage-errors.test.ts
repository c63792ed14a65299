import { Dexie } from 'dexie'
import { expect, it } from 'vitest'
import { storageFailureOf } from '../../../src/app/db/storage-errors'

it('recognises a quota failure however Dexie wraps it', () => {
  const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  expect(storageFailureOf(quota)).toBe('quota')
  expect(storageFailureOf(new Dexie.AbortError('Transaction aborted', quota))).toBe('quota')
  expect(storageFailureOf(new Dexie.QuotaExceededError('full'))).toBe('quota')
})

it('tells an unavailable database from an unknown failure', () => {
  expect(storageFailureOf(new Dexie.MissingAPIError('IndexedDB API missing'))).toBe('unavailable')
  expect(storageFailureOf(new Dexie.DatabaseClosedError('closed'))).toBe('unavailable')
  expect(storageFailureOf(new Error('something else'))).toBe('unknown')
  expect(storageFailureOf('a string')).toBe('unknown')
})

/**
 * The search service without its weight in the first screen's bundle: the index code (record-search.ts and
 * shared/search) loads in the first quiet moment after start, or when 搜索 opens, whichever comes first. Changes
 * written before it loaded are kept here and handed over, so the index misses none.
 */
import type { RecordChange, RecordRepository } from '../db/repository'
import type { XsjDatabase } from '../db/schema'
import type { RecordSearch } from './record-search'

export interface LazySearch {
  /** The service, loading it the first time. */
  get(): Promise<RecordSearch>
  /** Loads it after `delayMs` and lets it tidy the index (build, reconcile, merge) in quiet moments. */
  maintainAfter(delayMs: number): void
}

export function lazySearch(db: XsjDatabase, repository: RecordRepository): LazySearch {
  const waiting: RecordChange[] = []
  let loaded: RecordSearch | null = null
  let loading: Promise<RecordSearch> | null = null
  const stopWaiting = repository.onChange((changes) => {
    if (!loaded) waiting.push(...changes)
  })
  const get = (): Promise<RecordSearch> => {
    loading ??= import('./record-search').then(({ RecordSearch }) => {
      // All in one task: from here the service hears every change itself.
      loaded = new RecordSearch(db, repository)
      loaded.applyChanges(waiting.splice(0))
      stopWaiting()
      return loaded
    })
    return loading
  }
  return {
    get,
    maintainAfter(delayMs) {
      setTimeout(() => {
        void get()
          .then((search) => search.maintainWhenIdle(0))
          .catch((error: unknown) => console.warn('search could not load', error))
      }, delayMs)
    },
  }
}

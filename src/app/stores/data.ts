/** The device database and the services over it, one set per app (tests make their own). */
import { defineStore } from 'pinia'
import { markRaw, shallowRef } from 'vue'
import { scheduleAttachmentCollection } from '../db/attachment-collector-schedule'
import { RecordRepository } from '../db/repository'
import { XsjDatabase } from '../db/schema'
import { lazySearch } from '../search/lazy-search'

export const useDataStore = defineStore('data', () => {
  // markRaw: Pinia would wrap these in reactive proxies, and Dexie behind a proxy loses track of its own
  // transaction ("Transaction committed too early"). They are services, not state.
  const db = markRaw(new XsjDatabase())
  const repository = markRaw(new RecordRepository(db))
  const search = markRaw(lazySearch(db, repository))
  // The search index fills and tidies itself in the first quiet moment after start (little to do when it is current).
  search.maintainAfter(5000)
  /** Bumped after every committed record change, so views that page by hand know to reload. */
  const changeCount = shallowRef(0)
  repository.onChange(() => {
    changeCount.value++
  })
  // Photos that no record needs any more are freed in a quiet moment after deletions and syncs.
  repository.onChange(scheduleAttachmentCollection(db).onChanges)
  return { db, repository, search, changeCount }
})

/** The device database and the services over it, one set per app (tests make their own). */
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import { RecordRepository } from '../db/repository'
import { XsjDatabase } from '../db/schema'
import { RecordSearch } from '../search/record-search'

export const useDataStore = defineStore('data', () => {
  const db = new XsjDatabase()
  const repository = new RecordRepository(db)
  const search = new RecordSearch(db, repository)
  /** Bumped after every committed record change, so views that page by hand know to reload. */
  const changeCount = shallowRef(0)
  repository.onChange(() => {
    changeCount.value++
  })
  return { db, repository, search, changeCount }
})

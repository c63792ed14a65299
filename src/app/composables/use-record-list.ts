import { ref, shallowRef, watch, type Ref } from 'vue'
import type { RecordTable, StoredRecord } from '../../shared/records'
import { listPage, type ListFilter } from '../db/queries'
import type { XsjDatabase } from '../db/schema'

export interface UseRecordListOptions {
  /** Records per page. @default 30 */
  pageSize?: number
  /** Bumped on every committed change; the loaded range reloads when it changes. */
  changeCount: Ref<number>
  onError?: (error: unknown) => void
}

export interface UseRecordListReturn<T extends RecordTable> {
  records: Ref<StoredRecord<T>[]>
  isLoading: Ref<boolean>
  isFinished: Ref<boolean>
  loadMore: () => Promise<void>
}

/**
 * A list that pages by key as the user scrolls. A change reloads only what is on screen (one query the size of
 * the loaded range), not a page at a time from the top.
 */
export function useRecordList<T extends RecordTable>(
  db: XsjDatabase,
  table: Ref<T>,
  filter: Ref<ListFilter>,
  options: UseRecordListOptions,
): UseRecordListReturn<T> {
  const pageSize = options.pageSize ?? 30
  const records = shallowRef<StoredRecord<T>[]>([])
  const isLoading = ref(false)
  const isFinished = ref(false)
  let after: string | null = null
  /** Bumped by each reload: a reload overtaken by a newer one drops its answer. */
  let generation = 0
  /** Bumped whenever the records on screen are replaced or extended: a page read before that is stale. */
  let version = 0
  /** Loads in flight; isLoading stays true until the last of them ends, not the first. */
  let inFlight = 0

  async function run(load: () => Promise<void>): Promise<void> {
    inFlight++
    isLoading.value = true
    try {
      await load()
    } catch (error) {
      options.onError?.(error)
      isFinished.value = true
    } finally {
      inFlight--
      isLoading.value = inFlight > 0
    }
  }

  function show(next: StoredRecord<T>[], nextAfter: string | null): void {
    records.value = next
    after = nextAfter
    isFinished.value = nextAfter === null
    version++
  }

  async function loadMore(): Promise<void> {
    // Vant's List asks for more on mount, while the first page may still be loading: never load a page twice.
    if (isFinished.value || isLoading.value) return
    const seen = version
    await run(async () => {
      const page = await listPage(db, table.value, filter.value, after, pageSize)
      // A reload answered while this page was read (a sync landing as the list opens): the page may repeat what the
      // reload shows. Drop it; the list asks again if it still needs more.
      if (seen !== version) return
      show([...records.value, ...page.records], page.after)
    })
  }

  async function reload(size: number): Promise<void> {
    const mine = ++generation
    await run(async () => {
      const page = await listPage(db, table.value, filter.value, null, Math.max(size, pageSize))
      if (mine !== generation) return
      show(page.records, page.after)
    })
  }

  watch(
    [table, filter],
    () => {
      show([], null)
      isFinished.value = false
      void reload(pageSize)
    },
    { immediate: true, deep: true },
  )
  watch(options.changeCount, () => void reload(records.value.length))

  return { records, isLoading, isFinished, loadMore }
}

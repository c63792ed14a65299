import { liveQuery } from 'dexie'
import { shallowRef, watch, type Ref, type WatchSource } from 'vue'
import { tryOnScopeDispose } from './try-on-scope-dispose'

export interface UseLiveQueryOptions {
  /** Re-run the query when these change (route params, filters). @default [] */
  deps?: WatchSource[]
  onError?: (error: unknown) => void
}

export interface UseLiveQueryReturn<T> {
  data: Ref<T | undefined>
  isLoading: Ref<boolean>
}

/** A Dexie liveQuery as a ref: any committed change to what the query read makes it run again. */
export function useLiveQuery<T>(querier: () => Promise<T>, options: UseLiveQueryOptions = {}): UseLiveQueryReturn<T> {
  const data = shallowRef<T>()
  const isLoading = shallowRef(true)
  let unsubscribe: (() => void) | undefined
  const subscribe = (): void => {
    unsubscribe?.()
    isLoading.value = true
    const subscription = liveQuery(querier).subscribe({
      next: (value) => {
        data.value = value
        isLoading.value = false
      },
      error: (error: unknown) => {
        isLoading.value = false
        options.onError?.(error)
      },
    })
    unsubscribe = () => subscription.unsubscribe()
  }
  watch(options.deps ?? [], subscribe, { immediate: true })
  tryOnScopeDispose(() => unsubscribe?.())
  return { data, isLoading }
}

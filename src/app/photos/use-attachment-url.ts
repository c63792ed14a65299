import { liveQuery } from 'dexie'
import { shallowRef, watch, type Ref } from 'vue'
import { tryOnScopeDispose } from '../composables/try-on-scope-dispose'
import type { XsjDatabase } from '../db/schema'

export interface UseAttachmentUrlReturn {
  /** An object URL of the stored bytes, or '' while loading or when the device does not have them. */
  url: Ref<string>
  /** The device has no bytes under this hash (a photo from another phone, not yet fetched). */
  isMissing: Ref<boolean>
}

/**
 * An object URL for a stored attachment, revoked when the hash changes or the component goes away (each URL holds
 * its blob in memory until revoked). The bytes under a hash never change, but they can arrive: a thumbnail sync
 * fetches after the record is already on screen. So while they are missing, and only then, the row is watched
 * (a liveQuery per missing photo, not one per photo in a long list).
 */
export function useAttachmentUrl(db: XsjDatabase, hash: () => string): UseAttachmentUrlReturn {
  const url = shallowRef('')
  const isMissing = shallowRef(false)
  let stopWatching: (() => void) | undefined
  const release = (): void => {
    stopWatching?.()
    stopWatching = undefined
    if (url.value) URL.revokeObjectURL(url.value)
    url.value = ''
  }
  watch(
    hash,
    (current) => {
      release()
      if (!current) return
      const subscription = liveQuery(() => db.attachments.get(current)).subscribe({
        next: (row) => {
          isMissing.value = !row?.blob
          if (!row?.blob || url.value) return
          url.value = URL.createObjectURL(row.blob)
          // Arrived: the bytes under this name will not change again.
          queueMicrotask(() => subscription.unsubscribe())
        },
        error: () => {
          isMissing.value = true
        },
      })
      stopWatching = () => subscription.unsubscribe()
    },
    { immediate: true },
  )
  tryOnScopeDispose(release)
  return { url, isMissing }
}

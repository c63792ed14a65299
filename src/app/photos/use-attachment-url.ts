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
 * its blob in memory until revoked). The bytes under a hash never change, so there is nothing to watch in the table.
 */
export function useAttachmentUrl(db: XsjDatabase, hash: () => string): UseAttachmentUrlReturn {
  const url = shallowRef('')
  const isMissing = shallowRef(false)
  let generation = 0
  const release = (): void => {
    if (url.value) URL.revokeObjectURL(url.value)
    url.value = ''
  }
  watch(hash, async (current) => {
    const mine = ++generation
    release()
    const row = current ? await db.attachments.get(current) : undefined
    if (mine !== generation) return
    isMissing.value = !row?.blob
    if (row?.blob) url.value = URL.createObjectURL(row.blob)
  }, { immediate: true })
  tryOnScopeDispose(() => {
    generation++
    release()
  })
  return { url, isMissing }
}

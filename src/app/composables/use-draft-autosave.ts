import { watch, type Ref } from 'vue'
import { tryOnScopeDispose } from './try-on-scope-dispose'

export interface UseDraftAutosaveOptions {
  /** Quiet time after the last change before the draft is written. @default 400 */
  delayMs?: number
  onError?: (error: unknown) => void
}

export interface UseDraftAutosaveReturn {
  /** Writes any pending change now. */
  flush: () => Promise<void>
  /** Drops a pending write (after the record itself was saved). */
  cancel: () => void
}

/**
 * Writes a form's value as a draft shortly after each change, and at once when the page is hidden (phone
 * locked, app switched, tab closed), the moments a mobile browser may kill the page without warning.
 */
export function useDraftAutosave<T>(
  value: Ref<T>,
  isEnabled: Ref<boolean>,
  write: (value: T) => Promise<void>,
  options: UseDraftAutosaveOptions = {},
): UseDraftAutosaveReturn {
  let timer: ReturnType<typeof setTimeout> | undefined
  let isDirty = false

  async function flush(): Promise<void> {
    clearTimeout(timer)
    if (!isDirty) return
    isDirty = false
    try {
      await write(value.value)
    } catch (error) {
      options.onError?.(error)
    }
  }
  function cancel(): void {
    clearTimeout(timer)
    isDirty = false
  }

  watch(
    value,
    () => {
      if (!isEnabled.value) return
      isDirty = true
      clearTimeout(timer)
      timer = setTimeout(() => void flush(), options.delayMs ?? 400)
    },
    { deep: true },
  )

  const onHidden = (): void => {
    if (document.visibilityState === 'hidden') void flush()
  }
  const onPageHide = (): void => void flush()
  document.addEventListener('visibilitychange', onHidden)
  window.addEventListener('pagehide', onPageHide)
  tryOnScopeDispose(() => {
    document.removeEventListener('visibilitychange', onHidden)
    window.removeEventListener('pagehide', onPageHide)
    void flush()
  })
  return { flush, cancel }
}

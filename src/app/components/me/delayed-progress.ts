/**
 * A loading toast that appears only when work takes more than a moment (a backup of a few records is done before
 * a spinner could be seen), shows the latest progress text, and always ends: the caller closes it in `finally`.
 */
import { showToast } from '../../ui/vant'

const SHOW_AFTER_MS = 300

export interface DelayedProgress {
  update: (text: string) => void
  close: () => void
}

export function delayedProgress(initial: string): DelayedProgress {
  let text = initial
  let toast: ReturnType<typeof showToast> | null = null
  const timer = setTimeout(() => {
    // showToast with type 'loading' rather than showLoadingToast: the entry already holds showToast.
    toast = showToast({ type: 'loading', message: text, forbidClick: true, duration: 0, className: 'backup-progress' })
  }, SHOW_AFTER_MS)
  return {
    update(next) {
      text = next
      if (toast) toast.message = next
    },
    close() {
      clearTimeout(timer)
      toast?.close()
      toast = null
    },
  }
}

import { ref, type Ref } from 'vue'
import type { UnitsTranslate } from '../i18n/use-units-i18n'
import { showDialog, showToast } from '../ui/vant'
import { unitProblemOf } from './unit-problem'

export interface UseUnitActionReturn {
  /** A change is on its way to the server: the buttons wait. */
  isBusy: Ref<boolean>
  /**
   * Runs one change: on success says `done` (a toast) and returns true; a refusal or no network is shown in a
   * dialog, in the server's words (a toast would be gone before an older reader has read it), and returns false.
   */
  act: (work: () => Promise<string | undefined>) => Promise<boolean>
}

/** One change at a time on the organization screens, each saying how it went. */
export function useUnitAction(t: UnitsTranslate): UseUnitActionReturn {
  const isBusy = ref(false)
  async function act(work: () => Promise<string | undefined>): Promise<boolean> {
    if (isBusy.value) return false
    isBusy.value = true
    try {
      const done = await work()
      if (done) showToast(done)
      return true
    } catch (error) {
      await showDialog({ message: unitProblemOf(error, t).message })
      return false
    } finally {
      isBusy.value = false
    }
  }
  return { isBusy, act }
}

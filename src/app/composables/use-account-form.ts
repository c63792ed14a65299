import { ref, type Ref } from 'vue'
import { formProblemOf } from './account-form-problem'
import type { SyncTranslate } from '../i18n/use-sync-i18n'

export interface UseAccountFormReturn {
  /** Messages under the fields, by field name (the form's own checks and the server's). */
  fieldErrors: Ref<Record<string, string>>
  /** The message for the whole form, above its button. */
  message: Ref<string>
  isBusy: Ref<boolean>
  /** Runs the form's action with the button busy; whatever goes wrong lands in fieldErrors and message. */
  submit: (action: () => Promise<void>) => Promise<void>
}

/** The sign-in, first-run and account forms: busy while the server answers, its refusals shown on the fields. */
export function useAccountForm(t: SyncTranslate): UseAccountFormReturn {
  const fieldErrors = ref<Record<string, string>>({})
  const message = ref('')
  const isBusy = ref(false)
  async function submit(action: () => Promise<void>): Promise<void> {
    message.value = ''
    isBusy.value = true
    try {
      await action()
    } catch (error) {
      const problem = formProblemOf(error, t)
      fieldErrors.value = problem.fields
      message.value = problem.message
    } finally {
      isBusy.value = false
    }
  }
  return { fieldErrors, message, isBusy, submit }
}

/**
 * What the buttons of a packet or a plan do (报送, 通过, 退回整改): confirm, add the step on the phone (offline or not),
 * say so, and keep a refusal's reason for the return sheet. `add` writes the step (RecordRepository.addPacketStep or
 * addPlanStep) with the person's name as it is now.
 */
import { ref, type Ref } from 'vue'
import type { ReviewEventKind } from '../../../shared/records'
import { RecordInvalidError } from '../../db/repository'
import { useReportI18n } from '../../i18n/use-report-i18n'
import { useDataStore } from '../../stores/data'
import { showConfirmDialog, showFailToast, showToast } from '../../ui/vant'

export interface StepActions {
  isSaving: Ref<boolean>
  isReturnOpen: Ref<boolean>
  submit: () => Promise<void>
  accept: () => Promise<void>
  sendReturn: (comment: string, done: (saved: boolean, problem?: string) => void) => Promise<void>
}

export function useStepActions(
  add: (kind: ReviewEventKind, comment: string, authorName: string) => Promise<unknown>,
  submitConfirm: { title: string; message: string },
): StepActions {
  const { t } = useReportI18n()
  const { db } = useDataStore()
  const isSaving = ref(false)
  const isReturnOpen = ref(false)

  async function authorName(): Promise<string> {
    const account = await db.meta.get('account')
    return account?.key === 'account' ? account.displayName || account.name : ''
  }

  /** Adds the step; the reason it was refused on the phone, or null once it is saved. */
  async function addStep(kind: ReviewEventKind, comment = ''): Promise<string | null> {
    isSaving.value = true
    try {
      await add(kind, comment, await authorName())
      showToast(t(kind === 'submitted' ? 'steps.submitted' : 'steps.decided'))
      return null
    } catch (error) {
      const reason =
        error instanceof RecordInvalidError
          ? error.errors.map((e) => e.message).join('；')
          : error instanceof Error
            ? error.message
            : String(error)
      // A return's reason is said beside its box (ReturnSheet); everything else in a toast.
      if (kind !== 'returned') showFailToast(reason)
      return reason
    } finally {
      isSaving.value = false
    }
  }

  const confirmed = (title: string, message: string) =>
    showConfirmDialog({ title, message }).then(
      () => true,
      () => false,
    )

  return {
    isSaving,
    isReturnOpen,
    async submit() {
      if (await confirmed(submitConfirm.title, submitConfirm.message)) await addStep('submitted')
    },
    async accept() {
      if (await confirmed(t('steps.accept'), t('steps.acceptConfirm'))) await addStep('accepted')
    },
    async sendReturn(comment, done) {
      const refused = await addStep('returned', comment)
      done(refused === null, refused ?? undefined)
    },
  }
}

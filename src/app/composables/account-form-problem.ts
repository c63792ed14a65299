/** What went wrong with a sign-in or an account change, as the person should read it, and on which field. */
import type { SyncTranslate } from '../i18n/use-sync-i18n'
import { ApiFailure } from '../sync/api-client'
import { OtherAccountError } from '../sync/account-session'

type Translate = SyncTranslate

export interface FormProblem {
  /** Messages by field name, shown under the fields. */
  fields: Record<string, string>
  /** The message for the whole form, shown above the button (and in a dialog for the serious ones). */
  message: string
}

export function formProblemOf(error: unknown, t: Translate): FormProblem {
  if (error instanceof OtherAccountError)
    return { fields: {}, message: t('login.otherAccount', { name: error.boundName }) }
  if (error instanceof ApiFailure) {
    if (error.kind === 'network') return { fields: {}, message: t('login.offline') }
    const fields = Object.fromEntries((error.body?.fields ?? []).map((f) => [f.path, f.message]))
    return { fields, message: error.body?.message ?? t('login.failed', { detail: `HTTP ${error.status}` }) }
  }
  return { fields: {}, message: t('login.failed', { detail: error instanceof Error ? error.message : String(error) }) }
}

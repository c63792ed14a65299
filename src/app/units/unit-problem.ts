/** What went wrong with a request of the organization screens, as the person should read it, and on which field. */
import type { UnitsTranslate } from '../i18n/use-units-i18n'
import { ApiFailure } from '../sync/api-client'

/** The phone holds no sign-in to send with the request (signed out, or never signed in). */
export class NotSignedInError extends Error {
  constructor() {
    super('not signed in')
    this.name = 'NotSignedInError'
  }
}

export interface UnitProblemText {
  message: string
  /** Messages by request field (e.g. `name`), when the server named one. */
  fields: Record<string, string>
}

export function unitProblemOf(error: unknown, t: UnitsTranslate): UnitProblemText {
  if (error instanceof NotSignedInError) return { message: t('units.signInFirst'), fields: {} }
  if (error instanceof ApiFailure) {
    if (error.kind === 'network') return { message: t('units.offline'), fields: {} }
    // The server says why in Chinese (403: not this unit's secretary; 400: a unit with members; 401: signed out).
    const fields = Object.fromEntries((error.body?.fields ?? []).map((f) => [f.path, f.message]))
    return { message: error.body?.message ?? t('units.failed', { detail: `HTTP ${error.status}` }), fields }
  }
  return { message: t('units.failed', { detail: error instanceof Error ? error.message : String(error) }), fields: {} }
}

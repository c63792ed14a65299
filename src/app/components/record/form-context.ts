/** What a form shares with the fields inside it: the photo field stamps photos with the record's place and position. */
import type { InjectionKey, Ref } from 'vue'

export const FORM_FIELDS_KEY: InjectionKey<Ref<Readonly<Record<string, unknown>>>> = Symbol('form-fields')

/** Whether the form makes a new record, and whether it is ready (any draft restored or discarded): a position taken on opening waits for both. */
export interface FormState {
  isNew: boolean
  isReady: Readonly<Ref<boolean>>
}

export const FORM_STATE_KEY: InjectionKey<FormState> = Symbol('form-state')

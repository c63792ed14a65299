/** What a form shares with the fields inside it: the photo field stamps photos with the record's place and position. */
import type { InjectionKey, Ref } from 'vue'

export const FORM_FIELDS_KEY: InjectionKey<Ref<Readonly<Record<string, unknown>>>> = Symbol('form-fields')

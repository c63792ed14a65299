import { storeToRefs } from 'pinia'
import { shallowRef } from 'vue'
import type { Localized } from '../../shared/localized'
import { pick } from '../../shared/localized'
import { useSettingsStore } from '../stores/settings'
import { isolate } from './isolate'
import { zhCN, type MessageKey } from './zh-CN'

export interface UseI18nReturn {
  /** A UI string with `{name}` placeholders filled in. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  /** A domain label (field, kind, status) in the current language. */
  l: (text: Localized) => string
}

type Messages = Record<MessageKey, string>

/**
 * The English strings load only for someone who reads English (a chunk of their own): most users never pay for
 * them. Until they have loaded, Chinese shows; main.ts waits for them before the first paint when English is set.
 */
const english = shallowRef<Messages | null>(null)
let loading: Promise<void> | undefined

export function loadEnglish(): Promise<void> {
  loading ??= import('./en-US').then(({ enUS }) => {
    english.value = enUS
  })
  return loading
}

/** Fills `{name}` placeholders; text (a name, a topic, a file name) is isolated, numbers are put in as they are. */
export function fillIn(template: string, params?: Record<string, string | number>): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name] ?? ''
    return typeof value === 'string' ? isolate(value) : String(value)
  })
}

export function useI18n(): UseI18nReturn {
  const { locale } = storeToRefs(useSettingsStore())
  return {
    t: (key, params) => fillIn((locale.value === 'en-US' && english.value ? english.value : zhCN)[key], params),
    l: (text) => pick(text, locale.value),
  }
}

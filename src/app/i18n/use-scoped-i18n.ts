import { storeToRefs } from 'pinia'
import { useSettingsStore } from '../stores/settings'
import { fillIn, useI18n, type UseI18nReturn } from './use-i18n'
import type { MessageKey } from './zh-CN'

export type ScopedTranslate<K extends string> = (
  key: MessageKey | K,
  params?: Record<string, string | number>,
) => string

export interface UseScopedI18nReturn<K extends string> extends Omit<UseI18nReturn, 't'> {
  /** Any UI string: the app's own, or one of this area's. */
  t: ScopedTranslate<K>
}

/**
 * useI18n for an area whose strings come with its screens, in their own chunks (sync, photos, reporting): the
 * first screen never pays for them. `en` must have the same keys as `zh`.
 */
export function useScopedI18n<K extends string>(
  zh: Readonly<Record<K, string>>,
  en: Readonly<Record<K, string>>,
): UseScopedI18nReturn<K> {
  const base = useI18n()
  const { locale } = storeToRefs(useSettingsStore())
  const isOwnKey = (key: MessageKey | K): key is K => Object.hasOwn(zh, key)
  return {
    ...base,
    t: (key, params) =>
      isOwnKey(key) ? fillIn((locale.value === 'en-US' ? en : zh)[key], params) : base.t(key, params),
  }
}

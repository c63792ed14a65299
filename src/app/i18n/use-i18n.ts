import { storeToRefs } from 'pinia'
import type { Localized } from '../../shared/localized'
import { pick } from '../../shared/localized'
import { useSettingsStore } from '../stores/settings'
import { enUS } from './en-US'
import { zhCN, type MessageKey } from './zh-CN'

export interface UseI18nReturn {
  /** A UI string with `{name}` placeholders filled in. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string
  /** A domain label (field, kind, status) in the current language. */
  l: (text: Localized) => string
}

export function useI18n(): UseI18nReturn {
  const { locale } = storeToRefs(useSettingsStore())
  return {
    t: (key, params) => {
      const template: string = (locale.value === 'zh-CN' ? zhCN : enUS)[key]
      return params ? template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? '')) : template
    },
    l: (text) => pick(text, locale.value),
  }
}

import { storeToRefs } from 'pinia'
import { useSettingsStore } from '../stores/settings'
import { syncEnUS } from './sync-en-US'
import { syncZhCN, type SyncMessageKey } from './sync-zh-CN'
import { fillIn, useI18n, type UseI18nReturn } from './use-i18n'
import type { MessageKey } from './zh-CN'

export type AnyMessageKey = MessageKey | SyncMessageKey
export type SyncTranslate = (key: AnyMessageKey, params?: Record<string, string | number>) => string

export interface UseSyncI18nReturn extends Omit<UseI18nReturn, 't'> {
  /** Any UI string: the app's own, or one of the account and sync screens'. */
  t: SyncTranslate
}

/** useI18n for the account and sync screens: their strings come with them, in their own chunks. */
export function useSyncI18n(): UseSyncI18nReturn {
  const base = useI18n()
  const { locale } = storeToRefs(useSettingsStore())
  const isSyncKey = (key: AnyMessageKey): key is SyncMessageKey => Object.hasOwn(syncZhCN, key)
  return {
    ...base,
    t: (key, params) => (isSyncKey(key) ? fillIn((locale.value === 'en-US' ? syncEnUS : syncZhCN)[key], params) : base.t(key, params)),
  }
}

import { syncEnUS } from './sync-en-US'
import { syncZhCN, type SyncMessageKey } from './sync-zh-CN'
import { useScopedI18n, type ScopedTranslate, type UseScopedI18nReturn } from './use-scoped-i18n'
import type { MessageKey } from './zh-CN'

export type AnyMessageKey = MessageKey | SyncMessageKey
export type SyncTranslate = ScopedTranslate<SyncMessageKey>
export type UseSyncI18nReturn = UseScopedI18nReturn<SyncMessageKey>

/** useI18n for the account and sync screens: their strings come with them, in their own chunks. */
export function useSyncI18n(): UseSyncI18nReturn {
  return useScopedI18n(syncZhCN, syncEnUS)
}

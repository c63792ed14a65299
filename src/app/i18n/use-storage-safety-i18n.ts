import { storageSafetyEnUS } from './storage-safety-en-US'
import { storageSafetyZhCN, type StorageSafetyMessageKey } from './storage-safety-zh-CN'
import { useScopedI18n, type UseScopedI18nReturn } from './use-scoped-i18n'

export type UseStorageSafetyI18nReturn = UseScopedI18nReturn<StorageSafetyMessageKey>

/** useI18n for 我的 → 数据安全 and the iPhone guide. */
export function useStorageSafetyI18n(): UseStorageSafetyI18nReturn {
  return useScopedI18n(storageSafetyZhCN, storageSafetyEnUS)
}

import { ownerEnUS } from './owner-en-US'
import { ownerZhCN, type OwnerMessageKey } from './owner-zh-CN'
import { useScopedI18n, type UseScopedI18nReturn } from './use-scoped-i18n'

/** useI18n for a record's owner and the unit figures: their strings load with the screens that use them. */
export function useOwnerI18n(): UseScopedI18nReturn<OwnerMessageKey> {
  return useScopedI18n(ownerZhCN, ownerEnUS)
}

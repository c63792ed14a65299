import { unitsEnUS } from './units-en-US'
import { unitsZhCN, type UnitsMessageKey } from './units-zh-CN'
import { useScopedI18n, type ScopedTranslate, type UseScopedI18nReturn } from './use-scoped-i18n'

export type UnitsTranslate = ScopedTranslate<UnitsMessageKey>
export type UseUnitsI18nReturn = UseScopedI18nReturn<UnitsMessageKey>

/** useI18n for 我的组织, 组织管理 and 成员: their strings come with those screens. */
export function useUnitsI18n(): UseUnitsI18nReturn {
  return useScopedI18n(unitsZhCN, unitsEnUS)
}

import { searchEnUS } from './search-en-US'
import { searchZhCN, type SearchMessageKey } from './search-zh-CN'
import { useScopedI18n, type UseScopedI18nReturn } from './use-scoped-i18n'

/** useI18n for 搜索: its strings come with the search screen, in its own chunk. */
export function useSearchI18n(): UseScopedI18nReturn<SearchMessageKey> {
  return useScopedI18n(searchZhCN, searchEnUS)
}

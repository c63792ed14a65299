import type { SearchMessageKey } from './search-zh-CN'

export const searchEnUS: Record<SearchMessageKey, string> = {
  'search.order': 'Order',
  'search.orderRelevance': 'Best match',
  'search.orderNewest': 'Newest',
  'search.scanning': 'The search index is still being built: looking through {n} more records…',
}

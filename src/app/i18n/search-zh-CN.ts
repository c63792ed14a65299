/**
 * The strings of 搜索 beyond the few the first screen needs (zh-CN.ts): they come with the search screen's chunk.
 * search-en-US.ts must have the same keys.
 */
export const searchZhCN = {
  'search.order': '排序',
  'search.orderRelevance': '相关',
  'search.orderNewest': '最新',
  'search.scanning': '搜索索引还在建立，正在查找其余 {n} 条记录…',
}

export type SearchMessageKey = keyof typeof searchZhCN

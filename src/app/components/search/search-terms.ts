/**
 * The query a record was opened with from 搜索 (?q= on its screen): its fields mark the words it found. Provided by
 * the record's screen, read by every FieldValue under it (rows and groups included).
 */
import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue'
import type { LocationQueryValue } from 'vue-router'
import { parseQuery, type QueryTerm } from '../../../shared/search/tokens'

const SEARCH_TERMS: InjectionKey<ComputedRef<QueryTerm[]>> = Symbol('searchTerms')

export function provideSearchTerms(
  query: () => LocationQueryValue | LocationQueryValue[] | undefined,
): ComputedRef<QueryTerm[]> {
  const terms = computed(() => {
    const q = query()
    return typeof q === 'string' ? parseQuery(q) : []
  })
  provide(SEARCH_TERMS, terms)
  return terms
}

export function useSearchTerms(): ComputedRef<QueryTerm[]> {
  return inject(
    SEARCH_TERMS,
    computed(() => []),
  )
}

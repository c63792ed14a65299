import { effectScope, type Ref } from 'vue'
import type { Viewer } from '../../shared/units-view'
import { useLiveQuery } from '../composables/use-live-query'
import { useDataStore } from '../stores/data'
import { readViewer } from './viewer'

let shared: Ref<Viewer | undefined> | undefined

/**
 * The account and its organization as this device knows them, kept current as a sync brings news. One query for the
 * whole app (every card of a list asks), living as long as the app.
 */
export function useViewer(): Ref<Viewer | undefined> {
  if (!shared) {
    const { db } = useDataStore()
    shared = effectScope(true).run(() => useLiveQuery(() => readViewer(db)).data)!
  }
  return shared
}

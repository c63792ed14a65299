import type { ApiClient } from '../sync/api-client'
import { useDataStore } from '../stores/data'
import { useSyncStore } from '../stores/sync'
import { refreshMyUnits } from './my-units'
import { NotSignedInError } from './unit-problem'

export interface UseUnitsApiReturn {
  /** Runs a request with the server's client and this phone's sign-in; none: NotSignedInError. */
  request: <T>(work: (api: ApiClient, token: string) => Promise<T>) => Promise<T>
  /**
   * After a change: this phone's copy of the organization (rosters in the forms, 我的组织) is asked for again at once,
   * rather than at a later sync. A failure leaves the copy as it was: the next sync asks again.
   */
  refreshMine: () => Promise<void>
}

/** The organization screens' requests: online only, with the stored sign-in (read first: a page opened by its address starts before it loads). */
export function useUnitsApi(): UseUnitsApiReturn {
  const sync = useSyncStore()
  const { db } = useDataStore()
  async function request<T>(work: (api: ApiClient, token: string) => Promise<T>): Promise<T> {
    const token = (await sync.loadedAccount())?.token
    if (!token) throw new NotSignedInError()
    return work(await sync.api(), token)
  }
  async function refreshMine(): Promise<void> {
    // 'pulled: 1': news this phone made itself counts as news, whatever the age of the kept copy.
    await request((api, token) => refreshMyUnits(db, api, token, 1)).catch(() => undefined)
  }
  return { request, refreshMine }
}

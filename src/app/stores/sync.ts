/**
 * Sync as the screens see it: the account, what waits to be sent, the last successful sync, the current error,
 * progress, and the actions (sign in, first-run setup, sign out, 立即同步). The state is read from IndexedDB through
 * live queries, so every tab agrees; the machinery (engine, scheduler, HTTP) is a separate chunk loaded once the
 * app has started (sync/runtime.ts).
 */
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { pendingCount as countPending } from '../db/queries'
import type { AccountMeta, SyncMeta } from '../db/schema'
import type { Credentials } from '../sync/account-session'
import type { SyncRuntime } from '../sync/runtime'
import type { PhotoFetchSummary } from '../sync/photo-fetch'
import type { PhotoRef } from '../../shared/fields'
import type { SyncOutcome, SyncProgress } from '../sync/sync-engine'
import { readAccount, readSyncMeta } from '../sync/sync-meta'
import { useDataStore } from './data'

export const useSyncStore = defineStore('sync', () => {
  const { db, repository } = useDataStore()
  const progress = shallowRef<SyncProgress | null>(null)
  const isRunning = shallowRef(false)
  const account = shallowRef<AccountMeta | undefined>()
  const meta = shallowRef<SyncMeta | undefined>()
  const pendingCount = shallowRef(0)
  const refusedCount = shallowRef(0)
  const conflictCount = shallowRef(0)

  let runtime: Promise<SyncRuntime> | undefined
  function load(): Promise<SyncRuntime> {
    runtime ??= import('../sync/runtime').then(({ createSyncRuntime }) =>
      createSyncRuntime({
        db,
        repository,
        onProgress: (value) => {
          progress.value = value
        },
        onRunningChange: (value) => {
          isRunning.value = value
        },
      }),
    )
    return runtime
  }

  repository.onChange((_changes, origin) => {
    if (origin === 'local' && account.value?.token) void load().then((r) => r.request('write'))
  })

  // Until IndexedDB first answers, `account` is undefined as if signed out: a screen that calls the API as it
  // opens (用户管理 reloaded) would send no token and be told 登录已失效. Such screens wait for this instead.
  let markAccountLoaded: () => void = () => undefined
  const accountLoaded = new Promise<void>((resolve) => {
    markAccountLoaded = resolve
  })
  liveQuery(() => readAccount(db)).subscribe({
    next: (value) => {
      account.value = value
      markAccountLoaded()
    },
    // An unreadable database leaves no account to wait for: the screens then show what they show signed out.
    error: () => markAccountLoaded(),
  })
  liveQuery(() => readSyncMeta(db)).subscribe((value) => {
    meta.value = value
  })
  liveQuery(async () => {
    const refused = await db.outbox.where('refusedAt').above('').toArray()
    return { pending: await countPending(db), refused: new Set(refused.map((e) => e.recordId)).size }
  }).subscribe((value) => {
    pendingCount.value = value.pending
    refusedCount.value = value.refused
  })
  liveQuery(async () => {
    const counts = await Promise.all(db.recordTables().map((table) => table.where('conflicted').equals(1).count()))
    return counts.reduce((a, b) => a + b, 0)
  }).subscribe((value) => {
    conflictCount.value = value
  })

  /** The account this device is bound to, once read from IndexedDB (undefined: none). */
  async function loadedAccount(): Promise<AccountMeta | undefined> {
    await accountLoaded
    return account.value
  }

  const isSignedIn = computed(() => Boolean(account.value?.token))
  /**
   * Bound to an account whose token the server no longer accepts: ask for the password. After signing out on
   * purpose (no token, no error) the screens only offer 登录以同步: "登录已失效" in red would be untrue.
   */
  const needsPassword = computed(
    () => account.value !== undefined && !account.value.token && meta.value?.lastError?.code === 'unauthorized',
  )

  let isStarted = false
  async function start(): Promise<void> {
    if (isStarted) return
    isStarted = true
    ;(await load()).start()
  }

  async function signIn(credentials: Omit<Credentials, 'deviceName'>): Promise<void> {
    await (await load()).signIn(credentials)
  }

  async function setUp(credentials: Omit<Credentials, 'deviceName'> & { displayName?: string }): Promise<void> {
    await (await load()).setUp(credentials)
  }

  async function signOut(options: { everywhere?: boolean } = {}): Promise<{ reachedServer: boolean }> {
    return (await load()).signOut(options)
  }

  async function syncNow(): Promise<SyncOutcome> {
    return (await load()).syncNow()
  }

  /** Whether the server has no account yet (the first-run screen); null when it cannot be reached. */
  async function needsSetup(): Promise<boolean | null> {
    try {
      return (await (await load()).api.status()).needsSetup
    } catch {
      return null
    }
  }

  /** A record was opened: fetch the thumbnails and originals of its photos that this device lacks. */
  async function fetchPhotos(photos: readonly PhotoRef[], withOriginal: boolean): Promise<PhotoFetchSummary | null> {
    if (photos.length === 0 || !(await loadedAccount())?.token) return null
    return (await load()).fetchPhotos(photos, withOriginal)
  }

  /** The HTTP client, for the administrator's screens. */
  async function api(): Promise<SyncRuntime['api']> {
    return (await load()).api
  }

  return {
    account,
    meta,
    progress,
    isRunning,
    pendingCount,
    refusedCount,
    conflictCount,
    isSignedIn,
    needsPassword,
    loadedAccount,
    start,
    signIn,
    setUp,
    signOut,
    syncNow,
    needsSetup,
    api,
    fetchPhotos,
  }
})

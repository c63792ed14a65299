/**
 * Sync as the screens see it: the account, what waits to be sent, the last successful sync, the current error,
 * progress, and the actions (sign in, first-run setup, sign out, 立即同步). The engine and scheduler live here,
 * one per app; the state they report is read back from IndexedDB through live queries, so every tab agrees.
 */
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, markRaw, shallowRef } from 'vue'
import type { AccountMeta, SyncMeta } from '../db/schema'
import { ApiClient } from '../sync/api-client'
import { setUpServer, signIn as signInDevice, signOut as signOutDevice, type Credentials } from '../sync/account-session'
import { deviceNameOf } from '../sync/device-name'
import { SyncEngine, type SyncOutcome, type SyncProgress } from '../sync/sync-engine'
import { readAccount, readSyncMeta } from '../sync/sync-meta'
import { SyncScheduler } from '../sync/sync-scheduler'
import { useDataStore } from './data'

const LOCK_NAME = 'xsj-sync'

export const useSyncStore = defineStore('sync', () => {
  const { db, repository } = useDataStore()
  const api = markRaw(new ApiClient())
  const progress = shallowRef<SyncProgress | null>(null)
  const isRunning = shallowRef(false)
  const account = shallowRef<AccountMeta | undefined>()
  const meta = shallowRef<SyncMeta | undefined>()
  const pendingCount = shallowRef(0)
  const refusedCount = shallowRef(0)
  const conflictCount = shallowRef(0)

  const engine = markRaw(new SyncEngine({
    db,
    api,
    onRecordsChanged: (changes) => repository.announce(changes),
    onProgress: (value) => {
      progress.value = value
    },
  }))

  // Only one tab syncs at a time: the others would send the same changes (harmless) and apply the same pulls twice.
  const runExclusively = async (): Promise<SyncOutcome> => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
    if (!locks) return engine.run()
    const outcome = await locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? engine.run() : null))
    return outcome ?? { kind: 'synced', pushed: 0, pulled: 0 }
  }

  const scheduler = markRaw(new SyncScheduler({
    run: runExclusively,
    onRunningChange: (value) => {
      isRunning.value = value
    },
  }))

  repository.onChange((_changes, origin) => {
    if (origin === 'local' && account.value?.token) scheduler.request('write')
  })

  liveQuery(() => readAccount(db)).subscribe((value) => {
    account.value = value
  })
  liveQuery(() => readSyncMeta(db)).subscribe((value) => {
    meta.value = value
  })
  liveQuery(async () => {
    const refused = await db.outbox.where('refusedAt').above('').toArray()
    return { pending: await db.outbox.count(), refused: new Set(refused.map((e) => e.recordId)).size }
  }).subscribe((value) => {
    pendingCount.value = value.pending
    refusedCount.value = value.refused
  })
  liveQuery(async () => {
    const counts = await Promise.all(db.recordTables().map((table) => table.filter((row) => (row.conflicts ?? []).length > 0).count()))
    return counts.reduce((a, b) => a + b, 0)
  }).subscribe((value) => {
    conflictCount.value = value
  })

  const isSignedIn = computed(() => Boolean(account.value?.token))
  /** Bound to an account whose token the server no longer accepts (or that signed out): ask for the password. */
  const needsPassword = computed(() => account.value !== undefined && !account.value.token)

  let isStarted = false
  function start(): void {
    if (isStarted || typeof window === 'undefined') return
    isStarted = true
    scheduler.start({ window, document })
  }

  const deviceName = () => deviceNameOf(typeof navigator === 'undefined' ? '' : navigator.userAgent)

  async function signIn(credentials: Omit<Credentials, 'deviceName'>): Promise<void> {
    await signInDevice(db, api, { ...credentials, deviceName: deviceName() })
    scheduler.request('signIn')
  }

  async function setUp(credentials: Omit<Credentials, 'deviceName'> & { displayName?: string }): Promise<void> {
    await setUpServer(db, api, { ...credentials, deviceName: deviceName() })
    scheduler.request('signIn')
  }

  async function signOut(options: { everywhere?: boolean } = {}): Promise<{ reachedServer: boolean }> {
    return signOutDevice(db, api, options)
  }

  function syncNow(): Promise<SyncOutcome> {
    return scheduler.runNow()
  }

  async function needsSetup(): Promise<boolean | null> {
    try {
      return (await api.status()).needsSetup
    } catch {
      return null
    }
  }

  return {
    api, account, meta, progress, isRunning, pendingCount, refusedCount, conflictCount, isSignedIn, needsPassword,
    start, signIn, setUp, signOut, syncNow, needsSetup,
  }
})

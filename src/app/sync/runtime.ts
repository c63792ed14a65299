/**
 * The working parts of sync, built together: the HTTP client, the engine, the scheduler and the change listener.
 * Loaded by the sync store after the first screen has painted (a chunk of its own), so they cost the entry nothing.
 */
import type { RecordRepository } from '../db/repository'
import type { XsjDatabase } from '../db/schema'
import { holdBackgroundWork } from '../background-work'
import { ApiClient } from './api-client'
import { BlobClient } from './blob-client'
import { setUpServer, signIn, signOut, type Credentials } from './account-session'
import { ChangeListener } from './change-listener'
import { deviceNameOf } from './device-name'
import { refreshDeviceNames } from './device-names'
import { refreshMyUnits } from '../units/my-units'
import { readAccount } from './sync-meta'
import { SyncEngine, type SyncOutcome, type SyncProgress } from './sync-engine'
import { SyncScheduler, type SyncReason } from './sync-scheduler'
import { fetchPhotosOfRecord, type PhotoFetchSummary } from './photo-fetch'
import type { PhotoRef } from '../../shared/fields'

export interface SyncRuntimeOptions {
  db: XsjDatabase
  repository: RecordRepository
  onProgress: (progress: SyncProgress | null) => void
  onRunningChange: (isRunning: boolean) => void
}

export interface SyncRuntime {
  api: ApiClient
  start: () => void
  request: (reason: SyncReason) => void
  syncNow: () => Promise<SyncOutcome>
  signIn: (credentials: Omit<Credentials, 'deviceName'>) => Promise<void>
  setUp: (credentials: Omit<Credentials, 'deviceName'> & { displayName?: string }) => Promise<void>
  signOut: (options: { everywhere?: boolean }) => Promise<{ reachedServer: boolean }>
  /** Fetches a photo's missing thumbnail and, if `withOriginal`, its full-size copy (a record was opened). */
  fetchPhotos: (photos: readonly PhotoRef[], withOriginal: boolean) => Promise<PhotoFetchSummary>
}

const LOCK_NAME = 'xsj-sync'

export function createSyncRuntime(options: SyncRuntimeOptions): SyncRuntime {
  const { db, repository } = options
  const api = new ApiClient()
  const blobs = new BlobClient()
  // While records are being pulled, the search index waits: its writes would slow the pull a new phone waits for.
  let releaseBackgroundWork: (() => void) | null = null
  const engine = new SyncEngine({
    db,
    api,
    blobs,
    onRecordsChanged: (changes) => repository.announce(changes),
    onProgress: (progress) => {
      if (progress?.phase === 'pull') releaseBackgroundWork ??= holdBackgroundWork()
      else {
        releaseBackgroundWork?.()
        releaseBackgroundWork = null
      }
      options.onProgress(progress)
    },
  })

  // Only one tab syncs at a time: the others would send the same changes (harmless) and apply the same pulls twice.
  const runExclusively = async (): Promise<SyncOutcome> => {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
    if (!locks) return engine.run()
    const outcome = await locks.request(LOCK_NAME, { ifAvailable: true }, (lock) => (lock ? engine.run() : null))
    return outcome ?? { kind: 'synced', pushed: 0, pulled: 0 }
  }
  // After a sync: the organization when it may have changed, and the names of devices a new conflict names.
  const afterRun = async (outcome: SyncOutcome): Promise<void> => {
    const token = outcome.kind === 'synced' ? (await readAccount(db))?.token : null
    if (!token || outcome.kind !== 'synced') return
    // Each on its own: one failing leaves the other's kept copy as it was, and neither fails the sync.
    await Promise.allSettled([refreshMyUnits(db, api, token, outcome.pulled), refreshDeviceNames(db, api, token)])
  }
  const scheduler = new SyncScheduler({
    run: runExclusively,
    onRunningChange: options.onRunningChange,
    onOutcome: (outcome) => void afterRun(outcome).catch(() => undefined),
  })
  const listener = new ChangeListener({
    db,
    api,
    syncNow: () => scheduler.runForRemoteChange(),
    isActive: () => document.visibilityState === 'visible' && navigator.onLine,
  })
  const deviceName = () => deviceNameOf(navigator.userAgent)
  const afterSignIn = () => {
    scheduler.request('signIn')
    listener.nudge()
  }

  return {
    api,
    start() {
      scheduler.start({ window, document })
      listener.start()
      const nudge = () => listener.nudge()
      window.addEventListener('online', nudge)
      document.addEventListener('visibilitychange', nudge)
    },
    request: (reason) => scheduler.request(reason),
    syncNow: () => scheduler.runNow(),
    async signIn(credentials) {
      await signIn(db, api, { ...credentials, deviceName: deviceName() })
      afterSignIn()
    },
    async setUp(credentials) {
      await setUpServer(db, api, { ...credentials, deviceName: deviceName() })
      afterSignIn()
    },
    signOut: (signOutOptions) => signOut(db, api, signOutOptions),
    fetchPhotos: (photos, withOriginal) => fetchPhotosOfRecord(db, blobs, photos, withOriginal),
  }
}

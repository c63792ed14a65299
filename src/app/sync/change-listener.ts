/**
 * Keeps one long poll (POST /api/sync/wait) open while the app is in front and signed in, and asks for a sync as
 * soon as the server says the account changed: what one phone records shows on the other within moments, without
 * a reload. It is only a hint: when it is not running (hidden, offline, no server support) the scheduler's
 * interval and foreground triggers still bring everything in.
 */
import { PROTOCOL_VERSION } from '../../shared/sync/protocol'
import { ensureDevice } from '../db/device'
import type { XsjDatabase } from '../db/schema'
import type { ApiClient } from './api-client'
import { readAccount, readSyncMeta } from './sync-meta'

export interface ChangeListenerOptions {
  db: XsjDatabase
  api: ApiClient
  /** Runs a sync and resolves when it has finished. */
  syncNow: () => Promise<unknown>
  /** Whether to keep a poll open now (app visible, online). @default () => true */
  isActive?: () => boolean
  /** Seconds the server holds each poll. @default 25 */
  waitSeconds?: number
  /** Pause after a failed poll or while inactive, in ms. @default 10000 */
  idleMs?: number
}

export class ChangeListener {
  private isRunning = false
  private wakeUp: (() => void) | null = null

  constructor(private readonly options: ChangeListenerOptions) {}

  start(): void {
    if (this.isRunning) return
    this.isRunning = true
    void this.loop()
  }

  stop(): void {
    this.isRunning = false
    this.wakeUp?.()
  }

  /** Ends a pause early (the app came to the front, or the network came back). */
  nudge(): void {
    this.wakeUp?.()
  }

  private async loop(): Promise<void> {
    const { db, api } = this.options
    const idleMs = this.options.idleMs ?? 10_000
    while (this.isRunning) {
      const account = await readAccount(db)
      if (!account?.token || !(this.options.isActive?.() ?? true)) {
        await this.pause(idleMs)
        continue
      }
      try {
        const { deviceId } = await db.transaction('rw', db.meta, () => ensureDevice(db))
        const { cursor } = await readSyncMeta(db)
        const answer = await api.waitForChanges(account.token, {
          protocol: PROTOCOL_VERSION,
          deviceId,
          cursor,
          timeoutSeconds: this.options.waitSeconds ?? 25,
        })
        if (answer.changed && this.isRunning) {
          await this.options.syncNow()
          // If that sync could not move the cursor (it failed), do not ask again at once.
          if ((await readSyncMeta(db)).cursor <= cursor) await this.pause(idleMs)
        }
      } catch {
        await this.pause(idleMs)
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeUp = () => {
        this.wakeUp = null
        done()
      }
    })
  }
}

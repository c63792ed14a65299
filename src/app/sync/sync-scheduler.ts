/**
 * When to sync (design.md, invariant 10): soon after a local write (debounced), when the network comes back,
 * when the app returns to the foreground, on an interval while online and visible, and when the person taps
 * 立即同步. One run at a time; a request during a run queues exactly one more. A failed run is retried with
 * exponential backoff and jitter; a run that needs the person (signed out, app too old) is not retried until
 * they act.
 */
import type { SyncOutcome } from './sync-engine'

export type SyncReason =
  'write' | 'online' | 'foreground' | 'interval' | 'manual' | 'signIn' | 'start' | 'retry' | 'remote'

export interface SyncSchedulerOptions {
  run: () => Promise<SyncOutcome>
  /** Quiet time after the last local write before syncing. @default 2000 */
  debounceMs?: number
  /** @default 30000 */
  intervalMs?: number
  /** @default 2000 */
  backoffBaseMs?: number
  /** @default 300000 (5 minutes) */
  backoffMaxMs?: number
  /** @default Math.random */
  random?: () => number
  /** @default () => navigator.onLine */
  isOnline?: () => boolean
  /** @default () => document.visibilityState === 'visible' */
  isVisible?: () => boolean
  onOutcome?: (outcome: SyncOutcome) => void
  onRunningChange?: (isRunning: boolean) => void
}

/** Full-jitter-style backoff: the delay doubles with each failure up to a cap, then a random half of it is taken off. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 20))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export class SyncScheduler {
  private readonly options: Required<Omit<SyncSchedulerOptions, 'onOutcome' | 'onRunningChange'>> &
    Pick<SyncSchedulerOptions, 'onOutcome' | 'onRunningChange'>
  private running: Promise<SyncOutcome> | null = null
  private isQueued = false
  private failures = 0
  private isWaitingForPerson = false
  private debounceTimer: ReturnType<typeof setTimeout> | undefined
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private intervalTimer: ReturnType<typeof setInterval> | undefined
  private readonly cleanups: (() => void)[] = []

  constructor(options: SyncSchedulerOptions) {
    this.options = {
      debounceMs: 2000,
      intervalMs: 30_000,
      backoffBaseMs: 2000,
      backoffMaxMs: 300_000,
      random: Math.random,
      isOnline: () => typeof navigator === 'undefined' || navigator.onLine,
      isVisible: () => typeof document === 'undefined' || document.visibilityState === 'visible',
      ...options,
    }
  }

  /** Listens to the browser's online and visibility events and starts the interval. */
  start(target: { window: Window; document: Document }): void {
    const onOnline = () => this.request('online')
    const onVisibility = () => {
      if (this.options.isVisible()) this.request('foreground')
    }
    target.window.addEventListener('online', onOnline)
    target.document.addEventListener('visibilitychange', onVisibility)
    this.cleanups.push(
      () => target.window.removeEventListener('online', onOnline),
      () => target.document.removeEventListener('visibilitychange', onVisibility),
    )
    this.intervalTimer = setInterval(() => {
      if (this.options.isOnline() && this.options.isVisible()) this.request('interval')
    }, this.options.intervalMs)
    this.request('start')
  }

  stop(): void {
    clearTimeout(this.debounceTimer)
    clearTimeout(this.retryTimer)
    clearInterval(this.intervalTimer)
    for (const cleanup of this.cleanups.splice(0)) cleanup()
  }

  request(reason: SyncReason): void {
    if (reason === 'write') {
      clearTimeout(this.debounceTimer)
      this.debounceTimer = setTimeout(() => void this.trigger('write'), this.options.debounceMs)
      return
    }
    void this.trigger(reason)
  }

  /** For 立即同步: runs now (or right after the current run) and resolves with that run's outcome. */
  async runNow(): Promise<SyncOutcome> {
    return this.trigger('manual')
  }

  /** Another device changed the account: sync now (without resetting backoff) and resolve when done. */
  async runForRemoteChange(): Promise<SyncOutcome> {
    return this.trigger('remote')
  }

  private async trigger(reason: SyncReason): Promise<SyncOutcome> {
    // The person acted, or the network came back: start the backoff over.
    if (reason === 'manual' || reason === 'signIn' || reason === 'online') {
      this.failures = 0
      this.isWaitingForPerson = false
      clearTimeout(this.retryTimer)
    }
    if (this.isWaitingForPerson && reason !== 'manual') return { kind: 'skipped', reason: 'signedOut' }
    if (this.running) {
      this.isQueued = true
      await this.running
      return this.running ?? this.trigger(reason)
    }
    this.running = this.runOnce()
    try {
      return await this.running
    } finally {
      this.running = null
      if (this.isQueued) {
        this.isQueued = false
        void this.trigger('retry')
      }
    }
  }

  private async runOnce(): Promise<SyncOutcome> {
    clearTimeout(this.debounceTimer)
    this.options.onRunningChange?.(true)
    let outcome: SyncOutcome
    try {
      outcome = await this.options.run()
    } finally {
      this.options.onRunningChange?.(false)
    }
    if (outcome.kind === 'failed') {
      if (outcome.isRetryable) {
        const delay = backoffDelay(
          this.failures++,
          this.options.backoffBaseMs,
          this.options.backoffMaxMs,
          this.options.random,
        )
        clearTimeout(this.retryTimer)
        this.retryTimer = setTimeout(() => void this.trigger('retry'), delay)
      } else this.isWaitingForPerson = true
    } else {
      this.failures = 0
      // Photos left when the run's photo time ran out: go on at once, records first again.
      if (outcome.kind === 'synced' && (outcome.photosLeft ?? 0) > 0) this.isQueued = true
    }
    this.options.onOutcome?.(outcome)
    return outcome
  }
}

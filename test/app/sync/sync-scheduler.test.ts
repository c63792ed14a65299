import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SyncOutcome } from '../../../src/app/sync/sync-engine'
import { backoffDelay, SyncScheduler } from '../../../src/app/sync/sync-scheduler'

// Timing is the thing under test here, so the clock is vitest's; the run is a counter standing in for the engine.
beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

const synced: SyncOutcome = { kind: 'synced', pushed: 0, pulled: 0 }
const offline: SyncOutcome = { kind: 'failed', error: { code: 'offline', at: '' }, isRetryable: true }
const signedOut: SyncOutcome = { kind: 'failed', error: { code: 'unauthorized', at: '' }, isRetryable: false }

function counting(outcomes: SyncOutcome[] = []) {
  const calls: number[] = []
  const run = vi.fn(async () => {
    calls.push(Date.now())
    return outcomes.shift() ?? synced
  })
  return { run, calls }
}

describe('backoffDelay', () => {
  it('doubles with each failure up to the cap, and jitter takes off at most half', () => {
    expect(backoffDelay(0, 2000, 300_000, () => 1)).toBe(2000)
    expect(backoffDelay(0, 2000, 300_000, () => 0)).toBe(1000)
    expect(backoffDelay(3, 2000, 300_000, () => 1)).toBe(16_000)
    expect(backoffDelay(30, 2000, 300_000, () => 1)).toBe(300_000)
    expect(backoffDelay(30, 2000, 300_000, () => 0)).toBe(150_000)
  })
})

describe('SyncScheduler', () => {
  it('waits for a quiet moment after writes, then syncs once', async () => {
    const { run } = counting()
    const scheduler = new SyncScheduler({ run, debounceMs: 2000 })
    scheduler.request('write')
    await vi.advanceTimersByTimeAsync(1500)
    scheduler.request('write')
    await vi.advanceTimersByTimeAsync(1500)
    expect(run).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(600)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('runs one sync at a time; requests meanwhile make exactly one more run', async () => {
    let release: (() => void) | undefined
    const run = vi.fn(
      () =>
        new Promise<SyncOutcome>((resolve) => {
          release = () => resolve(synced)
        }),
    )
    const scheduler = new SyncScheduler({ run })
    const first = scheduler.runNow()
    scheduler.request('online')
    scheduler.request('foreground')
    const manual = scheduler.runNow()
    expect(run).toHaveBeenCalledTimes(1)
    release!()
    await first
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(2)
    release!()
    expect(await manual).toEqual(synced)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('retries a failed sync with growing, jittered delays, and starts over when the network returns', async () => {
    const { run, calls } = counting([offline, offline, offline, offline])
    const scheduler = new SyncScheduler({ run, backoffBaseMs: 1000, random: () => 1 })
    await scheduler.runNow()
    await vi.advanceTimersByTimeAsync(1000)
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 1000, 3000])
    // The network is back: sync at once, not after the next (4 s) delay.
    scheduler.request('online')
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(4)
    await vi.advanceTimersByTimeAsync(1000)
    expect(run).toHaveBeenCalledTimes(5)
  })

  it('does not retry a sync that needs the person, until they act', async () => {
    const { run } = counting([signedOut])
    const scheduler = new SyncScheduler({ run })
    await scheduler.runNow()
    scheduler.request('interval')
    scheduler.request('write')
    await vi.advanceTimersByTimeAsync(600_000)
    expect(run).toHaveBeenCalledTimes(1)
    scheduler.request('signIn')
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('syncs on an interval only while online and visible', async () => {
    const { run } = counting()
    let isVisible = true
    const scheduler = new SyncScheduler({ run, intervalMs: 30_000, isVisible: () => isVisible, isOnline: () => true })
    const target = new EventTarget()
    scheduler.start({ window: target as unknown as Window, document: target as unknown as Document })
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(run).toHaveBeenCalledTimes(2)
    isVisible = false
    await vi.advanceTimersByTimeAsync(90_000)
    expect(run).toHaveBeenCalledTimes(2)
    isVisible = true
    target.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(3)
    target.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(run).toHaveBeenCalledTimes(4)
    scheduler.stop()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(run).toHaveBeenCalledTimes(4)
  })
})

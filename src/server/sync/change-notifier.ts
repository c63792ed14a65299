/**
 * Wakes the long polls (POST /api/sync/wait) of an account's other devices when a push changed something, so a
 * record made on one phone appears on the other within a second instead of at the next interval.
 *
 * The waiters live in this process's memory; pushes reach it through the storage's change feed, so with several
 * instances on PostgreSQL a push on one wakes waits on all (db/change-feed.ts). A notice that is lost only delays:
 * the wait ends at its timeout and the device's interval sync catches up (the cursor, not this signal, decides what
 * a pull returns).
 */
interface Waiter {
  deviceId: string
  afterRev: number
  wake: (rev: number) => void
}

export class ChangeNotifier {
  private readonly waiters = new Map<string, Set<Waiter>>()

  /** Resolves with the new revision when the account moves past `afterRev`, or null after the timeout or abort. */
  wait(
    accountId: string,
    deviceId: string,
    afterRev: number,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<number | null> {
    return new Promise((resolve) => {
      const set = this.waiters.get(accountId) ?? new Set<Waiter>()
      this.waiters.set(accountId, set)
      const finish = (rev: number | null) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        set.delete(waiter)
        if (set.size === 0) this.waiters.delete(accountId)
        resolve(rev)
      }
      const onAbort = () => finish(null)
      const waiter: Waiter = { deviceId, afterRev, wake: (rev) => finish(rev < 0 ? null : rev) }
      const timer = setTimeout(() => finish(null), timeoutMs)
      set.add(waiter)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /** The pushing device is not woken: it pulls right after its own push anyway. */
  notify(accountId: string, rev: number, fromDeviceId?: string): void {
    for (const waiter of [...(this.waiters.get(accountId) ?? [])])
      if (rev > waiter.afterRev && waiter.deviceId !== fromDeviceId) waiter.wake(rev)
  }

  /** Ends every wait now (they answer "no change"): on shutdown, so held requests do not delay it. */
  releaseAll(): void {
    for (const set of [...this.waiters.values()]) for (const waiter of [...set]) waiter.wake(-1)
  }

  get waiting(): number {
    let n = 0
    for (const set of this.waiters.values()) n += set.size
    return n
  }
}

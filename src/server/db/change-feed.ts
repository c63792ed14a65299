/**
 * "Account A has changes up to revision N": told by the instance that applied a push to every instance (itself
 * included), so each can wake its own long polls. One process (SQLite) needs only an in-memory emitter;
 * several instances on PostgreSQL use LISTEN/NOTIFY (postgres.ts). It is a hint for waking devices early: the
 * pull cursor, not this feed, decides what a device receives, so a lost notice costs delay, never data.
 */
export interface AccountChange {
  accountId: string
  rev: number
  /** The device whose push it was: it is not woken, it pulls after pushing anyway. */
  deviceId: string
}

export type ChangeListener = (change: AccountChange) => void

export interface ChangeFeed {
  publish: (change: AccountChange) => Promise<void>
  subscribe: (listener: ChangeListener) => () => void
}

/** Listeners of one process; `deliver` hands them a change that came from anywhere. */
export class LocalChangeFeed implements ChangeFeed {
  private readonly listeners = new Set<ChangeListener>()

  publish(change: AccountChange): Promise<void> {
    this.deliver(change)
    return Promise.resolve()
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  deliver(change: AccountChange): void {
    for (const listener of this.listeners) listener(change)
  }
}

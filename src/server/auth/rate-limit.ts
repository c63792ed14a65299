/**
 * Sign-in attempts are limited per account name and per client address, in fixed windows. Failures are counted
 * in the database, not in memory, so the limit holds across a restart and across several server instances.
 *
 * The per-name limit lets someone who knows a name lock its owner out for one window; that is the usual price of
 * stopping password guessing against one account from many addresses, and the window is short.
 */
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'

export interface RateLimitRule {
  maxFailures: number
  windowMs: number
}

export const DEFAULT_LOGIN_LIMITS = {
  name: { maxFailures: 10, windowMs: 15 * 60_000 },
  address: { maxFailures: 50, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>

export type LoginLimits = typeof DEFAULT_LOGIN_LIMITS

export class LoginRateLimiter {
  constructor(private readonly db: Kysely<Database>, private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS, private readonly now: () => number = Date.now) {}

  /** Seconds until another attempt is allowed, or null if one is allowed now. */
  async retryAfter(nameKey: string, address: string): Promise<number | null> {
    const keys = this.keysOf(nameKey, address)
    const rows = await this.db.selectFrom('login_failures').selectAll().where('key', 'in', keys.map((k) => k.key)).execute()
    let wait = 0
    for (const row of rows) {
      const rule = keys.find((k) => k.key === row.key)!.rule
      const endsAt = Date.parse(row.window_start) + rule.windowMs
      if (row.count >= rule.maxFailures && endsAt > this.now()) wait = Math.max(wait, Math.ceil((endsAt - this.now()) / 1000))
    }
    return wait > 0 ? wait : null
  }

  /**
   * One statement per key, counting in the database (count + 1, or 1 once the window has passed), so failures
   * arriving at several instances at once are all counted.
   */
  async recordFailure(nameKey: string, address: string): Promise<void> {
    const now = new Date(this.now()).toISOString()
    for (const { key, rule } of this.keysOf(nameKey, address)) {
      const windowOpenedAfter = new Date(this.now() - rule.windowMs).toISOString()
      const isExpired = sql<boolean>`login_failures.window_start <= ${windowOpenedAfter}`
      await this.db
        .insertInto('login_failures')
        .values({ key, count: 1, window_start: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({
          count: sql<number>`case when ${isExpired} then 1 else login_failures.count + 1 end`,
          window_start: sql<string>`case when ${isExpired} then ${now} else login_failures.window_start end`,
        }))
        .execute()
    }
  }

  /** A successful sign-in clears the name's count (not the address's: one right password does not excuse many wrong). */
  async clearName(nameKey: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key', '=', `name:${nameKey}`).execute()
  }

  private keysOf(nameKey: string, address: string): { key: string; rule: RateLimitRule }[] {
    return [
      { key: `name:${nameKey}`, rule: this.limits.name },
      { key: `addr:${address}`, rule: this.limits.address },
    ]
  }
}

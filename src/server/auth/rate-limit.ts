/**
 * Password checks are throttled before they are made. Each check first reserves its place, counted as a failure,
 * in one conditional upsert per key (`INSERT … ON CONFLICT DO UPDATE … WHERE <room left> RETURNING`); a request
 * that finds no room gets 429 and no hash is computed. Because the count is taken before the argon2 check, a
 * hundred guesses sent at once are counted a hundred times, not zero times while they are all being checked. The
 * counts live in the database, so the limits hold across restarts and across several server instances.
 *
 * The keys, for a sign-in (and for a password change, which checks the current password):
 * - per (name, address): growing delays. A few free tries, then a wait that doubles with every further failure up
 *   to a ceiling. A device that has signed in to the account before is keyed (name, device) instead, so guesses
 *   from a colleague's desk on the same office address do not slow its owner down.
 * - per name and per address: fixed windows, as backstops against guessing from many addresses, or at many names
 *   from one. A device that has signed in to the account before skips both: a flood of failures from the office's
 *   shared address, or aimed at a name, does not lock out the people who know their password on their own phones.
 *   A device id is no secret (records carry it), so the (name, device) delays still hold for it.
 * A successful check clears the pair's delays and the name's count, and gives back its own reservation of the
 * address (one right password does not excuse many wrong ones).
 *
 * First-run setup has its own window per address: it hashes a password and needs no account.
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely'
import type { Database } from '../db/schema'

export interface WindowRule {
  /** Attempts not yet proven right (failures, and checks still running) allowed within one window. */
  maxFailures: number
  windowMs: number
}

export interface DelayRule {
  /** Failures in a row allowed without any wait. */
  freeTries: number
  /** The wait after the first failure past the free ones; it doubles with each further failure. */
  firstDelayMs: number
  maxDelayMs: number
  /** Failures this long after the last one are forgotten: the next one starts a fresh run. Longer than maxDelayMs. */
  forgetAfterMs: number
}

export interface LoginLimits {
  name: WindowRule
  address: WindowRule
  /** @default DEFAULT_LOGIN_LIMITS.pair */
  pair?: DelayRule
  /** @default DEFAULT_LOGIN_LIMITS.setup */
  setup?: WindowRule
}

const MINUTE = 60_000

export const DEFAULT_LOGIN_LIMITS = {
  name: { maxFailures: 10, windowMs: 15 * MINUTE },
  address: { maxFailures: 50, windowMs: 15 * MINUTE },
  pair: { freeTries: 10, firstDelayMs: 15_000, maxDelayMs: 15 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE },
  setup: { maxFailures: 10, windowMs: 15 * MINUTE },
} satisfies Required<LoginLimits>

/** What the caller asks for: the account name typed (as its key), the client's address, and a device the account knows. */
export interface SignInAttempt {
  nameKey: string
  address: string
  /** The request's device id when that device has signed in to this account before; null otherwise. */
  knownDeviceId: string | null
}

/** Either room for one password check (call `succeeded` if it was right), or the seconds to wait. */
export type Reservation = { isAllowed: true; succeeded: () => Promise<void> } | { isAllowed: false; retryAfter: number }

interface Held {
  key: string
  windowStart: string
}

/** The blocked_until of a run still within its free tries. */
const NO_WAIT = new Date(0).toISOString()

/** Stale rows are swept at most this often, by whichever request comes along. */
const SWEEP_EVERY_MS = 10 * MINUTE

export class LoginRateLimiter {
  private readonly limits: Required<LoginLimits>
  private lastSweep = 0

  constructor(
    private readonly db: Kysely<Database>,
    limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.limits = {
      name: limits.name,
      address: limits.address,
      pair: limits.pair ?? DEFAULT_LOGIN_LIMITS.pair,
      setup: limits.setup ?? DEFAULT_LOGIN_LIMITS.setup,
    }
  }

  /** Reserves one check of a password for a sign-in or a password change, before it is made. */
  async reserveSignIn(attempt: SignInAttempt): Promise<Reservation> {
    await this.sweep()
    const windows =
      attempt.knownDeviceId !== null
        ? []
        : [
            // The address first: when it is over its limit, nothing else is written, however many names are tried.
            { key: `addr:${attempt.address}`, rule: this.limits.address },
            { key: `name:${attempt.nameKey}`, rule: this.limits.name },
          ]
    const held: Held[] = []
    for (const { key, rule } of windows) {
      const windowStart = await this.takeWindow(key, rule)
      if (windowStart === null) {
        await this.giveBack(held)
        return { isAllowed: false, retryAfter: await this.windowWait(key, rule) }
      }
      held.push({ key, windowStart })
    }
    const pairKey =
      attempt.knownDeviceId !== null
        ? `pair:${attempt.nameKey}|device:${attempt.knownDeviceId}`
        : `pair:${attempt.nameKey}|addr:${attempt.address}`
    if (!(await this.takeDelay(pairKey))) {
      await this.giveBack(held)
      return { isAllowed: false, retryAfter: await this.delayWait(pairKey) }
    }
    return {
      isAllowed: true,
      succeeded: async () => {
        await this.db
          .deleteFrom('login_failures')
          .where('key', 'in', [pairKey, `name:${attempt.nameKey}`])
          .execute()
        await this.giveBack(held.filter((h) => h.key.startsWith('addr:')))
      },
    }
  }

  /** Reserves one first-run setup (a password hash) for this address. */
  async reserveSetup(address: string): Promise<Reservation> {
    const key = `setup:${address}`
    if ((await this.takeWindow(key, this.limits.setup)) === null)
      return { isAllowed: false, retryAfter: await this.windowWait(key, this.limits.setup) }
    return { isAllowed: true, succeeded: () => Promise.resolve() }
  }

  /** One more attempt in the key's window, if there is room: the window's start, or null when it is full. */
  private async takeWindow(key: string, rule: WindowRule): Promise<string | null> {
    const now = this.iso(0)
    const isExpired = sql<SqlBool>`login_failures.window_start <= ${this.iso(-rule.windowMs)}`
    const row = await this.db
      .insertInto('login_failures')
      .values({ key, count: 1, window_start: now })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            count: sql<number>`case when ${isExpired} then 1 else login_failures.count + 1 end`,
            window_start: sql<string>`case when ${isExpired} then ${now} else login_failures.window_start end`,
          })
          .where((eb) => eb.or([isExpired, eb('login_failures.count', '<', rule.maxFailures)])),
      )
      .returning('window_start')
      .executeTakeFirst()
    return row?.window_start ?? null
  }

  /**
   * One more failure in a row for the key, if its wait is over. The wait that this failure sets is chosen by a CASE
   * over the failures so far, each branch a precomputed time, so the whole step is one statement on both engines.
   * No wait is stored as the epoch, not as "now": requests racing in with clocks a millisecond apart must not see
   * each other's "now" as a wait.
   */
  private async takeDelay(key: string): Promise<boolean> {
    const rule = this.limits.pair
    const now = this.iso(0)
    const previous = sql<number>`(case when login_failures.window_start <= ${this.iso(-rule.forgetAfterMs)} then 0 else login_failures.count end)`
    const branches: RawBuilder<unknown>[] = []
    for (
      let failures = 0;
      failures < rule.freeTries + 32 && this.delayAfter(failures + 1) < rule.maxDelayMs;
      failures++
    ) {
      branches.push(sql`when ${sql.lit(failures)} then ${this.waitUntil(failures + 1)}`)
    }
    const row = await this.db
      .insertInto('login_failures')
      .values({ key, count: 1, window_start: now, blocked_until: this.waitUntil(1) })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            count: sql<number>`${previous} + 1`,
            window_start: now,
            blocked_until: sql<string>`case ${previous} ${sql.join(branches, sql` `)} else ${this.iso(rule.maxDelayMs)} end`,
          })
          .where(sql<SqlBool>`login_failures.blocked_until <= ${now}`),
      )
      .returning('count')
      .executeTakeFirst()
    return row !== undefined
  }

  private waitUntil(failures: number): string {
    const delay = this.delayAfter(failures)
    return delay === 0 ? NO_WAIT : this.iso(delay)
  }

  /** The wait after this many failures in a row. */
  private delayAfter(failures: number): number {
    const { freeTries, firstDelayMs, maxDelayMs } = this.limits.pair
    return failures < freeTries ? 0 : Math.min(firstDelayMs * 2 ** (failures - freeTries), maxDelayMs)
  }

  private async giveBack(held: readonly Held[]): Promise<void> {
    for (const { key, windowStart } of held) {
      await this.db
        .updateTable('login_failures')
        .set({ count: sql<number>`count - 1` })
        .where('key', '=', key)
        .where('window_start', '=', windowStart)
        .where('count', '>', 0)
        .execute()
    }
  }

  private async windowWait(key: string, rule: WindowRule): Promise<number> {
    const row = await this.db
      .selectFrom('login_failures')
      .select('window_start')
      .where('key', '=', key)
      .executeTakeFirst()
    return this.secondsUntil(row ? Date.parse(row.window_start) + rule.windowMs : 0)
  }

  private async delayWait(key: string): Promise<number> {
    const row = await this.db
      .selectFrom('login_failures')
      .select('blocked_until')
      .where('key', '=', key)
      .executeTakeFirst()
    return this.secondsUntil(row?.blocked_until ? Date.parse(row.blocked_until) : 0)
  }

  /** At least one: the row may have moved on between the refusal and this read. */
  private secondsUntil(time: number): number {
    return Math.max(1, Math.ceil((time - this.now()) / 1000))
  }

  /** Rows no limit looks at any more: windows long over, runs of failures long forgotten. */
  private async sweep(): Promise<void> {
    if (this.now() - this.lastSweep < SWEEP_EVERY_MS) return
    this.lastSweep = this.now()
    const longestWindow = Math.max(this.limits.name.windowMs, this.limits.address.windowMs, this.limits.setup.windowMs)
    await this.db
      .deleteFrom('login_failures')
      .where((eb) =>
        eb.or([
          eb.and([eb('blocked_until', 'is', null), eb('window_start', '<', this.iso(-longestWindow))]),
          eb.and([
            eb('blocked_until', 'is not', null),
            eb('window_start', '<', this.iso(-this.limits.pair.forgetAfterMs)),
          ]),
        ]),
      )
      .execute()
  }

  private iso(offsetMs: number): string {
    return new Date(this.now() + offsetMs).toISOString()
  }
}

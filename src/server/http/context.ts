/** What every API route can reach: the storage, the services over it, and the signed-in account. */
import type { Context, MiddlewareHandler } from 'hono'
import type { IncomingMessage } from 'node:http'
import type { AccountRow, Accounts } from '../auth/accounts'
import type { LoginRateLimiter } from '../auth/rate-limit'
import { hashToken } from '../auth/tokens'
import type { BlobStore } from '../blobs/blob-store'
import type { Storage } from '../db/open'
import type { ChangeNotifier } from '../sync/change-notifier'
import type { Logger } from '../logger'
import { forbidden, unauthorized } from './errors'

export interface Services {
  storage: Storage
  /** Photo bytes; which account may read them is in storage (account_blobs). */
  blobs: BlobStore
  accounts: Accounts
  loginLimiter: LoginRateLimiter
  log: Logger
  notifier: ChangeNotifier
  /** Take the client's address from X-Forwarded-For (only behind one reverse proxy that appends to it). */
  trustProxy: boolean
}

export interface ApiEnv {
  Variables: {
    account: AccountRow
    tokenHash: string
  }
}

/** A token's last-used time is written at most this often, so every request is not also a write. */
const TOUCH_EVERY_MS = 60 * 60_000

export function requireAccount(services: Services): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) throw unauthorized()
    const tokenHash = hashToken(match[1]!)
    const found = await services.accounts.byToken(tokenHash)
    if (!found) throw unauthorized()
    if (Date.now() - Date.parse(found.lastUsedAt) > TOUCH_EVERY_MS) await services.accounts.touchToken(tokenHash)
    c.set('account', found.account)
    c.set('tokenHash', tokenHash)
    await next()
  }
}

export function requireAdmin(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (c.get('account').is_admin !== 1) throw forbidden()
    await next()
  }
}

/** The client's address for rate limiting; 'local' for in-process requests that have no socket. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    // The last entry is the one our own proxy appended; earlier ones are whatever the client chose to send.
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded) return forwarded
  }
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  return incoming?.socket.remoteAddress ?? 'local'
}

/**
 * The HTTP app: the sync API and the built PWA on one port. Kept free of listening and process concerns so tests
 * call `app.request()` (or `app.fetch`) in-process against a real database.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono, type MiddlewareHandler } from 'hono'
import { sql } from 'kysely'
import { readFile } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import { join, relative } from 'node:path'
import { PROTOCOL_VERSION } from '../shared/sync/protocol'
import { Accounts } from './auth/accounts'
import type { BlobStore } from './blobs/blob-store'
import { DEFAULT_LOGIN_LIMITS, LoginRateLimiter, type LoginLimits } from './auth/rate-limit'
import type { Storage } from './db/open'
import type { ApiEnv, Services } from './http/context'
import { ApiError } from './http/errors'
import { securityHeaders } from './http/security-headers'
import { createLogger, type Logger } from './logger'
import { adminRoutes } from './routes/admin'
import { authRoutes } from './routes/auth'
import { blobRoutes } from './routes/blobs'
import { syncRoutes } from './routes/sync'
import { adminUnitRoutes, unitRoutes } from './routes/units'
import { ChangeNotifier } from './sync/change-notifier'

export interface AppOptions {
  staticDir: string
  version: string
  storage: Storage
  /** Photo bytes (FileBlobStore under DATA_DIR/blobs in production): every instance must see the same ones. */
  blobs: BlobStore
  log?: Logger
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. @default false */
  trustProxy?: boolean
  loginLimits?: LoginLimits
  /** Wakes waiting devices after a push; pass one in to release the waits on shutdown. @default a new one */
  notifier?: ChangeNotifier
}

export function createApp(options: AppOptions): Hono<ApiEnv> {
  const log = options.log ?? createLogger('warn')
  const services: Services = {
    storage: options.storage,
    blobs: options.blobs,
    accounts: new Accounts(options.storage.db),
    loginLimiter: new LoginRateLimiter(options.storage.db, options.loginLimits ?? DEFAULT_LOGIN_LIMITS),
    log,
    notifier: options.notifier ?? new ChangeNotifier(),
    trustProxy: options.trustProxy ?? false,
  }
  // Every instance wakes its own long polls when any instance applies a push (storage.changes).
  options.storage.changes.subscribe((change) => services.notifier.notify(change.accountId, change.rev, change.deviceId))
  const app = new Hono<ApiEnv>()
  const root = relative(process.cwd(), options.staticDir) || '.'

  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body, error.status)
    log.error('request failed', {
      method: c.req.method,
      path: c.req.path,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
    return c.json(
      { error: 'internal', message: '服务器内部错误，请稍后重试', messageEn: 'Internal server error: try again later' },
      500,
    )
  })

  app.use('*', closeWhenBodyUnread())
  app.use('*', securityHeaders())
  app.use('/api/*', async (c, next) => {
    const started = performance.now()
    await next()
    log.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    })
  })
  // For load balancers and monitoring: answers 503 when the database does not, so a broken instance leaves the pool.
  app.get('/api/health', async (c) => {
    const body = { version: options.version, database: options.storage.engine, protocol: PROTOCOL_VERSION }
    try {
      await sql`select 1`.execute(options.storage.db)
      return c.json({ status: 'ok', ...body })
    } catch (error) {
      log.warn('health check: database unavailable', { error: error instanceof Error ? error.message : String(error) })
      return c.json({ status: 'unavailable', ...body }, 503)
    }
  })
  app.route('/api/auth', authRoutes(services))
  app.route('/api/admin/units', adminUnitRoutes(services))
  app.route('/api/admin', adminRoutes(services))
  app.route('/api/units', unitRoutes(services))
  app.route('/api/sync', syncRoutes(services))
  app.route('/api/blobs', blobRoutes(services))
  app.all('/api/*', (c) => c.json({ error: 'not_found', message: '接口不存在', messageEn: 'No such endpoint' }, 404))

  // The service worker and the HTML must be revalidated every time, or an update would never be noticed.
  app.use('*', async (c, next) => {
    await next()
    const path = c.req.path
    if (path === '/' || path.endsWith('.html') || path === '/sw.js' || path.endsWith('.webmanifest'))
      c.header('Cache-Control', 'no-cache')
    else if (path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable')
  })
  // The build writes .br and .gz copies of its text files (scripts/vite/precompress.ts): sent to browsers that take them.
  app.use('*', serveStatic({ root, precompressed: true }))

  // Client-side routes (/study/123) all load the app shell.
  app.get('*', async (c) => {
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return c.text('Not found', 404)
    const html = await readFile(join(options.staticDir, 'index.html'), 'utf8').catch(() => null)
    if (html === null) return c.text('The app is not built: run npm run build', 503)
    c.header('Cache-Control', 'no-cache')
    return c.html(html)
  })
  return app
}

/**
 * An answer sent before the request's body arrived whole (a 413 on Content-Length, a 401, a photo chunk refused on
 * its headers, an error) closes the connection. The rest of that body may still be on its way: @hono/node-server
 * drains it for at most 500 ms and then cuts the connection, and a request the client had sent next on it was lost.
 * `Connection: close` tells the client to send its next request on a new connection.
 */
function closeWhenBodyUnread(): MiddlewareHandler {
  return async (c, next) => {
    await next()
    // In-process requests (tests) have no connection to close.
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
    if (!incoming) return
    const hasBody =
      incoming.headers['transfer-encoding'] !== undefined || Number(incoming.headers['content-length'] ?? 0) > 0
    // `complete`: Node's parser has the whole body, so draining what the handler left unread is instant.
    if (hasBody && !incoming.complete) c.header('Connection', 'close')
  }
}

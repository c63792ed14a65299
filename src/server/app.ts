/**
 * The HTTP app: the built PWA today, the sync API beside it later, on one port. Kept free of listening and
 * process concerns so tests can call `app.request()` in-process.
 */
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'

export interface AppOptions {
  staticDir: string
  version: string
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono()
  const root = relative(process.cwd(), options.staticDir) || '.'

  app.get('/api/health', (c) => c.json({ status: 'ok', version: options.version }))
  app.all('/api/*', (c) => c.json({ error: 'not_found', message: '接口不存在' }, 404))

  // The service worker and the HTML must be revalidated every time, or an update would never be noticed.
  app.use('*', async (c, next) => {
    await next()
    const path = c.req.path
    if (path === '/' || path.endsWith('.html') || path === '/sw.js' || path.endsWith('.webmanifest')) c.header('Cache-Control', 'no-cache')
    else if (path.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable')
  })
  app.use('*', serveStatic({ root }))

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

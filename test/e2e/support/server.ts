/** The real server (src/server/app.ts) serving the built app, started in-process on a free port. */
import { serve } from '@hono/node-server'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createApp } from '../../../src/server/app'

export interface TestServer {
  /** `http://localhost:PORT`: service workers only run on localhost or https. */
  origin: string
  close: () => Promise<void>
}

/**
 * Serves `dist/` (built by `npm run test:e2e` through scripts/ensure-build.mjs). XSJ_E2E_DIST points at another
 * build, e.g. a copy that a concurrent `vite build` cannot replace in the middle of a run.
 */
export function staticDirOf(): string {
  const dir = resolve(process.env.XSJ_E2E_DIST ?? 'dist')
  if (!existsSync(resolve(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: run \`npx vite build\` (or node scripts/ensure-build.mjs) first`)
  return dir
}

export async function startServer(): Promise<TestServer> {
  const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
  return serveBuild(staticDirOf(), version)
}

/** Serves a given build on a free loopback port (also used by the benchmarks). */
export function serveBuild(staticDir: string, version: string): Promise<TestServer> {
  const app = createApp({ staticDir, version })
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolvePromise({
        origin: `http://localhost:${info.port}`,
        close: () => new Promise((done) => {
          server.close(() => done())
          // Keep-alive connections from Chromium would otherwise hold close() open.
          if ('closeAllConnections' in server) server.closeAllConnections()
        }),
      })
    })
    server.once('error', reject)
  })
}

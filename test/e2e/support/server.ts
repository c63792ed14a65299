/** The real server (src/server/app.ts) serving the built app and the sync API, in-process on a free port. */
import { serve } from '@hono/node-server'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createApp } from '../../../src/server/app'
import { FileBlobStore } from '../../../src/server/blobs/file-blob-store'
import { openStorage } from '../../../src/server/db/open'

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
  if (!existsSync(resolve(dir, 'index.html')))
    throw new Error(`${dir}/index.html is missing: run \`npx vite build\` (or node scripts/ensure-build.mjs) first`)
  return dir
}

export async function startServer(): Promise<TestServer> {
  const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return serveBuild(staticDirOf(), version)
}

/** Serves a given build on a free loopback port, with a fresh SQLite database (also used by the benchmarks). */
export async function serveBuild(staticDir: string, version: string): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xsj-e2e-data-'))
  const storage = await openStorage({ dataDir })
  const app = createApp({ staticDir, version, storage, blobs: new FileBlobStore(join(dataDir, 'blobs')) })
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolvePromise({
        origin: `http://localhost:${info.port}`,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done())
            // Keep-alive connections from Chromium would otherwise hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections()
          })
          await storage.close()
          rmSync(dataDir, { recursive: true, force: true })
        },
      })
    })
    server.once('error', reject)
  })
}

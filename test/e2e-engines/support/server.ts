/**
 * The real server (src/server/app.ts) on one loopback port for a whole test file, which can stop listening and
 * listen again on the same port with the same database. WebKit has no offline switch, so a stopped server is its
 * "no network"; and the origin (port included) must stay the same for a relaunched browser to find its storage.
 */
import { serve, type ServerType } from '@hono/node-server'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../../src/server/app'
import { FileBlobStore } from '../../../src/server/blobs/file-blob-store'
import { openStorage } from '../../../src/server/db/open'
import { staticDirOf } from '../../e2e/support/server'

export interface EngineServer {
  /** `http://127.0.0.1:PORT`: a secure context in all three engines, so the service worker runs. */
  origin: string
  /** Stops answering: open connections (the long poll) are cut, new ones refused. */
  stop: () => Promise<void>
  /** Listens again on the same port, with everything stored before. */
  start: () => Promise<void>
  isRunning: () => boolean
  close: () => Promise<void>
}

export async function startEngineServer(): Promise<EngineServer> {
  const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'xsj-engines-data-'))
  const storage = await openStorage({ dataDir })
  const app = createApp({
    staticDir: staticDirOf(),
    version,
    storage,
    blobs: new FileBlobStore(join(dataDir, 'blobs')),
  })
  let server: ServerType | null = null

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const started = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info) => resolve(info.port))
      started.once('error', reject)
      server = started
    })
  const port = await listen(0)

  const stop = async () => {
    const running = server
    if (!running) return
    server = null
    await new Promise<void>((done) => {
      running.close(() => done())
      if ('closeAllConnections' in running) running.closeAllConnections()
    })
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    stop,
    async start() {
      if (!server) await listen(port)
    },
    isRunning: () => server !== null,
    async close() {
      await stop()
      await storage.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

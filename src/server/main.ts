import { serve } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import { createApp } from './app'
import { FileBlobStore } from './blobs/file-blob-store'
import { startUploadSweeps } from './blobs/upload-sweep'
import { readConfig } from './config'
import { openStorage } from './db/open'
import { createLogger } from './logger'
import { closeGracefully } from './shutdown'
import { ChangeNotifier } from './sync/change-notifier'

const config = readConfig()
const log = createLogger(config.logLevel)
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string
}
const storage = await openStorage({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: config.databasePoolSize,
  onConnectionError: (error) =>
    log.warn('database connection dropped; a new one will be opened', { error: error.message }),
})
const notifier = new ChangeNotifier()
const blobs = new FileBlobStore(config.blobDir)
const app = createApp({
  staticDir: config.staticDir,
  version,
  storage,
  blobs,
  log,
  trustProxy: config.trustProxy,
  notifier,
})
const needsSetup = (await storage.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) === undefined

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  log.info('listening', {
    url: `http://localhost:${info.port}`,
    database: storage.engine,
    location: storage.location,
    blobs: config.blobDir,
    version,
  })
  if (needsSetup)
    log.info(
      'no account yet: open the app and create the administrator on its first-run screen, or run `npm run admin -- user:add <name> --admin`',
    )
})
// Unfinished photo uploads: finished or dropped now (a crash may have left some) and once a day.
const stopSweeps = startUploadSweeps(storage.db, blobs, log)

const shutdown = closeGracefully(server, {
  log,
  // Held long polls answer "no change" now, and any that starts while the server drains does too.
  releaseWaits: () => notifier.releaseAll(),
  close: async () => {
    stopSweeps()
    await storage.close()
  },
})
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))

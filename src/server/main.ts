import { serve } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import { createApp } from './app'
import { readConfig } from './config'
import { createLogger } from './logger'

const config = readConfig()
const log = createLogger(config.logLevel)
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
const app = createApp({ staticDir: config.staticDir, version })

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  log.info('listening', { url: `http://localhost:${info.port}`, staticDir: config.staticDir, version })
})

// Graceful shutdown: stop accepting, let in-flight requests finish, then exit.
function shutdown(signal: string): void {
  log.info('shutting down', { signal })
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(1), 10_000).unref()
}
process.on('SIGINT', () => shutdown('SIGINT'))
process.on('SIGTERM', () => shutdown('SIGTERM'))

/** Configuration from the environment, read once at start-up. */
import { resolve } from 'node:path'

export interface ServerConfig {
  port: number
  host: string
  /** The built PWA (vite build output). */
  staticDir: string
  logLevel: 'debug' | 'info' | 'warn' | 'error'
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`)
  const logLevel = env.LOG_LEVEL ?? 'info'
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new Error(`LOG_LEVEL must be debug, info, warn or error, got "${logLevel}"`)
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    staticDir: resolve(env.STATIC_DIR ?? 'dist'),
    logLevel: logLevel as ServerConfig['logLevel'],
  }
}

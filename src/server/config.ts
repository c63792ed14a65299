/** Configuration from the environment, read once at start-up. */
import { join, resolve } from 'node:path'

export interface ServerConfig {
  port: number
  host: string
  /** The built PWA (vite build output). */
  staticDir: string
  /** Where the SQLite file and, by default, the photos live. */
  dataDir: string
  /** Where photos live: DATA_DIR/blobs unless BLOB_DIR says otherwise (a shared folder for several instances). */
  blobDir: string
  /** Empty for the SQLite file under dataDir; `sqlite:<file>` for another file. */
  databaseUrl: string
  logLevel: 'debug' | 'info' | 'warn' | 'error'
  /** Behind a reverse proxy that sets X-Forwarded-For. */
  trustProxy: boolean
  /** PostgreSQL connections per instance. */
  databasePoolSize: number
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got "${env.PORT}"`)
  const databasePoolSize = Number(env.DATABASE_POOL_SIZE ?? 10)
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 500)
    throw new Error(`DATABASE_POOL_SIZE must be a whole number from 1 to 500, got "${env.DATABASE_POOL_SIZE}"`)
  const logLevel = env.LOG_LEVEL ?? 'info'
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    throw new Error(`LOG_LEVEL must be debug, info, warn or error, got "${logLevel}"`)
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    staticDir: resolve(env.STATIC_DIR ?? 'dist'),
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    // Empty (a unit's `Environment=BLOB_DIR=`) means unset: resolve('') would put photos in the working directory.
    blobDir: resolve(env.BLOB_DIR || join(env.DATA_DIR ?? 'data', 'blobs')),
    databaseUrl: env.DATABASE_URL ?? '',
    logLevel: logLevel as ServerConfig['logLevel'],
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    databasePoolSize,
  }
}

/**
 * Stopping on SIGTERM or SIGINT without leaving a client hanging and without being killed for taking too long:
 * stop accepting connections; answer held long polls now (and any that starts meanwhile); let requests in flight
 * finish, each answer saying `Connection: close`; close idle keep-alive connections as they become idle; then close
 * the database and exit 0. Requests still running after the grace have their connections cut, and the exit is
 * still 0: the clients retry, and the stop was asked for. Only a database that will not close exits 1.
 */
import type { ServerType } from '@hono/node-server'
import { Server, type ServerResponse } from 'node:http'
import type { Logger } from './logger'

export interface ShutdownOptions {
  log: Logger
  /** Answers the held long polls. Called now and every DRAIN_TICK_MS until the server is closed. */
  releaseWaits: () => void
  /** What to close once no connection is left (the database). */
  close: () => Promise<void>
  /** How long requests in flight may take. @default 10 s */
  graceMs?: number
  /** How long `close` may take before the process exits 1 anyway. @default 3 s */
  closeTimeoutMs?: number
}

const DRAIN_TICK_MS = 100

/** Answers the function to call with the signal's name; a second signal changes nothing. */
export function closeGracefully(server: ServerType, options: ShutdownOptions): (signal: string) => void {
  const { log } = options
  if (!(server instanceof Server)) throw new Error('graceful shutdown needs a node:http server')
  let isStopping = false
  const inFlight = new Set<ServerResponse>()
  // Before the app's own listener, so the header is set before the app writes its answer.
  server.prependListener('request', (_request, response: ServerResponse) => {
    if (isStopping) response.setHeader('Connection', 'close')
    inFlight.add(response)
    response.once('close', () => inFlight.delete(response))
  })

  return (signal) => {
    if (isStopping) return
    isStopping = true
    const started = performance.now()
    log.info('shutting down', { signal, inFlight: inFlight.size })
    // Merged into the head the app writes later: the connection ends with this answer instead of being kept.
    for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close')
    // A connection whose answer was already on its way when the signal came goes idle after it: closed on the next tick.
    const drain = setInterval(() => {
      options.releaseWaits()
      server.closeIdleConnections()
    }, DRAIN_TICK_MS)
    const cut = setTimeout(() => {
      log.warn('shutdown grace over: closing connections with requests still in flight', { inFlight: inFlight.size })
      server.closeAllConnections()
    }, options.graceMs ?? 10_000)
    server.close(() => {
      clearInterval(drain)
      clearTimeout(cut)
      setTimeout(() => {
        log.error('the database did not close in time')
        process.exit(1)
      }, options.closeTimeoutMs ?? 3000).unref()
      options.close().then(
        () => {
          log.info('stopped', { ms: Math.round(performance.now() - started) })
          process.exit(0)
        },
        (error: unknown) => {
          log.error('closing the database failed', { error: error instanceof Error ? error.message : String(error) })
          process.exit(1)
        },
      )
    })
    options.releaseWaits()
    server.closeIdleConnections()
  }
}

/**
 * HTTP/1.1 over a plain socket, for the tests that are about the connection itself (keep-alive, Connection: close,
 * a body sent in part): the app served by @hono/node-server on a free port, as `npm start` serves it, and a client
 * that writes exactly the bytes it is told to and reads answers off the socket as they come.
 */
import { serve } from '@hono/node-server'
import { connect, type Socket } from 'node:net'
import type { TestServer } from './harness'

export interface Listening {
  port: number
  close: () => Promise<void>
}

/** Serves the test server's app on a free loopback port. */
export function listen(server: TestServer): Promise<Listening> {
  return new Promise((resolve) => {
    const http = serve({ fetch: server.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((closed) => {
            http.close(() => closed())
            if ('closeAllConnections' in http) http.closeAllConnections()
          }),
      })
    })
  })
}

export interface RawAnswer {
  status: number
  /** Header names in lower case. */
  headers: Record<string, string>
  body: string
}

/** One TCP connection: requests are written as given, answers read one at a time. */
export class RawConnection {
  private readonly socket: Socket
  private buffer = Buffer.alloc(0)
  private isClosedFlag = false
  private readonly waiters = new Set<() => void>()

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1')
    this.socket.on('data', (data) => {
      this.buffer = Buffer.concat([this.buffer, data])
      this.wake()
    })
    this.socket.on('close', () => {
      this.isClosedFlag = true
      this.wake()
    })
    // A reset from the server shows as a closed connection; the test asserts on that.
    this.socket.on('error', () => undefined)
  }

  get isClosed(): boolean {
    return this.isClosedFlag
  }

  write(data: string | Uint8Array): void {
    if (!this.isClosedFlag) this.socket.write(data)
  }

  /** The next whole answer, or null if the connection closes or `timeoutMs` passes first. */
  async answer(timeoutMs = 2000): Promise<RawAnswer | null> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const parsed = this.takeAnswer()
      if (parsed) return parsed
      if (this.isClosedFlag || Date.now() >= deadline) return null
      await this.changed(deadline - Date.now())
    }
  }

  /** Whether the server closes the connection within `timeoutMs`. */
  async closes(timeoutMs = 2000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    while (!this.isClosedFlag && Date.now() < deadline) await this.changed(deadline - Date.now())
    return this.isClosedFlag
  }

  destroy(): void {
    this.socket.destroy()
  }

  private takeAnswer(): RawAnswer | null {
    const end = this.buffer.indexOf('\r\n\r\n')
    if (end === -1) return null
    const [statusLine, ...lines] = this.buffer.subarray(0, end).toString('latin1').split('\r\n')
    const headers: Record<string, string> = {}
    for (const line of lines) {
      const colon = line.indexOf(':')
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    const length = Number(headers['content-length'] ?? 0)
    if (this.buffer.byteLength < end + 4 + length) return null
    const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8')
    this.buffer = this.buffer.subarray(end + 4 + length)
    return { status: Number(statusLine!.split(' ')[1]), headers, body }
  }

  private changed(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.waiters.delete(done)
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, timeoutMs))
      this.waiters.add(done)
    })
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter()
  }
}

/** The head of a request, with Host and the given headers. */
export function requestHead(method: string, path: string, headers: Record<string, string | number> = {}): string {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ]
  return `${lines.join('\r\n')}\r\n\r\n`
}

/**
 * Sends one fuzz request to the app in-process (as harness.ts does) with a deadline: an answer that does not come,
 * or whose body does not finish, within it is a hang. A request fetch itself refuses to build (a header value
 * fetch does not allow) is reported as unsendable: it never reached the server.
 */
import type { Hono } from 'hono'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { ApiEnv } from '../../../src/server/http/context'
import { bodyOf, type FuzzAnswer, type FuzzRequest } from './fuzz-request'

export type SendOutcome =
  | { kind: 'answer'; answer: FuzzAnswer; ms: number }
  | { kind: 'hang'; ms: number }
  | { kind: 'unsendable'; reason: string }

/** A body that delivers half its bytes and then fails, as a connection that drops mid-request. */
function cutOffStream(body: Uint8Array): ReadableStream<Uint8Array> {
  let isFirst = true
  return new ReadableStream({
    pull(controller) {
      if (isFirst) {
        isFirst = false
        controller.enqueue(body.subarray(0, Math.floor(body.length / 2)))
      } else controller.error(new Error('connection reset by peer'))
    },
  })
}

function buildRequest(request: FuzzRequest, signal: AbortSignal): Request {
  const method = request.method
  const hasNoBody = ['GET', 'HEAD'].includes(method.toUpperCase())
  const raw = hasNoBody ? undefined : bodyOf(request)
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw
  const init: RequestInit & { duplex?: 'half' } = { method, headers: request.headers, signal }
  if (bytes !== undefined) {
    if (request.isBodyCutOff) {
      init.body = cutOffStream(bytes)
      init.duplex = 'half'
    } else init.body = bytes as Uint8Array<ArrayBuffer>
  }
  return new Request(`http://localhost${request.path.startsWith('/') ? '' : '/'}${request.path}`, init)
}

/** A compressed answer (a pull to a client that accepts gzip) as the client reads it; a broken one stays as it came. */
function decoded(bytes: Uint8Array, encoding: string | null): Uint8Array {
  try {
    if (encoding === 'gzip') return gunzipSync(bytes)
    if (encoding === 'deflate') return inflateSync(bytes)
    if (encoding === 'br') return brotliDecompressSync(bytes)
  } catch {
    return bytes
  }
  return bytes
}

export async function sendFuzz(app: Hono<ApiEnv>, request: FuzzRequest, deadlineMs: number): Promise<SendOutcome> {
  const client = new AbortController()
  let built: Request
  try {
    built = buildRequest(request, client.signal)
  } catch (error) {
    return { kind: 'unsendable', reason: error instanceof Error ? error.message : String(error) }
  }
  const started = performance.now()
  const leave = request.abortAfterMs === undefined ? undefined : setTimeout(() => client.abort(), request.abortAfterMs)
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), deadlineMs)
  })
  const answered = (async (): Promise<FuzzAnswer> => {
    const response = await app.fetch(built)
    // Read as bytes: a photo is not text, and decoding it would only cost time.
    const buffer = decoded(new Uint8Array(await response.arrayBuffer()), response.headers.get('content-encoding'))
    const isText = !(response.headers.get('content-type') ?? '').startsWith('image/')
    return {
      status: response.status,
      headers: response.headers,
      text: isText ? new TextDecoder().decode(buffer) : '',
      bytes: buffer,
    }
  })()
  try {
    const outcome = await Promise.race([answered, deadline])
    const ms = performance.now() - started
    if (outcome === 'hang') {
      client.abort()
      answered.catch(() => undefined)
      return { kind: 'hang', ms }
    }
    return { kind: 'answer', answer: outcome, ms }
  } catch (error) {
    // The app threw past its own error handler: as bad as a 500, and reported as one.
    const text = JSON.stringify({ thrown: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    return {
      kind: 'answer',
      answer: { status: 599, headers: new Headers(), text, bytes: new TextEncoder().encode(text) },
      ms: performance.now() - started,
    }
  } finally {
    clearTimeout(timer)
    clearTimeout(leave)
  }
}

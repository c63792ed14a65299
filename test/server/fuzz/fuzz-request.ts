/** One request of the fuzz, as generated (a tree for its body) and as sent (the exact bytes), and its answer. */
import { writeJson } from './raw-json'

export interface FuzzRequest {
  method: string
  /** Path and query, as they go on the request line. */
  path: string
  headers: Record<string, string>
  /** A JSON body as a tree (raw-json.ts), written out when sent; or exact bytes; or none. */
  json?: unknown
  bytes?: Uint8Array | string
  /** What the generator meant and how it was spoiled, for the report: "push: update; mutations.0.seq → 2^53". */
  label: string
  /** The client gives up after this long (a long poll it abandons): the server must answer promptly after. */
  abortAfterMs?: number
  /** The body arrives cut off part-way, as from a dropped connection. */
  isBodyCutOff?: boolean
}

export interface FuzzAnswer {
  status: number
  headers: Headers
  /** The body decoded as UTF-8 ('' for a photo). */
  text: string
  bytes: Uint8Array
}

/** The body exactly as it goes on the wire. */
export function bodyOf(request: FuzzRequest): Uint8Array | string | undefined {
  if (request.bytes !== undefined) return request.bytes
  if (request.json !== undefined) return writeJson(request.json)
  return undefined
}

/** What the server makes of the body: JSON.parse of the bytes sent, as read-body.ts does, or undefined. */
export function parsedBody(request: FuzzRequest): unknown {
  const body = bodyOf(request)
  if (body === undefined) return undefined
  try {
    // As bytes and back, as the server reads them: a leading byte order mark is dropped there too.
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** The token a request carries, if its Authorization header is a well-formed bearer one. */
export function bearerOf(request: FuzzRequest): string | null {
  const header = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1] ?? ''
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null
}

export function jsonOf(answer: FuzzAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown
  } catch {
    return undefined
  }
}

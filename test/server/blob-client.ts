/**
 * A photo client for the server tests, speaking the wire format of src/shared/sync/blob-protocol.ts as any client
 * would: JPEG- and WebP-like bytes (the right first bytes, random after), chunk PUTs, status, GET.
 */
import { createHash, getRandomValues } from 'node:crypto'
import { UPLOAD_CHUNK_BYTES, type AttachmentType } from '../../src/shared/attachments'
import { blobPath, blobStatusPath, formatContentRange, type BlobState } from '../../src/shared/sync/blob-protocol'
import { send, type Call, type TestServer } from './harness'

/** Random bytes that begin as a JPEG does (FF D8 FF E0) or as a WebP does (RIFF, size, WEBP). */
export function photoBytes(size: number, type: AttachmentType = 'image/jpeg'): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size)
  for (let offset = 0; offset < size; offset += 65536)
    getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65536)))
  if (type === 'image/jpeg') bytes.set([0xff, 0xd8, 0xff, 0xe0])
  else bytes.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])
  return bytes
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export interface ChunkOptions {
  type?: string
  /** Send the header as it is (for malformed ones); by default the range of `start` and the bytes. */
  contentRange?: string | null
  /** Bytes of the photo sent in this request; by default all from `start`. */
  body?: BodyInit
}

/** PUTs bytes[start, end) of a photo with the headers a client sends. */
export function putChunk(
  server: TestServer,
  token: string | undefined,
  photo: Uint8Array<ArrayBuffer>,
  start: number,
  end: number,
  options: ChunkOptions = {},
): Promise<Call> {
  const chunk = photo.subarray(start, end)
  const headers: Record<string, string> = {
    'content-type': options.type ?? 'image/jpeg',
    'content-length': String(chunk.byteLength),
  }
  const range =
    options.contentRange === undefined
      ? formatContentRange({ start, end: end - 1, total: photo.byteLength })
      : options.contentRange
  if (range !== null) headers['content-range'] = range
  return send(server, 'PUT', blobPath(sha256(photo)), { token, headers, body: options.body ?? chunk })
}

/** Uploads the photo from `from` to its end in chunks, each answer checked; returns the last one. */
export async function uploadFrom(
  server: TestServer,
  token: string,
  photo: Uint8Array<ArrayBuffer>,
  from = 0,
  chunk = UPLOAD_CHUNK_BYTES,
  type?: string,
): Promise<Call & { body: BlobState }> {
  let last: Call | undefined
  for (let start = from; start < photo.byteLength; start += chunk) {
    const end = Math.min(photo.byteLength, start + chunk)
    last = await putChunk(server, token, photo, start, end, { type })
    const expected = end === photo.byteLength ? 200 : 202
    if (last.status !== expected) throw new Error(`chunk at ${start}: ${last.status} ${JSON.stringify(last.body)}`)
  }
  return last as Call & { body: BlobState }
}

export function blobStatus(server: TestServer, token: string | undefined, hash: string): Promise<Call> {
  return send(server, 'GET', blobStatusPath(hash), { token })
}

export interface Download {
  status: number
  headers: Headers
  bytes: Uint8Array
}

/** GETs a photo's bytes (not JSON, so not through send). */
export async function download(
  server: TestServer,
  token: string | undefined,
  hash: string,
  headers: Record<string, string> = {},
): Promise<Download> {
  const response = await server.app.request(blobPath(hash), {
    headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers,
  })
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) }
}

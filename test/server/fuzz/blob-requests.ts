/**
 * Photo uploads and downloads as a phone sends them, and out of order: the next chunk where the server left off,
 * a chunk ahead of it or one already sent, a whole photo without Content-Range, bytes that are not the hash's or not
 * the declared type, the status, GET and HEAD (with If-None-Match), another account's photo, names that are not
 * hashes.
 */
import { MIN_CHUNK_BYTES, blobPath, blobStatusPath, formatContentRange } from '../../../src/shared/sync/blob-protocol'
import { chance, intBetween, pick, weighted } from '../../fixtures/random'
import type { FuzzRequest } from './fuzz-request'
import { hostileString, pathSegment } from './hostile-values'
import type { GenContext } from './sync-requests'
import { photoFor, type Actor, type Photo } from './world'

function bytesRequest(
  method: string,
  path: string,
  token: string,
  headers: Record<string, string>,
  bytes: Uint8Array | undefined,
  label: string,
): FuzzRequest {
  return { method, path, headers: { authorization: `Bearer ${token}`, ...headers }, label, ...(bytes ? { bytes } : {}) }
}

/** A chunk length a client may send from `start`: at least 64 KB unless it ends the photo. */
function chunkLength(ctx: GenContext, photo: Photo, start: number): number {
  const left = photo.bytes.length - start
  const wanted = pick(ctx.rng, [MIN_CHUNK_BYTES, 100_000, 262_144, left])
  return Math.max(1, Math.min(left, Math.max(wanted, MIN_CHUNK_BYTES)))
}

function chunk(ctx: GenContext, token: string, photo: Photo, start: number, label: string): FuzzRequest {
  const length = chunkLength(ctx, photo, start)
  const bytes = photo.bytes.slice(start, start + length)
  const headers = {
    'content-type': photo.type,
    'content-length': String(length),
    'content-range': formatContentRange({ start, end: start + length - 1, total: photo.bytes.length }),
  }
  return bytesRequest('PUT', blobPath(photo.hash), token, headers, bytes, label)
}

/** Someone else's photo: one the fuzz made that this account never sent. */
function foreignPhoto(ctx: GenContext, actor: Actor): Photo | null {
  const others = ctx.world.photos.filter(
    (p) => !actor.uploads.has(p.hash) && ctx.world.actors.some((a) => a.uploads.get(p.hash)?.isComplete),
  )
  return others.length > 0 ? pick(ctx.rng, others) : null
}

export function blobRequest(ctx: GenContext, actor: Actor, token: string): FuzzRequest {
  const { rng, world } = ctx
  const photo = photoFor(rng, world)
  const held = actor.uploads.get(photo.hash) ?? { received: 0, isComplete: false }
  const kind = weighted(rng, {
    next: 8,
    ahead: 1,
    again: 1,
    whole: 1,
    wrongBytes: 1,
    wrongType: 1,
    status: 3,
    get: 3,
    head: 1,
    foreign: 2,
    notAHash: 1,
  })
  const start = held.isComplete ? 0 : held.received
  switch (kind) {
    case 'next':
      return chunk(ctx, token, photo, start, `blob: next chunk from ${start}`)
    case 'ahead':
      return chunk(
        ctx,
        token,
        photo,
        Math.min(photo.bytes.length - 1, start + MIN_CHUNK_BYTES),
        'blob: a chunk ahead of the server',
      )
    case 'again':
      return chunk(ctx, token, photo, start > 0 ? intBetween(rng, 0, start - 1) : 0, 'blob: a chunk sent before')
    case 'whole':
      return bytesRequest(
        'PUT',
        blobPath(photo.hash),
        token,
        { 'content-type': photo.type, 'content-length': String(photo.bytes.length) },
        photo.bytes,
        'blob: whole photo, no Content-Range',
      )
    case 'wrongBytes': {
      const bytes = photo.bytes.slice(0, Math.min(photo.bytes.length, 65_536))
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff
      const headers = {
        'content-type': photo.type,
        'content-range': formatContentRange({ start: 0, end: bytes.length - 1, total: bytes.length }),
      }
      return bytesRequest('PUT', blobPath(photo.hash), token, headers, bytes, 'blob: bytes that are not the hash')
    }
    case 'wrongType': {
      const type = photo.type === 'image/jpeg' ? 'image/webp' : 'image/jpeg'
      const request = chunk(ctx, token, photo, 0, 'blob: first chunk, declared the other type')
      request.headers['content-type'] = chance(rng, 0.7)
        ? type
        : pick(rng, ['image/png', 'application/octet-stream', ''])
      return request
    }
    case 'status':
      return bytesRequest('GET', blobStatusPath(photo.hash), token, {}, undefined, 'blob: status')
    case 'get':
      return bytesRequest(
        'GET',
        blobPath(photo.hash),
        token,
        chance(rng, 0.2) ? { 'if-none-match': `"${photo.hash}"` } : {},
        undefined,
        'blob: get',
      )
    case 'head':
      return bytesRequest('HEAD', blobPath(photo.hash), token, {}, undefined, 'blob: head')
    case 'foreign': {
      const other = foreignPhoto(ctx, actor) ?? photo
      const method = pick(rng, ['GET', 'HEAD', 'GET'])
      return bytesRequest(
        method,
        chance(rng, 0.7) ? blobPath(other.hash) : blobStatusPath(other.hash),
        token,
        {},
        undefined,
        `blob: ${method} of another account's photo`,
      )
    }
    default: {
      const name = pick(rng, [
        photo.hash.toUpperCase(),
        photo.hash.slice(1),
        `${photo.hash}0`,
        'g'.repeat(64),
        pathSegment(hostileString(rng).slice(0, 200)),
        `${photo.hash}%00`,
      ])
      return bytesRequest(
        pick(rng, ['PUT', 'GET', 'HEAD']),
        `${blobPath(name)}${chance(rng, 0.3) ? '/status' : ''}`,
        token,
        { 'content-type': photo.type, 'content-range': formatContentRange({ start: 0, end: 0, total: 1 }) },
        photo.bytes.slice(0, 1),
        'blob: not a hash',
      )
    }
  }
}

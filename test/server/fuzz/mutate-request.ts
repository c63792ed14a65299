/**
 * Spoils what is around a body: the token (missing, malformed, revoked, another account's), the headers
 * (Content-Type, Content-Length, Content-Range, huge ones), the method and the path. Header values stay within
 * what fetch lets a client send (no CR, LF or NUL); the rest of HTTP's abuse is the raw-socket tests' business.
 */
import { chance, intBetween, pick, type Random } from '../../fixtures/random'
import type { FuzzRequest } from './fuzz-request'
import { seededUuid } from './hostile-values'
import type { World } from './world'

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'FOO', 'post']

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'image/jpeg',
  'image/webp',
  'image/jpeg; q=1',
  'IMAGE/WEBP',
  'image/png',
  '*/*',
  ';;;',
  'application/json;',
  '',
  'a'.repeat(5000),
]

export const CONTENT_LENGTHS = [
  '-1',
  'abc',
  '0',
  '1',
  '1e3',
  '0x10',
  ' 5',
  '1.5',
  '99999999999999999999',
  '9007199254740993',
  'Infinity',
  'NaN',
  '5, 5',
  '65537',
  '8388609',
  '10485761',
]

export const CONTENT_RANGES = [
  'bytes 0-0/1',
  'bytes */100',
  'bytes 0-100/50',
  'bytes 5-3/10',
  'bytes 0-999999999999999/999999999999999',
  'bytes 0-10485759/10485760',
  'bytes 0-10485760/10485761',
  'bytes=0-10/11',
  'bytes -1-5/10',
  'bytes 1e3-2e3/3e3',
  'bytes 0-0/0',
  'bytes 0-262144/300000',
  'bytes 0-524288/600000',
  'bytes 00-01/02',
  '  bytes 0-1/2  ',
  'items 0-1/2',
  'bytes 0-1/*',
  'bytes 9007199254740991-9007199254740991/9007199254740992',
  'bytes 0-65534/65536',
  'bytes 65536-65536/65537',
  'bytes 0-1/2, bytes 0-1/2',
  'bytes 0-9999999999999999/99999999999999999',
  'bytes ٠-١/٢',
]

function headerJunk(rng: Random): string {
  return pick(rng, [
    'x',
    'a'.repeat(pick(rng, [1000, 8192, 100_000])),
    '\t',
    'é',
    'ÿÿÿ',
    '%00',
    '"',
    'null',
    '-1',
    ',,,',
    '¿?',
  ])
}

/** The Authorization header spoiled; `world` gives tokens that once worked and other accounts' good ones. */
export function spoilToken(rng: Random, world: World, token: string | null): { authorization?: string; what: string } {
  const revoked = world.actors.flatMap((a) => a.revoked)
  const others = world.actors.flatMap((a) => a.tokens).filter((t) => t !== token)
  switch (intBetween(rng, 0, 11)) {
    case 0:
      return { what: 'no token' }
    case 1:
      return revoked.length > 0
        ? { authorization: `Bearer ${pick(rng, revoked)}`, what: 'a revoked token' }
        : { what: 'no token' }
    case 2:
      return others.length > 0
        ? { authorization: `Bearer ${pick(rng, others)}`, what: "another account's token" }
        : { what: 'no token' }
    case 3:
      return {
        authorization: pick(rng, [
          'Bearer',
          'Bearer ',
          'Basic YWRtaW46eA==',
          'Token abc',
          'bearer',
          'Bearer  ',
          'Bearer a b',
          'Bearer\tabc',
        ]),
        what: 'a malformed header',
      }
    case 4:
      return { authorization: `Bearer ${'a'.repeat(pick(rng, [1, 64, 1000, 100_000]))}`, what: 'an unknown token' }
    case 5:
      return token ? { authorization: `bearer ${token}`, what: 'lower-case bearer' } : { what: 'no token' }
    case 6:
      return token ? { authorization: `Bearer ${token.slice(0, -1)}`, what: 'a token one short' } : { what: 'no token' }
    case 7:
      return token
        ? { authorization: `Bearer ${token.toUpperCase()}`, what: 'a token in upper case' }
        : { what: 'no token' }
    case 8:
      return token ? { authorization: `${token}`, what: 'a token without Bearer' } : { what: 'no token' }
    case 9:
      return { authorization: `Bearer ${seededUuid(rng)}`, what: 'a UUID as token' }
    case 10:
      return token ? { authorization: `Bearer ${token}, Bearer ${token}`, what: 'a token twice' } : { what: 'no token' }
    default:
      return {
        authorization: `Bearer ${pick(rng, ['%00', 'ÿ', '../../', "' OR 1=1 --", 'null', 'undefined'])}`,
        what: 'a junk token',
      }
  }
}

/** A header set, changed or removed: returns what was done. */
export function spoilHeaders(rng: Random, headers: Record<string, string>): string {
  switch (intBetween(rng, 0, 9)) {
    case 0: {
      const value = pick(rng, CONTENT_TYPES)
      headers['content-type'] = value
      return `Content-Type: ${value.slice(0, 40)}`
    }
    case 1:
      delete headers['content-type']
      return 'no Content-Type'
    case 2: {
      const value = pick(rng, CONTENT_LENGTHS)
      headers['content-length'] = value
      return `Content-Length: ${value}`
    }
    case 3: {
      const value = pick(rng, CONTENT_RANGES)
      headers['content-range'] = value
      return `Content-Range: ${value}`
    }
    case 4: {
      headers['x-fuzz'] = 'h'.repeat(pick(rng, [8192, 65_536, 1_000_000]))
      return `a header of ${headers['x-fuzz'].length} bytes`
    }
    case 5: {
      for (let i = 0; i < 200; i++) headers[`x-many-${i}`] = String(i)
      return '200 more headers'
    }
    case 6: {
      const value = pick(rng, [
        'gzip',
        'br',
        'deflate',
        'gzip;q=0',
        '*',
        'identity;q=0',
        'zstd',
        'gzip, gzip, br;q=2',
        'x'.repeat(5000),
      ])
      headers['accept-encoding'] = value
      return `Accept-Encoding: ${value.slice(0, 40)}`
    }
    case 7: {
      const value = pick(rng, [
        '*',
        '"x"',
        'W/"x"',
        `"${'f'.repeat(64)}"`,
        Array.from({ length: 500 }, (_, i) => `"${i}"`).join(', '),
        '',
      ])
      headers['if-none-match'] = value
      return `If-None-Match: ${value.slice(0, 40)}`
    }
    case 8: {
      const value = pick(rng, ['gzip', 'br', 'identity', 'x'])
      headers['content-encoding'] = value
      return `Content-Encoding: ${value}`
    }
    default: {
      const name = pick(rng, [
        'x-forwarded-for',
        'cookie',
        'origin',
        'range',
        'expect',
        'x-http-method-override',
        'host',
      ])
      headers[name] = headerJunk(rng)
      return `${name}: junk`
    }
  }
}

/** The path spoiled: a trailing slash, doubled slashes, case, encodings, a query, dot segments. */
export function spoilPath(rng: Random, path: string): { path: string; what: string } {
  switch (intBetween(rng, 0, 9)) {
    case 0:
      return { path: `${path}/`, what: 'trailing slash' }
    case 1:
      return { path: path.replace('/api/', '/api//'), what: 'doubled slash' }
    case 2:
      return { path: path.toUpperCase(), what: 'upper case' }
    case 3:
      return { path: path.replace(/\/([^/]*)$/, '/%2e%2e/$1'), what: 'encoded dot segment' }
    case 4:
      return {
        path: `${path}?${pick(rng, ['cursor=1', 'a=%ff', 'x='.concat('y'.repeat(10_000)), '__proto__[isAdmin]=1', '%00', '&&&'])}`,
        what: 'a query',
      }
    case 5:
      return {
        path: path.replace(
          /\/([^/]*)$/,
          `/${pick(rng, ['%00', '%ff', '%e4%b8', '%', '%zz', '..%2f..%2f', '%ef%bf%bf'])}$1`,
        ),
        what: 'bad percent-encoding',
      }
    case 6:
      return { path: `${path}/${pick(rng, ['x', '..', '.', '%2f', 'status', 'password'])}`, what: 'an extra segment' }
    case 7:
      return { path: path.replace(/\/[^/]*$/, ''), what: 'last segment dropped' }
    case 8:
      return { path: `${path}#${pick(rng, ['x', '/../admin'])}`, what: 'a fragment' }
    default:
      return { path: `${path};${pick(rng, ['jsessionid=1', 'x'])}`, what: 'a matrix parameter' }
  }
}

export function spoilMethod(rng: Random, request: FuzzRequest): string {
  const method = pick(
    rng,
    METHODS.filter((m) => m !== request.method),
  )
  request.method = method
  return `method ${method}`
}

/** Makes a request hostile in one to three ways, body, token, headers, method or path; changes it in place. */
export function spoilAround(rng: Random, world: World, request: FuzzRequest, token: string | null): string[] {
  const what: string[] = []
  if (chance(rng, 0.25)) {
    const spoiled = spoilToken(rng, world, token)
    delete request.headers.authorization
    if (spoiled.authorization !== undefined) request.headers.authorization = spoiled.authorization
    what.push(spoiled.what)
  }
  if (chance(rng, 0.3)) what.push(spoilHeaders(rng, request.headers))
  if (chance(rng, 0.06)) what.push(spoilMethod(rng, request))
  if (chance(rng, 0.08)) {
    const spoiled = spoilPath(rng, request.path)
    request.path = spoiled.path
    what.push(spoiled.what)
  }
  return what
}

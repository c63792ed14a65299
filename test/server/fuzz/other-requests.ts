/** Requests that need no account: health, the first-run status, the app's files, paths and methods that exist nowhere. */
import { chance, pick } from '../../fixtures/random'
import type { FuzzRequest } from './fuzz-request'
import { hostileString, pathSegment, seededUuid } from './hostile-values'
import { METHODS } from './mutate-request'
import type { GenContext } from './sync-requests'

const API_PATHS = [
  '/api/health',
  '/api/auth/status',
  '/api/auth/setup',
  '/api/auth/login',
  '/api/auth/me',
  '/api/auth/logout',
  '/api/auth/logout-all',
  '/api/auth/password',
  '/api/admin/accounts',
  '/api/sync/push',
  '/api/sync/pull',
  '/api/sync/wait',
  '/api/blobs',
  '/api/units',
  '/api/admin/units',
]

const STATIC_PATHS = [
  '/',
  '/index.html',
  '/sw.js',
  '/assets/index-abc.js',
  '/assets/x.js',
  '/manifest.webmanifest',
  '/favicon.ico',
  '/robots.txt',
  '/assets/',
  '/assets/../index.html',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
  '/index.html%00.js',
]

export function publicRequest(ctx: GenContext): FuzzRequest {
  const { rng } = ctx
  const kind = pick(rng, [
    'health',
    'status',
    'static',
    'static',
    'service worker',
    'client route',
    'unknown api',
    'wrong method',
    'odd path',
  ])
  const request = (method: string, path: string, label: string): FuzzRequest => ({ method, path, headers: {}, label })
  switch (kind) {
    case 'health':
      return request(pick(rng, ['GET', 'GET', 'HEAD']), '/api/health', 'health')
    case 'status':
      return request('GET', '/api/auth/status', 'auth status')
    case 'static':
      return request(pick(rng, ['GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE']), pick(rng, STATIC_PATHS), 'static file')
    case 'service worker':
      // Its own kind: as one static path of thirteen it was drawn about once a run, and some runs missed it.
      return request(pick(rng, ['GET', 'GET', 'HEAD']), '/sw.js', 'the service worker')
    case 'client route':
      return request(
        'GET',
        pick(rng, [
          '/study',
          `/visits/${seededUuid(rng)}/edit`,
          '/notes/new',
          '/me',
          '/print/2026-11',
          '/x.png',
          '/a/b/c/d/e/f',
        ]),
        'client route',
      )
    case 'unknown api':
      return request(
        pick(rng, METHODS),
        pick(rng, [
          '/api',
          '/api/',
          '/api/nothing',
          '/API/health',
          '/api/sync',
          '/api/admin',
          '/api/admin/accounts/x/y/z',
          `/api/${'a'.repeat(5000)}`,
        ]),
        'unknown endpoint',
      )
    case 'wrong method': {
      const method = pick(rng, METHODS)
      const path = pick(rng, API_PATHS)
      const withBody = chance(rng, 0.5) && method !== 'GET' && method !== 'HEAD'
      return {
        ...request(method, path, `${method} ${path}`),
        ...(withBody ? { headers: { 'content-type': 'application/json' }, json: { a: 1 } } : {}),
      }
    }
    default:
      return request('GET', `/${pathSegment(hostileString(rng).slice(0, 500))}`, 'odd path')
  }
}

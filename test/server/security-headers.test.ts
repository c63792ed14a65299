/**
 * The security headers on what the server sends: the app shell, its files and the API (src/server/http/
 * security-headers.ts). Whether the app runs under the policy is the e2e test's part (security-policy.e2e.test.ts).
 */
import { describe, expect, it } from 'vitest'
import type { SignInResponse } from '../../src/shared/accounts'
import { ADMIN, call, startTestServer } from './support'

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
  'strict-transport-security',
] as const

function securityHeadersOf(headers: Headers): Record<string, string | null> {
  return Object.fromEntries(SECURITY_HEADERS.map((name) => [name, headers.get(name)]))
}

function directivesOf(policy: string | null): Record<string, string> {
  return Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  )
}

describe('security headers', () => {
  it('the app shell, a client route, an asset and the service worker: a policy without inline or eval, no framing, no sniffing, no referrer', async () => {
    const { app } = await startTestServer()
    for (const path of ['/', '/study/0190a000-0000-7000-8000-000000000001', '/assets/index-abc.js', '/sw.js']) {
      const response = await app.request(path)
      expect(response.status, path).toBe(200)
      const headers = securityHeadersOf(response.headers)
      expect(headers, path).toMatchObject({
        'x-frame-options': 'DENY',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': null,
      })
      const policy = directivesOf(headers['content-security-policy'])
      expect(policy, path).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'img-src': "'self' blob: data:",
        'connect-src': "'self'",
        'object-src': "'none'",
        'base-uri': "'none'",
        'frame-ancestors': "'none'",
      })
      expect(headers['content-security-policy'], path).not.toMatch(/unsafe-(inline|eval)/)
    }
    // The caching the app's updates rely on is left as it was.
    expect((await app.request('/')).headers.get('cache-control')).toBe('no-cache')
    expect((await app.request('/assets/index-abc.js')).headers.get('cache-control')).toContain('immutable')
  })

  it('API answers that carry a token, an account or an error are never stored by a cache', async () => {
    const server = await startTestServer()
    const setup = await call(server, 'POST', '/api/auth/setup', ADMIN)
    expect(setup.status).toBe(201)
    const { token } = setup.body as SignInResponse
    const login = await call(server, 'POST', '/api/auth/login', { name: ADMIN.name, password: ADMIN.password })
    expect(login.status).toBe(200)
    const answers = {
      setup,
      login,
      wrongPassword: await call(server, 'POST', '/api/auth/login', { name: ADMIN.name, password: 'not the password' }),
      me: await call(server, 'GET', '/api/auth/me', undefined, token),
      accounts: await call(server, 'GET', '/api/admin/accounts', undefined, token),
      health: await call(server, 'GET', '/api/health'),
      unknown: await call(server, 'GET', '/api/nothing'),
    }
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers.get('cache-control'), name).toBe('no-store')
      expect(securityHeadersOf(answer.headers), name).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
      })
    }
    expect(answers.wrongPassword.status).toBe(401)
  })
})

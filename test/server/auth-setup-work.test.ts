/**
 * First-run setup is the one request that hashes a password without any account: it must cost nothing once the
 * server is set up, and be limited per address before. Counted in argon2 hashes actually made (argon2-work.ts).
 */
import { describe, expect, it, vi } from 'vitest'
import { argon2WorkOf } from './argon2-work'
import { LoginRateLimiter } from '../../src/server/auth/rate-limit'
import { call, expectError, send, setUpAdmin, startTestServer, type Call, type TestServer } from './support'

vi.mock('@node-rs/argon2', async (original) => (await import('./argon2-work')).countingArgon2(await original()))

function setup(server: TestServer, body: unknown, address = '203.0.113.9') {
  return send(server, 'POST', '/api/auth/setup', {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
  })
}

describe('first-run setup, as work for the server', () => {
  it('answers 409 on a server that is set up without hashing anything, whatever the body', async () => {
    const server = await startTestServer({ trustProxy: true })
    await setUpAdmin(server)
    let answers: number[] = []
    const work = await argon2WorkOf(async () => {
      answers = (
        await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            setup(server, { name: `intruder${i}`, password: 'a long password for nothing' }),
          ),
        )
      ).map((a) => a.status)
    })
    expect(work).toEqual({ hashes: 0, verifications: 0 })
    expect(answers).toEqual(Array.from({ length: 50 }, () => 409))
    // Not even read: a body that is not JSON gets the same answer.
    expectError(
      await send(server, 'POST', '/api/auth/setup', {
        body: 'not json',
        headers: { 'content-type': 'application/json' },
      }),
      409,
      'setup_done',
    )
  })

  it('hashes at most 10 setups per address in 15 minutes on a new server, and still makes one administrator', async () => {
    const server = await startTestServer({ trustProxy: true })
    let calls: Call[] = []
    const work = await argon2WorkOf(async () => {
      calls = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          setup(server, { name: `person${i}`, password: 'a long password for setup' }),
        ),
      )
    })
    const answers = calls.map((a) => a.status)
    const limitedAnswers = calls.filter((a) => a.status === 429)
    expect(work.hashes).toBeLessThanOrEqual(10)
    expect(answers.filter((status) => status === 201)).toHaveLength(1)
    expect(answers.every((status) => [201, 409, 429].includes(status))).toBe(true)
    for (const limited of limitedAnswers) {
      expect(expectError(limited, 429, 'rate_limited').message).toMatch(/^尝试次数过多，请 \d+ 分钟后再试$/)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    expect(await server.storage.db.selectFrom('accounts').select('name').execute()).toHaveLength(1)
  })

  it('spends no attempt on a setup its rules refuse, and tells the 11th setup of an address to wait', async () => {
    const server = await startTestServer({ trustProxy: true })
    const work = await argon2WorkOf(async () => {
      for (let i = 0; i < 12; i++)
        expectError(await setup(server, { name: 'admin', password: '12345678' }), 400, 'invalid_request')
    })
    expect(work.hashes).toBe(0)
    const limiter = new LoginRateLimiter(server.storage.db)
    for (let i = 0; i < 10; i++) expect((await limiter.reserveSetup('203.0.113.9')).isAllowed).toBe(true)
    const refused = await limiter.reserveSetup('203.0.113.9')
    expect(refused).toMatchObject({ isAllowed: false })
    expect(refused.isAllowed ? 0 : refused.retryAfter).toBeGreaterThan(890)
    expect((await limiter.reserveSetup('192.0.2.10')).isAllowed).toBe(true)
    // The rules' refusals above spent nothing: the first setup that passes them is made.
    expect((await setup(server, { name: 'admin', password: 'a fine long password' }, '198.51.100.1')).status).toBe(201)
  })
})

describe('the other unauthenticated requests', () => {
  it('reach no password hash: without a token, the password change and the admin screens are refused first', async () => {
    const server = await startTestServer()
    await setUpAdmin(server)
    const work = await argon2WorkOf(async () => {
      expect((await call(server, 'GET', '/api/auth/status')).status).toBe(200)
      expectError(
        await call(server, 'POST', '/api/auth/password', {
          currentPassword: 'x'.repeat(20),
          newPassword: 'y'.repeat(20),
        }),
        401,
        'unauthorized',
      )
      expectError(
        await call(server, 'POST', '/api/admin/accounts', { name: 'someone', password: 'y'.repeat(20) }),
        401,
        'unauthorized',
      )
      expectError(
        await call(server, 'POST', '/api/admin/accounts/x/password', { password: 'y'.repeat(20) }),
        401,
        'unauthorized',
      )
    })
    expect(work).toEqual({ hashes: 0, verifications: 0 })
  })
})

/**
 * The sign-in limits against guesses sent all at once, counted in argon2 verifications actually made (the server's
 * argon2 module is wrapped, not replaced: argon2-work.ts), with the limits a real server has: 10 per name and 50 per
 * address in 15 minutes, 10 free tries per (name, address) and then waits that double.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import { argon2WorkOf } from './argon2-work'
import { ADMIN, call, expectError, setUpAdmin, startTestServer, type TestServer } from './support'

vi.mock('@node-rs/argon2', async (original) => (await import('./argon2-work')).countingArgon2(await original()))

afterEach(() => {
  vi.useRealTimers()
})

const ALICE = { name: 'alice', password: 'alice has a long password' }

function login(server: TestServer, body: { name: string; password: string; deviceId?: string }, address: string) {
  return server.app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(body),
  })
}

async function statuses(answers: (Response | Promise<Response>)[]): Promise<Record<number, number>> {
  const counts: Record<number, number> = {}
  for (const answer of await Promise.all(answers)) counts[answer.status] = (counts[answer.status] ?? 0) + 1
  return counts
}

/** A server with alice on it, and a second instance on the same database where there can be one (PostgreSQL). */
async function serverWithAlice(): Promise<{ server: TestServer; instances: TestServer[] }> {
  const server = await startTestServer({ trustProxy: true })
  const admin = await setUpAdmin(server)
  expect((await call(server, 'POST', '/api/admin/accounts', ALICE, admin.token)).status).toBe(201)
  return { server, instances: server.engine === 'postgres' ? [server, await server.secondInstance()] : [server] }
}

describe('guesses sent all at once', () => {
  it('checks 10 of 100 wrong passwords for one account from one address, and 1 in the next 15 minutes', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { instances } = await serverWithAlice()
    const burst = () =>
      statuses(
        Array.from({ length: 100 }, (_, i) =>
          login(instances[i % instances.length]!, { name: ALICE.name, password: `guess ${i}` }, '203.0.113.7'),
        ),
      )
    let answers: Record<number, number> = {}
    expect(await argon2WorkOf(async () => (answers = await burst()))).toEqual({ hashes: 0, verifications: 10 })
    expect(answers).toEqual({ 401: 10, 429: 90 })

    // The name's window is over, but this name from this address has failed 10 times in a row: one try, then a wait.
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1000)
    expect(await argon2WorkOf(async () => (answers = await burst()))).toEqual({ hashes: 0, verifications: 1 })
    expect(answers).toEqual({ 401: 1, 429: 99 })
  })

  it('checks 10 of 100 wrong passwords for one account from 100 addresses', async () => {
    const { instances } = await serverWithAlice()
    let answers: Record<number, number> = {}
    const work = await argon2WorkOf(async () => {
      answers = await statuses(
        Array.from({ length: 100 }, (_, i) =>
          login(instances[i % instances.length]!, { name: ALICE.name, password: `guess ${i}` }, `198.51.100.${i + 1}`),
        ),
      )
    })
    expect(work).toEqual({ hashes: 0, verifications: 10 })
    expect(answers).toEqual({ 401: 10, 429: 90 })
  })

  it('checks 50 of 300 guesses from one address at many names, known or not', async () => {
    const { instances } = await serverWithAlice()
    // Names that do not exist are checked against a decoy hash: they cost the same and count the same.
    const names = [ALICE.name, ADMIN.name, ...Array.from({ length: 28 }, (_, i) => `nobody${i}`)]
    let answers: Record<number, number> = {}
    const work = await argon2WorkOf(async () => {
      answers = await statuses(
        Array.from({ length: 300 }, (_, i) =>
          login(
            instances[i % instances.length]!,
            { name: names[i % names.length]!, password: `guess ${i}` },
            '192.0.2.66',
          ),
        ),
      )
    })
    expect(work.verifications).toBe(50)
    expect(answers).toEqual({ 401: 50, 429: 250 })
    // The limit is the address's: the administrator, elsewhere, signs in.
    expect((await login(instances[0]!, ADMIN, '192.0.2.67')).status).toBe(200)
  })
})

describe('people behind one address, and names under attack', () => {
  const OFFICE = '198.51.100.10'

  /** Alice signs in once on her phone at the office: from then on the server knows that device for her. */
  async function aliceWithPhone(server: TestServer): Promise<string> {
    const phone = uuidv7()
    expect((await login(server, { ...ALICE, deviceId: phone }, OFFICE)).status).toBe(200)
    return phone
  }

  it('lets a device that has signed in before through after 50 failures from the office address; a new device waits', async () => {
    const { server } = await serverWithAlice()
    const phone = await aliceWithPhone(server)
    const answers = await statuses(
      Array.from({ length: 50 }, (_, i) => login(server, { name: `colleague${i % 5}`, password: `typo ${i}` }, OFFICE)),
    )
    expect(answers).toEqual({ 401: 50 })

    expect((await login(server, { ...ALICE, deviceId: phone }, OFFICE)).status).toBe(200)
    // A device never seen before, even with the right password, is held by the address's limit…
    expectError(await callFrom(server, { ...ALICE, deviceId: uuidv7() }, OFFICE), 429, 'rate_limited')
    // …and so is a device known to another account: the device must have signed in to this one.
    expectError(await callFrom(server, { ...ADMIN, deviceId: phone }, OFFICE), 429, 'rate_limited')
  })

  it('lets the owner’s known device through while a name is under attack from many addresses', async () => {
    const { server } = await serverWithAlice()
    const phone = await aliceWithPhone(server)
    await statuses(
      Array.from({ length: 10 }, (_, i) =>
        login(server, { name: ALICE.name, password: `guess ${i}` }, `203.0.113.${i + 1}`),
      ),
    )
    expectError(await callFrom(server, { ...ALICE, deviceId: uuidv7() }, '192.0.2.1'), 429, 'rate_limited')

    expect((await login(server, { ...ALICE, deviceId: phone }, '192.0.2.1')).status).toBe(200)
  })

  it('slows guesses at one name from one address with waits that double, and a right password clears them', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const server = await startTestServer({
      trustProxy: true,
      loginLimits: {
        name: { maxFailures: 10, windowMs: 15 * 60_000 },
        address: { maxFailures: 50, windowMs: 15 * 60_000 },
        pair: { freeTries: 3, firstDelayMs: 60_000, maxDelayMs: 240_000, forgetAfterMs: 60 * 60_000 },
      },
    })
    await setUpAdmin(server)
    const wrong = () => login(server, { name: ADMIN.name, password: 'a wrong guess' }, OFFICE)
    for (let i = 0; i < 3; i++) expect((await wrong()).status).toBe(401)
    for (const wait of [60, 120, 240, 240]) {
      const refused = await callFrom(server, ADMIN, OFFICE)
      expect(expectError(refused, 429, 'rate_limited').retryAfter).toBe(wait)
      expect(refused.headers.get('retry-after')).toBe(String(wait))
      vi.setSystemTime(Date.now() + wait * 1000)
      expect((await wrong()).status).toBe(401)
    }
    // The same name from another address is not slowed down by these.
    expect((await login(server, { name: ADMIN.name, password: 'a wrong guess' }, '192.0.2.99')).status).toBe(401)

    vi.setSystemTime(Date.now() + 240_000)
    expect((await callFrom(server, ADMIN, OFFICE)).status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await wrong()).status).toBe(401)
  })

  it('keeps a wait on a known device too, apart from the guesses of others at the same address', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const { server } = await serverWithAlice()
    const phone = await aliceWithPhone(server)
    for (let i = 0; i < 10; i++)
      expect(
        (await login(server, { name: ALICE.name, password: `colleague guessing ${i}`, deviceId: uuidv7() }, OFFICE))
          .status,
      ).toBe(401)
    // Ten failures from the office for alice on unknown devices: alice's own phone is not slowed down by them.
    for (let i = 0; i < 10; i++)
      expect(
        (await login(server, { name: ALICE.name, password: `my typo ${i}`, deviceId: phone }, OFFICE)).status,
      ).toBe(401)
    // Her own ten are hers: now she waits, 15 seconds to begin with.
    expect(
      expectError(await callFrom(server, { ...ALICE, deviceId: phone }, OFFICE), 429, 'rate_limited').retryAfter,
    ).toBe(15)
    vi.setSystemTime(Date.now() + 15_000)
    expect((await login(server, { ...ALICE, deviceId: phone }, OFFICE)).status).toBe(200)
  })
})

async function callFrom(
  server: TestServer,
  body: { name: string; password: string; deviceId?: string },
  address: string,
) {
  const response = await login(server, body, address)
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers }
}

/**
 * The server harness (harness.ts) for vitest: servers opened with startTestServer are closed after each test,
 * useSharedServer keeps one for a describe block, and expectError checks the shape of every refusal.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import type { ErrorBody, ErrorCode } from '../../src/shared/sync/protocol'
import { createTestServer, type Call, type TestServer, type TestServerOptions } from './harness'

export * from './harness'

const open: TestServer[] = []
afterEach(async () => {
  for (const server of open.splice(0)) await server.close()
})

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = await createTestServer(options)
  open.push(server)
  return server
}

/**
 * One server for all the tests of a describe block (opened in beforeAll, closed in afterAll), with whatever
 * `prepare` sets up on it once: accounts cost an argon2 hash each, so the tests share them and keep apart by
 * using their own devices and records. Returns a getter for use inside the tests.
 */
export function useSharedServer<T>(
  prepare: (server: TestServer) => Promise<T>,
  options: TestServerOptions = {},
): () => T & { server: TestServer } {
  let shared: (T & { server: TestServer }) | undefined
  let server: TestServer | undefined
  beforeAll(async () => {
    server = await createTestServer(options)
    shared = { ...(await prepare(server)), server }
  })
  afterAll(async () => {
    await server?.close()
  })
  return () => {
    if (!shared) throw new Error('the shared server is not ready: call the getter inside a test')
    return shared
  }
}

const CHINESE = /[\u4e00-\u9fff]/

/**
 * Asserts the shape every refusal has: the status, a JSON body with the machine code, and a message a person
 * can read, in Chinese. Returns the body for further checks.
 */
export function expectError(result: Call, status: number, code: ErrorCode): ErrorBody {
  expect({ status: result.status, body: result.body }).toMatchObject({ status, body: { error: code } })
  const body = result.body as ErrorBody
  expect(body.message).toMatch(CHINESE)
  return body
}

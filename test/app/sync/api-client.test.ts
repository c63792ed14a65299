import { describe, expect, it } from 'vitest'
import { ApiClient, ApiFailure } from '../../../src/app/sync/api-client'

describe('ApiClient', () => {
  it('sends nothing while the browser says it is offline: the call fails at once as a network failure', async () => {
    const sent: string[] = []
    let isOnline = false
    const api = new ApiClient({
      baseUrl: 'http://sync.test',
      isOnline: () => isOnline,
      fetch: async (input) => {
        sent.push(input)
        return new Response(JSON.stringify({ needsSetup: false }), { headers: { 'content-type': 'application/json' } })
      },
    })
    const failure = await api.status().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiFailure)
    expect(failure).toMatchObject({ kind: 'network', status: 0 })
    expect(sent).toEqual([])

    // The browser can be wrong the other way; once it says online, requests go (and their own failures tell).
    isOnline = true
    expect(await api.status()).toEqual({ needsSetup: false })
    expect(sent).toEqual(['http://sync.test/api/auth/status'])
  })
})

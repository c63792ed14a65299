import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { ApiEnv } from '../../../src/server/http/context'
import type { FuzzRequest } from './fuzz-request'
import { checkAnswer } from './oracle'
import { sendFuzz } from './send'

/** The fuzz's own checks, on answers made up to break them: a fuzz whose oracle passes everything finds nothing. */
describe('the fuzz oracle', () => {
  const app = new Hono<ApiEnv>()
  app.get('/api/crash', () => {
    throw new Error('boom')
  })
  app.get('/api/text', (c) => c.text('Not found', 404))
  app.get('/api/english', (c) => c.json({ error: 'not_found', message: 'Not found' }, 404))
  app.get('/api/fields', (c) =>
    c.json({ error: 'invalid_request', message: '请求内容不符合要求', fields: ['topic'] }, 400),
  )
  app.get('/api/good', (c) => c.json({ error: 'not_found', message: '接口不存在', messageEn: 'No such endpoint' }, 404))
  app.get('/api/never', () => new Promise<Response>(() => undefined))
  app.get('/page', (c) => c.text('Not found', 404))
  const request = (path: string): FuzzRequest => ({ method: 'GET', path, headers: {}, label: path })

  async function problemOf(path: string) {
    const outcome = await sendFuzz(app, request(path), 500)
    if (outcome.kind !== 'answer') return outcome.kind
    return checkAnswer(request(path), outcome.answer)?.kind ?? null
  }

  it('flags a 500, an API refusal that is not JSON, without a Chinese message or with malformed fields, and a hang', async () => {
    expect(await problemOf('/api/crash')).toBe('server error')
    expect(await problemOf('/api/text')).toBe('malformed error body')
    expect(await problemOf('/api/english')).toBe('malformed error body')
    expect(await problemOf('/api/fields')).toBe('malformed error body')
    expect(await problemOf('/api/never')).toBe('hang')
  })

  it('passes a well-formed refusal, and a plain 404 for a file outside the API', async () => {
    expect(await problemOf('/api/good')).toBeNull()
    expect(await problemOf('/page')).toBeNull()
  })
})

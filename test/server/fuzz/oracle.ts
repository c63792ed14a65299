/**
 * What every answer must be, whatever was sent: below 500; on the API, a refusal (4xx) is JSON with a machine code
 * and a Chinese message a person can read (src/server/http/errors.ts), and any JSON answer parses. Returns what is
 * wrong, or null.
 */
import type { FuzzAnswer, FuzzRequest } from './fuzz-request'
import { pathnameOf } from './learn'

const CHINESE = /[\u4e00-\u9fff]/

export type ProblemKind = 'server error' | 'malformed error body' | 'malformed JSON answer'

export interface Problem {
  kind: ProblemKind
  detail: string
}

export function isApiPath(path: string): boolean {
  const pathname = pathnameOf(path)
  return pathname === '/api' || pathname.startsWith('/api/')
}

export function checkAnswer(request: FuzzRequest, answer: FuzzAnswer): Problem | null {
  if (answer.status >= 500) return { kind: 'server error', detail: `answered ${answer.status}` }
  // A HEAD answer has no body to check.
  if (!isApiPath(request.path) || request.method.toUpperCase() === 'HEAD') return null
  const type = answer.headers.get('content-type') ?? ''
  const isRefusal = answer.status >= 400
  if (!isRefusal && !type.includes('json')) return null
  let body: unknown
  try {
    body = JSON.parse(answer.text) as unknown
  } catch {
    return {
      kind: isRefusal ? 'malformed error body' : 'malformed JSON answer',
      detail: `${answer.status} with a body that is not JSON (Content-Type: ${type || 'none'})`,
    }
  }
  if (!isRefusal) return null
  const error = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const wrong: string[] = []
  if (!type.includes('application/json')) wrong.push(`Content-Type ${type || 'none'}`)
  if (typeof error.error !== 'string' || !/^[a-z_]+$/.test(error.error)) wrong.push('no machine code in `error`')
  if (typeof error.message !== 'string' || !CHINESE.test(error.message)) wrong.push('no Chinese `message`')
  if (error.messageEn !== undefined && typeof error.messageEn !== 'string') wrong.push('`messageEn` not a string')
  if (
    error.fields !== undefined &&
    !(
      Array.isArray(error.fields) &&
      error.fields.every(
        (f) =>
          typeof f === 'object' &&
          f !== null &&
          typeof (f as { path?: unknown }).path === 'string' &&
          typeof (f as { message?: unknown }).message === 'string',
      )
    )
  ) {
    wrong.push('`fields` not a list of { path, message }')
  }
  return wrong.length > 0 ? { kind: 'malformed error body', detail: `${answer.status}: ${wrong.join(', ')}` } : null
}

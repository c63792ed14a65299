/**
 * Failures as reproductions a developer can replay: the request (method, path, headers, body excerpt) and the
 * answer (status, body, and the server's own log line with its stack), grouped by signature so that one bug found
 * ten thousand times is one entry with a count.
 */
import { bodyOf, type FuzzAnswer, type FuzzRequest } from './fuzz-request'
import { pathnameOf } from './learn'

export type FailureKind =
  'server error' | 'malformed error body' | 'malformed JSON answer' | 'hang' | 'isolation' | 'unit rules'

export interface Reproduction {
  method: string
  path: string
  headers: Record<string, string>
  /** The body as sent, cut to a readable length, with its full size. */
  body: string
  bodyBytes: number
  status: number | 'hang'
  /** The body broke off after half its bytes, as from a dropped connection. */
  isBodyCutOff: boolean
  answer: string
  /** What the server logged at error level while answering (the stack of a 500). */
  serverLog: string[]
}

export interface Failure {
  kind: FailureKind
  signature: string
  detail: string
  /** What the generator meant to send and how it spoiled it. */
  label: string
  /** The number of the first request that failed this way, and how many did. */
  firstAt: number
  count: number
  /** Every route it happened on. */
  routes: Set<string>
  repro: Reproduction
  /** The same failure from a smaller request, when shrink.ts found one. */
  shrunk?: Reproduction
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `POST /api/admin/accounts/:id/password`: the route, whatever the ids. */
export function routeOf(method: string, path: string): string {
  const segments = pathnameOf(path)
    .split('/')
    .map((segment) => {
      if (/^[0-9a-f]{64}$/i.test(segment)) return ':hash'
      if (UUID.test(segment)) return ':id'
      return segment.length > 24 ? ':long' : segment
    })
  const pathname = segments.join('/')
  const route = /^\/api\/admin\/accounts\/[^/]+\/(password|disable|enable)$/.test(pathname)
    ? pathname.replace(/accounts\/[^/]+\//, 'accounts/:id/')
    : unitRoute(pathname)
  return `${method.toUpperCase()} ${route.startsWith('/api') ? route : route.startsWith('/assets/') ? '/assets/*' : route.includes('.') ? route : '(app route)'}`
}

/** The organization's paths, whatever their ids (UUIDs or not): `/api/units/:id/members/:accountId`. */
function unitRoute(pathname: string): string {
  const own = /^\/api\/units\/[^/]+\/members(\/[^/]+)?$/.exec(pathname)
  if (own) return `/api/units/:id/members${own[1] ? '/:accountId' : ''}`
  const admin = /^\/api\/admin\/units\/[^/]+(\/(members|reviewers)\/[^/]+)?$/.exec(pathname)
  if (admin) return `/api/admin/units/:id${admin[2] ? `/${admin[2]}/:accountId` : ''}`
  return pathname
}

function excerpt(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} characters)` : text
}

function headerExcerpt(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .slice(0, 12)
      .map(([name, value]) => [name, excerpt(value, 120)]),
  )
}

/** Bytes as text when they are UTF-8 text, else as hex (a photo chunk, invalid UTF-8 spliced into JSON). */
function readable(bytes: Uint8Array): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    // eslint-disable-next-line no-control-regex
    if (!/[\u0000-\u0008\u000e-\u001f]/.test(text)) return text
  } catch {
    // Not UTF-8: shown as hex below.
  }
  const hex = [...bytes.subarray(0, 48)].map((b) => b.toString(16).padStart(2, '0')).join(' ')
  return `hex ${hex}${bytes.length > 48 ? ' …' : ''}`
}

export function reproductionOf(request: FuzzRequest, answer: FuzzAnswer | null, serverLog: string[]): Reproduction {
  const body = bodyOf(request)
  const text = body === undefined ? '' : typeof body === 'string' ? body : readable(body)
  return {
    method: request.method,
    path: excerpt(request.path, 300),
    headers: headerExcerpt(request.headers),
    body: excerpt(text, 600),
    bodyBytes: body === undefined ? 0 : typeof body === 'string' ? new TextEncoder().encode(body).length : body.length,
    status: answer ? answer.status : 'hang',
    isBodyCutOff: request.isBodyCutOff === true,
    answer: answer ? excerpt(answer.text, 600) : '',
    serverLog: serverLog.map((line) => excerpt(line, 2000)),
  }
}

/**
 * What makes two failures the same bug: kind, status, and the first line of the error the server logged (the same
 * throw on many routes is one bug); the route when it logged nothing.
 */
export function signatureOf(
  kind: FailureKind,
  request: FuzzRequest,
  answer: FuzzAnswer | null,
  serverLog: string[],
): string {
  let logged = ''
  try {
    logged = serverLog[0] ? ((JSON.parse(serverLog[0]) as { error?: string }).error?.split('\n')[0] ?? '') : ''
  } catch {
    logged = serverLog[0]!.slice(0, 120)
  }
  return [kind, answer?.status ?? 'hang', logged || routeOf(request.method, request.path)].join(' | ')
}

export function formatReproduction(repro: Reproduction): string {
  const lines = [`  ${repro.method} ${repro.path}`]
  for (const [name, value] of Object.entries(repro.headers)) lines.push(`  ${name}: ${value}`)
  if (repro.bodyBytes > 0)
    lines.push(
      `  body (${repro.bodyBytes} bytes${repro.isBodyCutOff ? ', of which half arrive before the connection drops' : ''}): ${repro.body}`,
    )
  lines.push(`  → ${repro.status} ${repro.answer}`)
  for (const line of repro.serverLog) lines.push(`  server log: ${line}`)
  return lines.join('\n')
}

export function formatFailure(failure: Failure): string {
  const routes = failure.routes.size > 0 ? `\n  on ${[...failure.routes].sort().join(', ')}` : ''
  const head = `[${failure.kind}] ${failure.detail} — ${failure.count}× (first at request ${failure.firstAt}): ${failure.label}${routes}`
  const shrunk = failure.shrunk
    ? `\n  smallest request found that still fails:\n${formatReproduction(failure.shrunk)}`
    : ''
  return `${head}\n${formatReproduction(failure.repro)}${shrunk}`
}

/**
 * The HTTP side of sync and accounts: one typed call per endpoint, over any `fetch` (the browser's, or the Hono
 * app's own in Node tests). Every failure becomes an ApiFailure that says whether the network or the server
 * answered, with the server's error body when it sent one.
 */
import type { AccountInfo, NewAccountRequest, PasswordChangeRequest, SetupRequest, SignInRequest, SignInResponse } from '../../shared/accounts'
import { DEFAULT_WAIT_SECONDS, type ErrorBody, type PullRequest, type PullResponse, type PushRequest, type PushResponse, type WaitRequest, type WaitResponse } from '../../shared/sync/protocol'

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

export class ApiFailure extends Error {
  constructor(
    /** 'network': no answer (offline, timeout, connection cut); 'http': the server answered with an error. */
    readonly kind: 'network' | 'http',
    readonly status: number,
    readonly body: ErrorBody | null,
    cause?: unknown,
  ) {
    super(body?.message ?? (kind === 'network' ? 'network unreachable' : `HTTP ${status}`), { cause })
    this.name = 'ApiFailure'
  }

  get code(): string | undefined {
    return this.body?.error
  }
}

export interface ApiClientOptions {
  /** @default globalThis.fetch */
  fetch?: FetchLike
  /** Prefix of every path: '' in the browser (same origin), 'http://sync.test' in Node tests. @default '' */
  baseUrl?: string
  /** A request that takes longer is abandoned and counts as a network failure. @default 60000 */
  timeoutMs?: number
}

/** Where and how requests go: shared by the record client and the photo client (blob-client.ts). */
export interface Transport {
  fetchFn: FetchLike
  baseUrl: string
  timeoutMs: number
}

export function transportOf(options: ApiClientOptions = {}): Transport {
  return {
    fetchFn: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    baseUrl: options.baseUrl ?? '',
    timeoutMs: options.timeoutMs ?? 60_000,
  }
}

/** Sends one request. No answer: ApiFailure 'network'. An error status: ApiFailure 'http' with the server's error body. */
export async function send(transport: Transport, path: string, init: RequestInit, timeoutMs: number = transport.timeoutMs): Promise<Response> {
  let response: Response
  try {
    response = await transport.fetchFn(`${transport.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    throw new ApiFailure('network', 0, null, error)
  }
  if (response.ok) return response
  const parsed: unknown = await response.json().catch(() => null)
  throw new ApiFailure('http', response.status, isErrorBody(parsed) ? parsed : null)
}

export class ApiClient {
  private readonly transport: Transport

  constructor(options: ApiClientOptions = {}) {
    this.transport = transportOf(options)
  }

  push(token: string, request: PushRequest): Promise<PushResponse> {
    return this.call('POST', '/api/sync/push', request, token)
  }

  pull(token: string, request: PullRequest): Promise<PullResponse> {
    return this.call('POST', '/api/sync/pull', request, token)
  }

  /** A long poll; its own timeout is the server's plus a margin, so the server's "no change" normally comes first. */
  waitForChanges(token: string, request: WaitRequest): Promise<WaitResponse> {
    return this.call('POST', '/api/sync/wait', request, token, ((request.timeoutSeconds ?? DEFAULT_WAIT_SECONDS) + 15) * 1000)
  }

  status(): Promise<{ needsSetup: boolean }> {
    return this.call('GET', '/api/auth/status')
  }

  setup(request: SetupRequest): Promise<SignInResponse> {
    return this.call('POST', '/api/auth/setup', request)
  }

  login(request: SignInRequest): Promise<SignInResponse> {
    return this.call('POST', '/api/auth/login', request)
  }

  me(token: string): Promise<{ account: AccountInfo }> {
    return this.call('GET', '/api/auth/me', undefined, token)
  }

  logout(token: string): Promise<void> {
    return this.call('POST', '/api/auth/logout', undefined, token)
  }

  logoutEverywhere(token: string): Promise<void> {
    return this.call('POST', '/api/auth/logout-all', undefined, token)
  }

  changePassword(token: string, request: PasswordChangeRequest): Promise<void> {
    return this.call('POST', '/api/auth/password', request, token)
  }

  listAccounts(token: string): Promise<{ accounts: AccountInfo[] }> {
    return this.call('GET', '/api/admin/accounts', undefined, token)
  }

  createAccount(token: string, request: NewAccountRequest): Promise<{ account: AccountInfo }> {
    return this.call('POST', '/api/admin/accounts', request, token)
  }

  resetPassword(token: string, accountId: string, password: string): Promise<void> {
    return this.call('POST', `/api/admin/accounts/${encodeURIComponent(accountId)}/password`, { password }, token)
  }

  setDisabled(token: string, accountId: string, isDisabled: boolean): Promise<{ account: AccountInfo }> {
    return this.call('POST', `/api/admin/accounts/${encodeURIComponent(accountId)}/${isDisabled ? 'disable' : 'enable'}`, undefined, token)
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string, timeoutMs?: number): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    const response = await send(this.transport, path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, timeoutMs)
    if (response.status === 204) return undefined as T
    try {
      return (await response.json()) as T
    } catch (error) {
      // A captive portal or a proxy's HTML page: the server we want did not answer.
      throw new ApiFailure('network', response.status, null, error)
    }
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error === 'string' && typeof (value as ErrorBody).message === 'string'
}

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

export class ApiClient {
  private readonly fetchFn: FetchLike
  private readonly baseUrl: string
  private readonly timeoutMs: number

  constructor(options: ApiClientOptions = {}) {
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.baseUrl = options.baseUrl ?? ''
    this.timeoutMs = options.timeoutMs ?? 60_000
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

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown, token?: string, timeoutMs: number = this.timeoutMs): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    let response: Response
    try {
      response = await this.fetchFn(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      throw new ApiFailure('network', 0, null, error)
    }
    if (response.status === 204) return undefined as T
    let parsed: unknown
    try {
      parsed = await response.json()
    } catch (error) {
      // A captive portal or a proxy's HTML page: the server we want did not answer.
      throw new ApiFailure(response.ok ? 'network' : 'http', response.status, null, error)
    }
    if (!response.ok) throw new ApiFailure('http', response.status, isErrorBody(parsed) ? parsed : null)
    return parsed as T
  }
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).error === 'string' && typeof (value as ErrorBody).message === 'string'
}

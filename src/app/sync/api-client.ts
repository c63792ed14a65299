/**
 * The HTTP side of sync and accounts: one typed call per endpoint, over any `fetch` (the browser's, or the Hono
 * app's own in Node tests). Every failure becomes an ApiFailure that says whether the network or the server
 * answered, with the server's error body when it sent one.
 */
import type {
  AccountDevice,
  AccountInfo,
  ColleagueDevice,
  NewAccountRequest,
  PasswordChangeRequest,
  SetupRequest,
  SignInRequest,
  SignInResponse,
} from '../../shared/accounts'
import {
  DEFAULT_WAIT_SECONDS,
  type ErrorBody,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type WaitRequest,
  type WaitResponse,
} from '../../shared/sync/protocol'
import type {
  MemberByNameRequest,
  MembershipRequest,
  MyUnits,
  NewUnitRequest,
  RosterMember,
  UnitChangeRequest,
  UnitInfo,
  UnitMember,
  UnitRoster,
  UnitTree,
} from '../../shared/units'

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
  /**
   * Whether to try the network at all. While the browser says it is offline, a request would only fail (and be
   * logged in the console as an error): it fails at once, as a network failure, without being sent. The browser can
   * be wrong the other way (online but no signal), which the request's own failure then shows.
   * @default () => navigator.onLine, true where there is no navigator (Node)
   */
  isOnline?: () => boolean
}

/** Where and how requests go: shared by the record client and the photo client (blob-client.ts). */
export interface Transport {
  fetchFn: FetchLike
  baseUrl: string
  timeoutMs: number
  isOnline: () => boolean
}

export function transportOf(options: ApiClientOptions = {}): Transport {
  return {
    fetchFn: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    baseUrl: options.baseUrl ?? '',
    timeoutMs: options.timeoutMs ?? 60_000,
    isOnline: options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false),
  }
}

/** Sends one request. No answer: ApiFailure 'network'. An error status: ApiFailure 'http' with the server's error body. */
export async function send(
  transport: Transport,
  path: string,
  init: RequestInit,
  timeoutMs: number = transport.timeoutMs,
): Promise<Response> {
  if (!transport.isOnline())
    throw new ApiFailure('network', 0, null, new Error('the browser is offline (navigator.onLine is false): not sent'))
  let response: Response
  try {
    response = await transport.fetchFn(`${transport.baseUrl}${path}`, {
      ...init,
      signal: AbortSignal.timeout(timeoutMs),
    })
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
    return this.call(
      'POST',
      '/api/sync/wait',
      request,
      token,
      ((request.timeoutSeconds ?? DEFAULT_WAIT_SECONDS) + 15) * 1000,
    )
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

  /** The account's devices by id with their names: who wrote which version of a conflict. */
  devices(
    token: string,
    others: readonly string[] = [],
  ): Promise<{ devices: AccountDevice[]; colleagues?: ColleagueDevice[] }> {
    // Colleagues' devices too, for a conflict on a unit's record (sync-protocol.md §4).
    return this.call(
      'GET',
      others.length === 0
        ? '/api/auth/devices'
        : `/api/auth/devices?others=${others.map(encodeURIComponent).join(',')}`,
      undefined,
      token,
    )
  }

  /** The account's units, their rosters and what it reviews (docs/units.md). */
  myUnits(token: string): Promise<MyUnits> {
    return this.call('GET', '/api/units', undefined, token)
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
    return this.call(
      'POST',
      `/api/admin/accounts/${encodeURIComponent(accountId)}/${isDisabled ? 'disable' : 'enable'}`,
      undefined,
      token,
    )
  }

  /** 组织管理 (administrators): the whole tree with members, reviewers and record counts (sync-protocol.md §11). */
  unitTree(token: string): Promise<UnitTree> {
    return this.call('GET', '/api/admin/units', undefined, token)
  }

  createUnit(token: string, request: NewUnitRequest): Promise<{ unit: UnitInfo }> {
    return this.call('POST', '/api/admin/units', request, token)
  }

  /** Renames, changes the kind or moves (parentId). */
  changeUnit(token: string, unitId: string, request: UnitChangeRequest): Promise<{ unit: UnitInfo }> {
    return this.call('PATCH', `/api/admin/units/${encodeURIComponent(unitId)}`, request, token)
  }

  removeUnit(token: string, unitId: string): Promise<void> {
    return this.call('DELETE', `/api/admin/units/${encodeURIComponent(unitId)}`, undefined, token)
  }

  /** A unit's members with who has signed in: its secretary's 成员 (an administrator may read it too). */
  unitRoster(token: string, unitId: string): Promise<UnitRoster> {
    return this.call('GET', `/api/units/${encodeURIComponent(unitId)}/members`, undefined, token)
  }

  /** A secretary adds a member by the user name the person signs in with. */
  addUnitMemberByName(token: string, unitId: string, request: MemberByNameRequest): Promise<{ member: RosterMember }> {
    return this.call('POST', `/api/units/${encodeURIComponent(unitId)}/members`, request, token)
  }

  /** Adds a member or changes a membership (role: the administrator only; canRecord: the secretary too). */
  setUnitMember(
    token: string,
    unitId: string,
    accountId: string,
    request: MembershipRequest,
  ): Promise<{ member: UnitMember }> {
    return this.call(
      'PUT',
      `/api/units/${encodeURIComponent(unitId)}/members/${encodeURIComponent(accountId)}`,
      request,
      token,
    )
  }

  removeUnitMember(token: string, unitId: string, accountId: string): Promise<void> {
    return this.call(
      'DELETE',
      `/api/units/${encodeURIComponent(unitId)}/members/${encodeURIComponent(accountId)}`,
      undefined,
      token,
    )
  }

  setUnitReviewer(token: string, unitId: string, accountId: string, isReviewer: boolean): Promise<void> {
    return this.call(
      isReviewer ? 'PUT' : 'DELETE',
      `/api/admin/units/${encodeURIComponent(unitId)}/reviewers/${encodeURIComponent(accountId)}`,
      undefined,
      token,
    )
  }

  private async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    token?: string,
    timeoutMs?: number,
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    const response = await send(
      this.transport,
      path,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body) },
      timeoutMs,
    )
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
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).error === 'string' &&
    typeof (value as ErrorBody).message === 'string'
  )
}

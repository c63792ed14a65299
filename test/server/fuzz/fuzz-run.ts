/**
 * One fuzz run against one server: first-run setup attacked before it succeeds, the accounts made (an administrator,
 * two members, two victims whose sessions the fuzz ends) and a small unit tree, then the request stream, every answer
 * checked by the oracle and the units' rules (unit-rules.ts) and learned from, and in the end the isolation check.
 * Seeded: the same seed sends the same requests, up to
 * what answers change (a server-made conflict id, a timing in a burst).
 */
import { createLogger, type Logger } from '../../../src/server/logger'
import { stream } from '../../fixtures/random'
import { createTestServer, type TestServer, type TestServerOptions } from '../harness'
import { setupRequest, strongPassword } from './account-requests'
import { formatFailure, reproductionOf, routeOf, signatureOf, type Failure, type FailureKind } from './failures'
import { jsonOf, type FuzzAnswer, type FuzzRequest } from './fuzz-request'
import { requestGenerator, spoil } from './generate'
import { checkIsolation, type IsolationReport } from './isolation'
import { learn, pathnameOf, UNITS_PATH } from './learn'
import { checkAnswer } from './oracle'
import { recordPool } from './record-pool'
import { sendFuzz } from './send'
import { shrink } from './shrink'
import { jsonRequest } from './sync-requests'
import { checkUnitRules } from './unit-rules'
import { admin, emptyWorld, newActor, type World } from './world'

export interface FuzzOptions {
  seed: number
  requests: number
  /** Stop sooner, after this many seconds of requests (the count sent is in the report). @default no limit */
  maxSeconds?: number
  /** A request not answered within this is a hang. @default 10_000 */
  deadlineMs?: number
  /** Look for a smaller request that fails the same way. @default true */
  shouldShrink?: boolean
  /**
   * How often requests go in bursts sent at once. Their answers depend on timing, so a test that must fail the same
   * way every time sets 0. @default 0.01
   */
  burstRate?: number
  onProgress?: (sent: number, report: FuzzReport) => void
}

export interface FuzzReport {
  seed: number
  engine: string
  /** Requests the server answered (or failed to), setup included. */
  sent: number
  /** Requests fetch refused to build; never sent. */
  unsendable: number
  byStatus: Record<string, number>
  byRoute: Record<string, number>
  /** Answers in 2xx by route: the valid requests that went through, not only refusals. */
  okByRoute: Record<string, number>
  /** Milliseconds the server took, summed by route: where a run's time goes. */
  msByRoute: Record<string, number>
  /** What the accepted pushes' mutations came to: applied, merged, conflict, refused (by code). */
  pushResults: Record<string, number>
  failures: Failure[]
  isolation: IsolationReport | null
  seconds: number
}

/** A logger that keeps what the server logs at error level: a 500's stack goes with its reproduction. */
export function errorLog(): { log: Logger; errors: string[] } {
  const errors: string[] = []
  return { log: createLogger('error', (line) => errors.push(line)), errors }
}

export async function createFuzzServer(
  options: TestServerOptions = {},
): Promise<{ server: TestServer; errors: string[] }> {
  const { log, errors } = errorLog()
  return { server: await createTestServer({ ...options, log }), errors }
}

class Session {
  readonly failures = new Map<string, Failure>()
  readonly report: FuzzReport

  constructor(
    private readonly server: TestServer,
    private readonly errors: string[],
    readonly world: World,
    private readonly options: FuzzOptions,
  ) {
    this.report = {
      seed: options.seed,
      engine: server.engine,
      sent: 0,
      unsendable: 0,
      byStatus: {},
      byRoute: {},
      okByRoute: {},
      msByRoute: {},
      pushResults: {},
      failures: [],
      isolation: null,
      seconds: 0,
    }
  }

  /** Sends the requests at once (one, or a burst), then checks and learns from each answer in order. */
  async send(requests: FuzzRequest[]): Promise<FuzzAnswer[]> {
    const logged = this.errors.length
    const outcomes = await Promise.all(
      requests.map((r) => sendFuzz(this.server.app, r, this.options.deadlineMs ?? 10_000)),
    )
    const serverLog = this.errors.slice(logged)
    const answers: FuzzAnswer[] = []
    for (const [i, outcome] of outcomes.entries()) {
      const request = requests[i]!
      if (outcome.kind === 'unsendable') {
        this.report.unsendable++
        continue
      }
      this.report.sent++
      const status = outcome.kind === 'hang' ? 'hang' : String(outcome.answer.status)
      this.report.byStatus[status] = (this.report.byStatus[status] ?? 0) + 1
      const route = routeOf(request.method, request.path)
      this.report.byRoute[route] = (this.report.byRoute[route] ?? 0) + 1
      this.report.msByRoute[route] = (this.report.msByRoute[route] ?? 0) + outcome.ms
      if (outcome.kind === 'hang') {
        await this.fail(
          'hang',
          `no answer within ${this.options.deadlineMs ?? 10_000} ms`,
          request,
          null,
          serverLog,
          requests.length > 1,
        )
        continue
      }
      if (outcome.answer.status >= 200 && outcome.answer.status < 300)
        this.report.okByRoute[route] = (this.report.okByRoute[route] ?? 0) + 1
      // Against the world as it was before this answer; a burst's answers may have run in another order than sent.
      const broken = requests.length > 1 ? null : checkUnitRules(this.world, request, outcome.answer)
      learn(this.world, request, outcome.answer)
      if (route === 'POST /api/sync/push' && outcome.answer.status === 200) this.countResults(outcome.answer)
      const problem = checkAnswer(request, outcome.answer)
      if (problem)
        await this.fail(problem.kind, problem.detail, request, outcome.answer, serverLog, requests.length > 1)
      if (broken) await this.fail('unit rules', broken, request, outcome.answer, serverLog, false)
      answers.push(outcome.answer)
    }
    if (requests.length > 1 && this.changedUnits(requests, answers)) this.world.isUnitsUncertain = true
    return answers
  }

  /** Whether one of the requests changed the organization (as far as its answer said). */
  private changedUnits(requests: FuzzRequest[], answers: FuzzAnswer[]): boolean {
    return requests.some((request, i) => {
      const status = answers[i]?.status ?? 0
      return (
        request.method.toUpperCase() !== 'GET' &&
        UNITS_PATH.test(pathnameOf(request.path)) &&
        status >= 200 &&
        status < 300
      )
    })
  }

  private countResults(answer: FuzzAnswer): void {
    const results =
      (jsonOf(answer) as { results?: { status: string; refusal?: { code: string } }[] } | undefined)?.results ?? []
    for (const result of results) {
      const key = result.refusal ? `${result.status} (${result.refusal.code})` : result.status
      this.report.pushResults[key] = (this.report.pushResults[key] ?? 0) + 1
    }
  }

  private async fail(
    kind: FailureKind,
    detail: string,
    request: FuzzRequest,
    answer: FuzzAnswer | null,
    serverLog: string[],
    isBurst: boolean,
  ): Promise<void> {
    const signature = signatureOf(kind, request, answer, serverLog)
    const known = this.failures.get(signature)
    const route = routeOf(request.method, request.path)
    if (known) {
      known.count++
      known.routes.add(route)
      return
    }
    const failure: Failure = {
      kind,
      signature,
      detail,
      label: request.label,
      firstAt: this.report.sent,
      count: 1,
      routes: new Set([route]),
      repro: reproductionOf(request, answer, serverLog),
    }
    this.failures.set(signature, failure)
    // A broken unit rule depends on the world before the request, which a shrunk request sent now no longer meets.
    if (kind === 'hang' || kind === 'unit rules' || isBurst || this.options.shouldShrink === false) return
    await shrink(request, async (candidate) => {
      const logged = this.errors.length
      const outcome = await sendFuzz(this.server.app, candidate, this.options.deadlineMs ?? 10_000)
      if (outcome.kind !== 'answer') return false
      learn(this.world, candidate, outcome.answer)
      const problem = checkAnswer(candidate, outcome.answer)
      const isSame = problem?.kind === kind && outcome.answer.status === answer?.status
      if (isSame) failure.shrunk = reproductionOf(candidate, outcome.answer, this.errors.slice(logged))
      return isSame
    })
  }
}

/** The administrator (through a setup attacked first), two members and two victims, each signed in twice. */
async function setUpAccounts(session: Session, seed: number): Promise<void> {
  const rng = stream(seed, 103)
  const ctx = { rng, world: session.world, pool: recordPool(seed) }
  for (let i = 0; i < 12 && session.world.actors.length === 0; i++) {
    const request = setupRequest(ctx)
    if (i < 10) spoil(ctx, request)
    await session.send([request])
  }
  if (session.world.actors.length === 0)
    throw new Error(`setup never succeeded: ${JSON.stringify(session.report.byStatus)}`)
  const chief = admin(session.world)
  // From its own phone too, which the account then knows: a sign-in again later skips the shared address's limits.
  await session.send([
    jsonRequest(
      'POST',
      '/api/auth/login',
      null,
      { name: chief.name, password: chief.password, deviceId: chief.signInDevice },
      'setup: the administrator signs in',
    ),
  ])
  for (const [role, name] of [
    ['member', 'alice'],
    ['member', 'bob'],
    ['victim', 'victim1'],
    ['victim', 'victim2'],
  ] as const) {
    const password = strongPassword(rng)
    const [made] = await session.send([
      jsonRequest(
        'POST',
        '/api/admin/accounts',
        chief.tokens[0]!,
        { name, password, displayName: name },
        `setup: account ${name}`,
      ),
    ])
    const id = made && made.status === 201 ? (JSON.parse(made.text) as { account: { id: string } }).account.id : null
    if (!id) throw new Error(`could not create ${name}: ${made?.status} ${made?.text}`)
    const actor = newActor(session.world, role, name, password, id)
    for (let i = 0; i < 2; i++)
      await session.send([
        jsonRequest(
          'POST',
          '/api/auth/login',
          null,
          { name, password, deviceId: actor.signInDevice },
          `setup: ${name} signs in`,
        ),
      ])
    if (actor.tokens.length === 0) throw new Error(`${name} could not sign in`)
  }
  await setUpUnits(session)
}

/**
 * A small tree to begin with (docs/units.md): a party committee with two branches, alice the first's secretary with
 * victim1 a member, bob the second's with victim2 a member who may record, alice a reviewer of the committee.
 */
async function setUpUnits(session: Session): Promise<void> {
  const { world } = session
  const token = admin(world).tokens[0]!
  const idOf = (name: string) => world.actors.find((a) => a.name === name)!.accountId
  const send = async (method: string, path: string, body: unknown, label: string) => {
    const [answer] = await session.send([jsonRequest(method, path, token, body, `setup: ${label}`)])
    if (!answer || answer.status >= 300) throw new Error(`setup: could not ${label}: ${answer?.status} ${answer?.text}`)
    return answer
  }
  const unit = async (kind: string, name: string, parentId: string | null) => {
    const answer = await send('POST', '/api/admin/units', { kind, name, parentId }, `create the unit ${name}`)
    return (JSON.parse(answer.text) as { unit: { id: string } }).unit.id
  }
  const committee = await unit('partyCommittee', '机关党委', null)
  const first = await unit('branch', '第一党支部', committee)
  const second = await unit('branch', '第二党支部', committee)
  for (const [unitId, name, body] of [
    [first, 'alice', { role: 'secretary' }],
    [first, 'victim1', {}],
    [second, 'bob', { role: 'secretary' }],
    [second, 'victim2', { canRecord: true }],
  ] as const)
    await send('PUT', `/api/admin/units/${unitId}/members/${idOf(name)}`, body, `add ${name} to a unit`)
  await send('PUT', `/api/admin/units/${committee}/reviewers/${idOf('alice')}`, undefined, 'name alice a reviewer')
}

export async function runFuzz(server: TestServer, errors: string[], options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now()
  const session = new Session(server, errors, emptyWorld(options.seed), options)
  await setUpAccounts(session, options.seed)
  const generator = requestGenerator(stream(options.seed, 100), session.world, recordPool(options.seed), {
    burstRate: options.burstRate ?? 0.01,
  })
  const progressEvery = Math.max(1000, Math.round(options.requests / 20))
  let nextProgress = progressEvery
  const stopAt = started + (options.maxSeconds ?? Infinity) * 1000
  while (session.report.sent < options.requests && performance.now() < stopAt) {
    await session.send(generator.next())
    if (session.report.sent >= nextProgress) {
      nextProgress += progressEvery
      session.report.seconds = (performance.now() - started) / 1000
      session.report.failures = [...session.failures.values()]
      options.onProgress?.(session.report.sent, session.report)
    }
  }
  session.report.isolation = await checkIsolation(server, session.world)
  for (const violation of session.report.isolation.violations) {
    session.failures.set(`isolation | ${violation}`, {
      kind: 'isolation',
      signature: violation,
      detail: violation,
      label: 'after the run',
      firstAt: session.report.sent,
      count: 1,
      routes: new Set(),
      repro: {
        method: '',
        path: '',
        headers: {},
        body: '',
        bodyBytes: 0,
        status: 0,
        isBodyCutOff: false,
        answer: '',
        serverLog: [],
      },
    })
  }
  session.report.failures = [...session.failures.values()]
  session.report.seconds = (performance.now() - started) / 1000
  return session.report
}

/** The report as text: counts, statuses, routes, and every failure with its reproduction. */
export function formatReport(report: FuzzReport): string {
  const statuses = Object.entries(report.byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ')
  const routes = Object.entries(report.byRoute)
    .sort(([, a], [, b]) => b - a)
    .map(
      ([route, n]) =>
        `  ${String(n).padStart(7)}  ${String(report.okByRoute[route] ?? 0).padStart(6)} 2xx  ${(report.msByRoute[route]! / 1000).toFixed(1).padStart(6)} s  ${route}`,
    )
    .join('\n')
  const lines = [
    `fuzz seed ${report.seed} on ${report.engine}: ${report.sent} requests in ${report.seconds.toFixed(1)} s (${Math.round(report.sent / report.seconds)}/s), ${report.unsendable} not sendable by fetch`,
    `answers by status: ${statuses}`,
    `push mutations: ${Object.entries(report.pushResults)
      .sort(([, a], [, b]) => b - a)
      .map(([key, n]) => `${key} ${n}`)
      .join(', ')}`,
    `requests by route:\n${routes}`,
    report.isolation
      ? `isolation: ${report.isolation.violations.length === 0 ? 'holds' : 'BROKEN'} (records pulled: ${Object.entries(
          report.isolation.records,
        )
          .map(([n, c]) => `${n} ${c}`)
          .join(', ')})`
      : 'isolation: not checked',
    `failures: ${report.failures.length === 0 ? 'none' : report.failures.length}`,
    ...report.failures.map(formatFailure),
  ]
  return lines.join('\n')
}

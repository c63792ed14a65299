/**
 * The request stream: an endpoint drawn by weight, a well-formed request for it built from the world, and about
 * half the time that request spoiled (its body, token, headers, method or path). Now and then a burst of requests
 * sent at once (the same push twice, chunks of one photo), as a phone that retries before its answer arrived.
 */
import { chance, intBetween, pick, weighted, type Random } from '../../fixtures/random'
import { adminRequest, ownAccountRequest, reviveActor, setupRequest, signInRequest } from './account-requests'
import { blobRequest } from './blob-requests'
import { bearerOf, type FuzzRequest } from './fuzz-request'
import { spoilBody } from './mutate-body'
import { spoilAround, spoilHeaders } from './mutate-request'
import { publicRequest } from './other-requests'
import type { RecordPool } from './record-pool'
import { pullRequest, pushRequest, waitRequest, type GenContext } from './sync-requests'
import { adminUnitRequest, memberUnitRequest } from './unit-requests'
import { admin, usableActors, type Actor, type World } from './world'

const ENDPOINTS = {
  push: 28,
  pull: 14,
  wait: 1,
  blob: 16,
  own: 5,
  admin: 6,
  adminUnits: 5,
  units: 5,
  login: 3,
  setup: 0.5,
  public: 6,
}

export interface Generator {
  /** The next requests: one, or a burst to send at once. */
  next: () => FuzzRequest[]
  ctx: GenContext
}

export interface GeneratorOptions {
  /** @default 0.5 */
  spoilRate?: number
  /** @default 0.01 */
  burstRate?: number
}

export function requestGenerator(
  rng: Random,
  world: World,
  pool: RecordPool,
  options: GeneratorOptions = {},
): Generator {
  const { spoilRate = 0.5, burstRate = 0.01 } = options
  const ctx: GenContext = { rng, world, pool }
  const revivals = new Map<Actor, number>()
  const next = (): FuzzRequest[] => {
    // Accounts a spoiled sign-out or a disabling took out come back first (their phones sign in again).
    // A phone whose sign-in keeps failing (a password the fuzz lost track of) is given up after a few tries.
    for (const actor of world.actors) {
      if (actor.tokens.length > 0 && !actor.isDisabled) revivals.delete(actor)
      const tries = revivals.get(actor) ?? 0
      const revive = tries < 3 ? reviveActor(world, actor) : null
      if (revive) {
        revivals.set(actor, tries + 1)
        return [revive]
      }
    }
    const request = wellFormed(ctx)
    if (burstRate > 0 && chance(rng, burstRate)) return burst(ctx, request)
    if (chance(rng, spoilRate)) spoil(ctx, request)
    if (chance(rng, 0.003) && request.json !== undefined) {
      request.isBodyCutOff = true
      request.label += '; body cut off mid-way'
    }
    return [request]
  }
  return { next, ctx }
}

function actorFor(ctx: GenContext): Actor | null {
  const role = weighted(ctx.rng, { member: 7, victim: 1.5, admin: 1.5 })
  const actors = usableActors(ctx.world, role)
  const any = usableActors(ctx.world, 'member', 'victim', 'admin')
  return actors.length > 0 ? pick(ctx.rng, actors) : any.length > 0 ? pick(ctx.rng, any) : null
}

/**
 * A victim, for the own-account requests that end sessions (only victims' are ended): drawn as often as the rest,
 * sign-out and sign-out everywhere came about once a run, and some runs missed one.
 */
function victimFor(ctx: GenContext): Actor | null {
  const victims = usableActors(ctx.world, 'victim')
  return victims.length > 0 ? pick(ctx.rng, victims) : null
}

function wellFormed(ctx: GenContext): FuzzRequest {
  const endpoint = weighted(ctx.rng, ENDPOINTS)
  if (endpoint === 'login') return signInRequest(ctx)
  if (endpoint === 'setup') return setupRequest(ctx)
  if (endpoint === 'public') return publicRequest(ctx)
  if (endpoint === 'adminUnits') return adminUnitRequest(ctx) ?? publicRequest(ctx)
  if (endpoint === 'units') return memberUnitRequest(ctx) ?? publicRequest(ctx)
  const actor =
    endpoint === 'admin' && chance(ctx.rng, 0.9)
      ? admin(ctx.world)
      : endpoint === 'own' && chance(ctx.rng, 0.3)
        ? (victimFor(ctx) ?? actorFor(ctx))
        : actorFor(ctx)
  if (!actor || actor.tokens.length === 0) return publicRequest(ctx)
  if (endpoint === 'admin') return adminRequest(ctx, actor.tokens[0]!)
  const token = pick(ctx.rng, actor.tokens)
  switch (endpoint) {
    case 'push':
      return pushRequest(ctx, actor, token)
    case 'pull':
      return pullRequest(ctx, actor, token)
    case 'wait':
      return waitRequest(ctx, actor, token)
    case 'blob':
      return blobRequest(ctx, actor, token)
    default:
      return ownAccountRequest(ctx, actor, token)
  }
}

/** Makes a well-formed request hostile in at least one way; changes it in place. */
export function spoil(ctx: GenContext, request: FuzzRequest): void {
  const { rng, world } = ctx
  const what: string[] = []
  if (request.json !== undefined && chance(rng, 0.75)) {
    const spoiled = spoilBody(rng, request.json)
    delete request.json
    if (spoiled.json !== undefined) request.json = spoiled.json
    if (spoiled.bytes !== undefined) request.bytes = spoiled.bytes
    what.push(spoiled.what)
  } else if (request.bytes instanceof Uint8Array && chance(rng, 0.5)) {
    const bytes = request.bytes
    const cut = pick(rng, ['shorter', 'longer', 'empty'])
    request.bytes =
      cut === 'shorter'
        ? bytes.slice(0, intBetween(rng, 0, Math.max(0, bytes.length - 1)))
        : cut === 'longer'
          ? new Uint8Array([...bytes.subarray(0, 70_000), ...bytes.subarray(0, 100)])
          : new Uint8Array(0)
    what.push(`body ${cut} than its headers say`)
  }
  what.push(...spoilAround(rng, world, request, bearerOf(request)))
  if (what.length === 0) what.push(spoilHeaders(rng, request.headers))
  request.label += `; ${what.join('; ')}`
}

function burst(ctx: GenContext, first: FuzzRequest): FuzzRequest[] {
  const copies = intBetween(ctx.rng, 2, 3)
  const requests = [first]
  for (let i = 1; i < copies; i++) {
    // The same request again (a retry racing the first), or the next one of the stream.
    requests.push(chance(ctx.rng, 0.5) ? { ...first, headers: { ...first.headers } } : wellFormed(ctx))
  }
  for (const request of requests) request.label = `${request.label} (burst of ${requests.length})`
  return requests
}

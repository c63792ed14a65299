/**
 * What the fuzz knows of the server it is attacking: the accounts it made (tokens good and revoked, passwords,
 * devices with their sequence numbers and cursors), the records and photos each account holds, and the units with
 * their members, secretaries and reviewers, as far as the answers said. Valid requests are built from it; learn.ts keeps it current from every answer, hostile ones too,
 * since a spoiled request the server still accepts changes the server all the same.
 */
import { createHash } from 'node:crypto'
import type { AttachmentType } from '../../../src/shared/attachments'
import type { RecordTable } from '../../../src/shared/records'
import { chance, pick, stream, type Random } from '../../fixtures/random'
import { seededUuid } from './hostile-values'

export type Role = 'admin' | 'member' | 'victim'

export interface Device {
  id: string
  /** The last sequence number used: the next mutation takes seq + 1. */
  seq: number
  cursor: number
  timeline?: string
}

export interface RecordView {
  table: RecordTable
  id: string
  rev: number
  conflictIds: string[]
  isDeleted: boolean
}

export interface Photo {
  bytes: Uint8Array<ArrayBuffer>
  hash: string
  type: AttachmentType
}

export interface Actor {
  role: Role
  name: string
  password: string
  accountId: string
  /** Written into this account's records only: found in another account's pull, it is a leak. */
  marker: string
  /** Tokens that work, as far as the answers said; the first is the one used most. */
  tokens: string[]
  revoked: string[]
  isDisabled: boolean
  /** The device the fuzz signs in from: known to the account, it skips the shared address's sign-in windows. */
  signInDevice: string
  devices: Device[]
  records: Map<string, RecordView>
  /** The highest revision any answer showed for this account: its counter, as far as the fuzz knows. */
  topRev: number
  /** Records whose create the server applied: each must be in the account's final pull. */
  createdIds: Set<string>
  /** Every UUID this account's accepted pushes carried (record, device, conflict ids): its pull may hold no other. */
  sentIds: Set<string>
  /** Markers its accepted pushes carried: its own, or another's sent with this account's token by a spoiled request. */
  sentMarkers: Set<string>
  /** Bytes held of each photo this account uploads, by hash, as the last answer said. */
  uploads: Map<string, { received: number; isComplete: boolean }>
}

export type UnitRole = 'member' | 'secretary'

export interface UnitMembership {
  role: UnitRole
  canRecord: boolean
}

/** A unit as the answers said it is (docs/units.md): its place in the tree, its members, its reviewers. */
export interface UnitView {
  id: string
  parentId: string | null
  /** account → its membership */
  members: Map<string, UnitMembership>
  reviewers: Set<string>
}

export interface World {
  actors: Actor[]
  photos: Photo[]
  /** Accounts the fuzz made by accident of a valid-looking request: their ids go into admin paths. */
  strangerIds: string[]
  /** And their user names, for a secretary's 添加成员. */
  strangerNames: string[]
  /** The organization, by unit id (lower case), as every answer that changed it said. */
  units: Map<string, UnitView>
  /**
   * A burst changed the organization: its answers were learned in the order sent, not necessarily the order the
   * server ran them, so the model may be off until the administrator's next list of the whole tree.
   */
  isUnitsUncertain: boolean
  tokenOwner: Map<string, Actor>
  /** Where photos and ids come from, apart from the request stream so that new photos do not shift it. */
  photoRng: Random
  idRng: Random
}

export const MAX_PHOTOS = 40

export function emptyWorld(seed: number): World {
  return {
    actors: [],
    photos: [],
    strangerIds: [],
    strangerNames: [],
    units: new Map(),
    isUnitsUncertain: false,
    tokenOwner: new Map(),
    photoRng: stream(seed, 101),
    idRng: stream(seed, 102),
  }
}

export function newActor(world: World, role: Role, name: string, password: string, accountId: string): Actor {
  const actor: Actor = {
    role,
    name,
    password,
    accountId,
    marker: `〔fz:${name}〕`,
    tokens: [],
    revoked: [],
    isDisabled: false,
    signInDevice: seededUuid(world.idRng),
    devices: [],
    records: new Map(),
    topRev: 0,
    createdIds: new Set(),
    sentIds: new Set(),
    sentMarkers: new Set(),
    uploads: new Map(),
  }
  for (let i = 0; i < 3; i++) actor.devices.push({ id: seededUuid(world.idRng), seq: 0, cursor: 0 })
  world.actors.push(actor)
  return actor
}

export function addToken(world: World, actor: Actor, token: string): void {
  actor.tokens.push(token)
  world.tokenOwner.set(token, actor)
}

export function revokeToken(actor: Actor, token: string): void {
  if (!actor.tokens.includes(token)) return
  actor.tokens = actor.tokens.filter((t) => t !== token)
  actor.revoked.push(token)
}

export function revokeAll(actor: Actor, except?: string): void {
  for (const token of [...actor.tokens]) if (token !== except) revokeToken(actor, token)
}

export function actorsOf(world: World, ...roles: Role[]): Actor[] {
  return world.actors.filter((a) => roles.includes(a.role))
}

/** An actor whose token works now (members and the administrator always have one; victims may not). */
export function usableActors(world: World, ...roles: Role[]): Actor[] {
  return actorsOf(world, ...roles).filter((a) => a.tokens.length > 0 && !a.isDisabled)
}

export function admin(world: World): Actor {
  return actorsOf(world, 'admin')[0]!
}

/** A device of the actor's; now and then a fresh one, as a phone signs in for the first time. */
export function deviceOf(rng: Random, world: World, actor: Actor): Device {
  const usable = actor.devices.filter((d) => d.seq < 2 ** 40)
  if (usable.length === 0 || chance(rng, 0.01)) {
    const device = { id: seededUuid(world.idRng), seq: 0, cursor: 0 }
    actor.devices.push(device)
    return device
  }
  return pick(rng, usable)
}

/** A photo to upload: mostly one the fuzz made before (the idempotent paths), sometimes a new one. */
export function photoFor(rng: Random, world: World): Photo {
  if (world.photos.length > 0 && (world.photos.length >= MAX_PHOTOS || chance(rng, 0.85)))
    return pick(rng, world.photos)
  const r = world.photoRng
  const size = pick(r, [1, 12, 300, 4096, 65_535, 65_536, 65_537, 140_000, 262_144, 300_001])
  const type: AttachmentType = chance(r, 0.7) ? 'image/jpeg' : 'image/webp'
  const bytes = new Uint8Array(Math.max(size, 12))
  for (let i = 0; i < bytes.length; i += 4) {
    const word = Math.floor(r() * 2 ** 32)
    bytes[i] = word & 0xff
    bytes[i + 1] = (word >>> 8) & 0xff
    bytes[i + 2] = (word >>> 16) & 0xff
    bytes[i + 3] = word >>> 24
  }
  if (type === 'image/jpeg') bytes.set([0xff, 0xd8, 0xff, 0xe0])
  else bytes.set([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])
  const photo = { bytes, hash: createHash('sha256').update(bytes).digest('hex'), type }
  world.photos.push(photo)
  return photo
}

/** A record of the actor's, or (sometimes) another account's: the server must treat it as not this account's. */
export function recordFor(rng: Random, world: World, actor: Actor): RecordView | null {
  const own = [...actor.records.values()]
  if (chance(rng, 0.1)) {
    const others = world.actors.filter((a) => a !== actor).flatMap((a) => [...a.records.values()])
    if (others.length > 0) return pick(rng, others)
  }
  if (own.length === 0) return null
  // The newest records get most of the edits, as on a phone.
  return own[Math.max(0, own.length - 1 - Math.floor(own.length * rng() ** 3))]!
}

/** The account's membership of the unit, as the world knows it. */
export function membershipOf(world: World, accountId: string, unitId: string): UnitMembership | null {
  return world.units.get(unitId.toLowerCase())?.members.get(accountId.toLowerCase()) ?? null
}

export function isSecretaryOf(world: World, accountId: string, unitId: string): boolean {
  return membershipOf(world, accountId, unitId)?.role === 'secretary'
}

/** Who may save records as the unit's: its secretary, and members it lets record. */
export function mayRecordIn(world: World, accountId: string, unitId: string): boolean {
  const membership = membershipOf(world, accountId, unitId)
  return membership !== null && (membership.role === 'secretary' || membership.canRecord)
}

/** The units above the unit, nearest first. */
export function ancestorsOf(world: World, unitId: string): string[] {
  const chain: string[] = []
  const seen = new Set([unitId])
  for (let parent = world.units.get(unitId)?.parentId ?? null; parent !== null && !seen.has(parent);) {
    chain.push(parent)
    seen.add(parent)
    parent = world.units.get(parent)?.parentId ?? null
  }
  return chain
}

/** Units the account is the secretary of. */
export function unitsLedBy(world: World, accountId: string): UnitView[] {
  return [...world.units.values()].filter((u) => u.members.get(accountId)?.role === 'secretary')
}

/** Whether the account reads what the unit holds: a member of it, or a reviewer of a unit above it. */
export function readsUnit(world: World, accountId: string, unitId: string): boolean {
  const id = unitId.toLowerCase()
  if (membershipOf(world, accountId, id) !== null) return true
  return ancestorsOf(world, id).some((above) => world.units.get(above)?.reviewers.has(accountId.toLowerCase()))
}

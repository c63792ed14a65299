/**
 * Units in the sync bench (issue 14, docs/units.md): an organization made through the server's own admin endpoints,
 * and records loaded into it through the real push endpoint, as phones send them: a unit's collective study
 * sessions pushed by its secretary with `unitId`, and members' personal records each pushed as a create followed by
 * a `share` with the unit (what the app sends when 共享给… is on). Used by the Node and Chromium pulls (an account that
 * owns nothing and reads every record through its unit) and by the server's mutations per second (the permission
 * checks and the fan-out of every change to the unit's members' views).
 */
import { ApiClient, type FetchLike } from '../../src/app/sync/api-client'
import { uuidv7 } from '../../src/shared/ids'
import {
  COLLECTIVE_STUDY_KINDS,
  isRecordTable,
  RECORD_TABLES,
  type FieldsOf,
  type RecordTable,
  type StudyKind,
} from '../../src/shared/records'
import { PROTOCOL_VERSION, type Mutation, type RecordState } from '../../src/shared/sync/protocol'
import { fieldsFor } from './seed'

const WIRE_BATCH = 200

/** An account made for the bench, signed in on one device. */
export interface BenchAccount {
  name: string
  id: string
  token: string
}

/** Whoever makes accounts for the bench (in-process or over HTTP), signed in, with the password the bench uses. */
export type NewAccount = (name: string) => Promise<BenchAccount>

/** The server as the bench speaks to it: a fetch and the origin it answers on. */
export interface Wire {
  fetch: FetchLike
  baseUrl: string
}

/** A unit with its readers: the first account is its secretary, every other a plain member. */
export interface BenchUnit {
  unitId: string
  parentId: string
  members: BenchAccount[]
  /** Reviews the unit above: reads the unit's records too (docs/units.md, "The rules"). */
  reviewer: BenchAccount
}

/** A record as a later update needs it: what it is, its fields, and the revision its last change got. */
/** The bench pushes records only, never packet events. */
export type LoadedRecord = Pick<RecordState, 'id' | 'rev' | 'fields'> & { table: RecordTable }

async function adminCall(
  wire: Wire,
  token: string,
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
): Promise<unknown> {
  const response = await wire.fetch(`${wire.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  })
  const answer = response.status === 204 ? null : ((await response.json()) as unknown)
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`)
  return answer
}

/**
 * 局党委 → 中心组 with `size` members (the first its secretary), and a reviewer of 局党委: every record of the unit, and
 * every one shared with it, is read by `size + 1` accounts. `recorders` members after the secretary may record.
 */
export async function benchUnit(
  wire: Wire,
  adminToken: string,
  newAccount: NewAccount,
  label: string,
  size: number,
  recorders = 0,
): Promise<BenchUnit> {
  const unitOf = async (kind: string, name: string, parentId?: string): Promise<string> =>
    (
      (await adminCall(wire, adminToken, 'POST', '/api/admin/units', { kind, name, parentId })) as {
        unit: { id: string }
      }
    ).unit.id
  const parentId = await unitOf('partyCommittee', `${label}局党委`)
  const unitId = await unitOf('centerGroup', `${label}中心组`, parentId)
  const members: BenchAccount[] = []
  for (let i = 0; i < size; i++) {
    const account = await newAccount(`${label}-m${i}`)
    const membership = i === 0 ? { role: 'secretary' } : i <= recorders ? { canRecord: true } : {}
    await adminCall(wire, adminToken, 'PUT', `/api/admin/units/${unitId}/members/${account.id}`, membership)
    members.push(account)
  }
  const reviewer = await newAccount(`${label}-reviewer`)
  await adminCall(wire, adminToken, 'PUT', `/api/admin/units/${parentId}/reviewers/${reviewer.id}`, {})
  return { unitId, parentId, members, reviewer }
}

/** One device of one account pushing its mutations, 200 per request. */
export class Pusher {
  readonly deviceId = uuidv7()
  private seq = 0

  constructor(
    private readonly api: ApiClient,
    readonly account: BenchAccount,
  ) {}

  /** Pushes `mutations` (seq numbers are given here), 200 at a time; answers each mutation's status and revision. */
  async push(mutations: readonly Omit<Mutation, 'seq'>[]): Promise<{ status: string; rev: number | null }[]> {
    const results: { status: string; rev: number | null }[] = []
    for (let i = 0; i < mutations.length; i += WIRE_BATCH) {
      const batch = mutations.slice(i, i + WIRE_BATCH).map((m) => ({ ...m, seq: ++this.seq }))
      const answer = await this.api.push(this.account.token, {
        protocol: PROTOCOL_VERSION,
        deviceId: this.deviceId,
        mutations: batch,
      })
      results.push(...answer.results.map((r) => ({ status: r.status, rev: r.rev })))
    }
    return results
  }
}

/** A create of the unit's collective session, as its secretary's phone sends it. */
export function unitCreate(unitId: string, fields: FieldsOf['studySessions'], at: string): Omit<Mutation, 'seq'> {
  return {
    id: uuidv7(),
    table: 'studySessions',
    recordId: uuidv7(),
    op: 'create',
    changes: fields as unknown as Record<string, unknown>,
    baseRev: null,
    at,
    unitId,
  }
}

/** A personal record's create and its share with `unitId`: the two mutations the app sends for a record saved with 共享给…. */
export function sharedCreate(
  table: RecordTable,
  fields: FieldsOf[RecordTable],
  unitId: string,
  at: string,
): [Omit<Mutation, 'seq'>, Omit<Mutation, 'seq'>] {
  const recordId = uuidv7()
  return [
    {
      id: uuidv7(),
      table,
      recordId,
      op: 'create',
      changes: fields as unknown as Record<string, unknown>,
      baseRev: null,
      at,
    },
    { id: uuidv7(), table, recordId, op: 'share', changes: { sharedWith: [unitId] }, baseRev: null, at },
  ]
}

/**
 * Pushes `mutations` through `pusher` and returns every record they made, with the revision of its last change
 * (what an update's baseRev must be at least); throws unless every mutation was applied.
 */
export async function pushAll(pusher: Pusher, mutations: readonly Omit<Mutation, 'seq'>[]): Promise<LoadedRecord[]> {
  const results = await pushAllResults(pusher, mutations)
  const records = new Map<string, LoadedRecord>()
  mutations.forEach((m, i) => {
    const rev = results[i]!.rev!
    const known = records.get(m.recordId)
    if (known) known.rev = rev
    else if (isRecordTable(m.table)) records.set(m.recordId, { table: m.table, id: m.recordId, rev, fields: m.changes })
  })
  return [...records.values()]
}

async function pushAllResults(
  pusher: Pusher,
  mutations: readonly Omit<Mutation, 'seq'>[],
): Promise<{ status: string; rev: number | null }[]> {
  const results = await pusher.push(mutations)
  const refused = results.filter((r) => r.status !== 'applied')
  if (refused.length > 0)
    throw new Error(
      `${pusher.account.name}: ${refused.length} of ${mutations.length} mutations not applied (${[...new Set(refused.map((r) => r.status))].join(', ')})`,
    )
  return results
}

export interface UnitReader {
  /** The account that reads everything through its unit and owns nothing. */
  reader: BenchAccount
  unit: BenchUnit
  /** Records the reader may read: unit sessions, and the others' personal records shared with the unit. */
  records: number
  unitRecords: number
  sharedRecords: number
  /** Records of each type the reader reads. */
  perTable: Record<RecordTable, number>
}

/**
 * An account that reads `3 × perType` records through its unit: the generator's study sessions (the same fields as
 * the personal pull's, seed for seed) of a collective kind as the unit's sessions pushed by its secretary, the
 * others (讲党课, self-study…) as personal sessions of four members shared with the unit, and every note and visit as
 * personal records of those members shared with it. The reader is one more plain member, added before the records.
 */
export async function loadUnitReader(
  wire: Wire,
  adminToken: string,
  newAccount: NewAccount,
  perType: number,
  seed: number,
  endDate: string,
): Promise<UnitReader> {
  const api = new ApiClient({ fetch: wire.fetch, baseUrl: wire.baseUrl })
  // The secretary, four members who share, and the reader.
  const unit = await benchUnit(wire, adminToken, newAccount, 'pull', 6)
  const [secretary, ...rest] = unit.members
  const sharers = rest.slice(0, 4).map((account) => new Pusher(api, account))
  const reader = rest[4]!
  const at = new Date().toISOString()
  const unitMutations: Omit<Mutation, 'seq'>[] = []
  const byMember: Omit<Mutation, 'seq'>[][] = sharers.map(() => [])
  let unitRecords = 0
  let sharedRecords = 0
  let turn = 0
  for (const table of RECORD_TABLES) {
    for (const fields of fieldsFor(table, perType, seed, endDate)) {
      if (
        table === 'studySessions' &&
        COLLECTIVE_STUDY_KINDS.includes((fields as FieldsOf['studySessions']).kind as StudyKind)
      ) {
        unitMutations.push(unitCreate(unit.unitId, fields as FieldsOf['studySessions'], at))
        unitRecords++
      } else {
        byMember[turn++ % sharers.length]!.push(...sharedCreate(table, fields, unit.unitId, at))
        sharedRecords++
      }
    }
  }
  await pushAll(new Pusher(api, secretary!), unitMutations)
  await Promise.all(sharers.map((pusher, i) => pushAll(pusher, byMember[i]!)))
  const perTable = Object.fromEntries(RECORD_TABLES.map((table) => [table, perType])) as Record<RecordTable, number>
  return { reader, unit, records: unitRecords + sharedRecords, unitRecords, sharedRecords, perTable }
}

/**
 * Who may read and write what (docs/units.md, "The rules"), from the units, memberships and reviewers as they are in
 * the database: the one place the rules are written. Built from the three tables whole (a city has hundreds of units
 * and thousands of memberships: a few milliseconds) and kept per process until `counters.units` says they changed,
 * so a push pays one small read for it.
 *
 *   read  a personal record:  its owner, and for each unit it is shared with, that unit's members and the
 *                             reviewers of the units above it
 *   read  a unit's record:    the unit's members, and the reviewers of the units above it
 *   write a personal record:  its owner
 *   write a unit's record:    the unit's secretary, and members it lets record
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export type Role = 'member' | 'secretary'

/** Who owns a record, as far as access goes. */
export interface RecordOwner {
  /** The owning unit; null for a personal record. */
  unitId: string | null
  /** The account that made the record: the owner of a personal one. */
  authorId: string
  /** The units a personal record is shared with. */
  sharedWith: string[]
}

interface Membership {
  role: Role
  canRecord: boolean
}

export class AccessIndex {
  private readonly parentOf = new Map<string, string | null>()
  /** unit → account → membership */
  private readonly members = new Map<string, Map<string, Membership>>()
  /** unit → accounts reviewing it */
  private readonly reviewers = new Map<string, Set<string>>()
  /** account → units it is a member of */
  private readonly unitsOfAccount = new Map<string, Set<string>>()
  /** account → units it reviews */
  private readonly reviewedBy = new Map<string, Set<string>>()

  constructor(rows: {
    units: readonly { id: string; parent_id: string | null }[]
    memberships: readonly { unit_id: string; account_id: string; role: string; can_record: number }[]
    reviewers: readonly { unit_id: string; account_id: string }[]
  }) {
    for (const unit of rows.units) this.parentOf.set(unit.id, unit.parent_id)
    for (const m of rows.memberships) {
      setIn(this.members, m.unit_id, new Map<string, Membership>()).set(m.account_id, {
        role: m.role === 'secretary' ? 'secretary' : 'member',
        canRecord: m.can_record === 1,
      })
      setIn(this.unitsOfAccount, m.account_id, new Set<string>()).add(m.unit_id)
    }
    for (const r of rows.reviewers) {
      setIn(this.reviewers, r.unit_id, new Set<string>()).add(r.account_id)
      setIn(this.reviewedBy, r.account_id, new Set<string>()).add(r.unit_id)
    }
  }

  hasUnit(unitId: string): boolean {
    return this.parentOf.has(unitId)
  }

  /** The units above `unitId`, nearest first. */
  ancestorsOf(unitId: string): string[] {
    const chain: string[] = []
    const seen = new Set<string>([unitId])
    for (
      let parent = this.parentOf.get(unitId) ?? null;
      parent !== null && !seen.has(parent);
      parent = this.parentOf.get(parent) ?? null
    ) {
      chain.push(parent)
      seen.add(parent)
    }
    return chain
  }

  membershipOf(accountId: string, unitId: string): Membership | null {
    return this.members.get(unitId)?.get(accountId) ?? null
  }

  unitsOf(accountId: string): ReadonlySet<string> {
    return this.unitsOfAccount.get(accountId) ?? new Set()
  }

  /** Accounts that read what is visible in `unitId`: its members and the reviewers of every unit above it. */
  readersOfUnit(unitId: string): Set<string> {
    const readers = new Set(this.members.get(unitId)?.keys() ?? [])
    for (const above of this.ancestorsOf(unitId))
      for (const reviewer of this.reviewers.get(above) ?? []) readers.add(reviewer)
    return readers
  }

  readersOf(owner: RecordOwner): Set<string> {
    if (owner.unitId !== null) return this.readersOfUnit(owner.unitId)
    const readers = new Set([owner.authorId])
    for (const unit of owner.sharedWith) for (const reader of this.readersOfUnit(unit)) readers.add(reader)
    return readers
  }

  canRead(accountId: string, owner: RecordOwner): boolean {
    return this.readersOf(owner).has(accountId)
  }

  canWrite(accountId: string, owner: RecordOwner): boolean {
    if (owner.unitId === null) return accountId === owner.authorId
    return this.canRecordIn(accountId, owner.unitId)
  }

  canRecordIn(accountId: string, unitId: string): boolean {
    const membership = this.membershipOf(accountId, unitId)
    return membership !== null && (membership.role === 'secretary' || membership.canRecord)
  }

  /** Whether the account reviews a unit strictly above `unitId`: who may return or accept its packets (docs/review.md). */
  reviewsAbove(accountId: string, unitId: string): boolean {
    const reviewed = this.reviewedBy.get(accountId)
    return reviewed !== undefined && this.ancestorsOf(unitId).some((above) => reviewed.has(above))
  }

  /** The units whose records (and records shared with them) the account reads: its own, and all below those it reviews. */
  unitsReadBy(accountId: string): Set<string> {
    const units = new Set(this.unitsOf(accountId))
    const reviewed = this.reviewedBy.get(accountId) ?? new Set<string>()
    if (reviewed.size === 0) return units
    for (const unit of this.parentOf.keys())
      if (this.ancestorsOf(unit).some((above) => reviewed.has(above))) units.add(unit)
    return units
  }

  /** Accounts that are members or reviewers anywhere: whose views a change to the tree can touch. */
  accountsInUnits(): Set<string> {
    return new Set([...this.unitsOfAccount.keys(), ...this.reviewedBy.keys()])
  }
}

function setIn<K, V>(map: Map<K, V>, key: K, fresh: V): V {
  const found = map.get(key)
  if (found !== undefined) return found
  map.set(key, fresh)
  return fresh
}

const cache = new WeakMap<object, { version: number; index: AccessIndex }>()

/** The index as the database holds it now: rebuilt only when `counters.units` moved since it was built. */
export async function accessIndexOf(db: Kysely<Database>, cacheKey: object): Promise<AccessIndex> {
  const version = Number(
    (await db.selectFrom('counters').select('value').where('name', '=', 'units').executeTakeFirst())?.value ?? 0,
  )
  const cached = cache.get(cacheKey)
  if (cached && cached.version === version) return cached.index
  const [units, memberships, reviewers] = await Promise.all([
    db.selectFrom('units').select(['id', 'parent_id']).execute(),
    db.selectFrom('memberships').select(['unit_id', 'account_id', 'role', 'can_record']).execute(),
    db.selectFrom('unit_reviewers').select(['unit_id', 'account_id']).execute(),
  ])
  const index = new AccessIndex({ units, memberships, reviewers })
  cache.set(cacheKey, { version, index })
  return index
}

/** Every change to units, memberships or reviewers calls this in its transaction, so every process rebuilds its index. */
/** The organization's version (counters.units): moves with every change of units, memberships or reviewers. */
export async function unitsVersionOf(db: Kysely<Database>): Promise<number> {
  return Number(
    (await db.selectFrom('counters').select('value').where('name', '=', 'units').executeTakeFirst())?.value ?? 0,
  )
}

export async function unitsChanged(db: Kysely<Database>): Promise<void> {
  const updated = await db
    .updateTable('counters')
    .set((eb) => ({ value: eb('value', '+', 1) }))
    .where('name', '=', 'units')
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0)
    await db.insertInto('counters').values({ name: 'units', value: 1 }).execute()
}

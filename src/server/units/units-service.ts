/**
 * The organization as the administrator and secretaries change it (docs/units.md): units in a tree, memberships,
 * reviewers. Every change runs in one transaction with the views (views.ts): the accounts it touches get what they
 * may now read, and lose what they may not, before it commits. Used by the routes (routes/units.ts) and the CLI.
 */
import type { Kysely, Transaction } from 'kysely'
import { nameKeyOf, normalizeName } from '../../shared/accounts'
import { uuidv7 } from '../../shared/ids'
import type {
  MembershipRequest,
  MyUnits,
  NewUnitRequest,
  UnitChangeRequest,
  UnitInfo,
  UnitKind,
  UnitMember,
  UnitRole,
  UnitTree,
} from '../../shared/units'
import type { Database } from '../db/schema'
import { AccessIndex, unitsChanged } from './access-index'
import { ViewWriter } from './views'

/** Why a change was refused, in words for the person (Chinese) and for logs. */
export class UnitProblem extends Error {
  constructor(
    readonly kind: 'notFound' | 'invalid' | 'forbidden',
    readonly zh: string,
    readonly en: string,
    /** The request field it is about. */ readonly field?: string,
  ) {
    super(en)
    this.name = 'UnitProblem'
  }
}

/** Who asks: the administrator may change anything; a secretary the members of their own unit. */
export interface Actor {
  accountId: string
  isAdmin: boolean
}

export class UnitsService {
  constructor(private readonly db: Kysely<Database>) {}

  async tree(): Promise<UnitTree> {
    const units = await this.db.selectFrom('units').selectAll().orderBy('created_at').execute()
    const members = await this.db
      .selectFrom('memberships as m')
      .innerJoin('accounts as a', 'a.id', 'm.account_id')
      .select(['m.unit_id', 'm.account_id', 'm.role', 'm.can_record', 'a.display_name'])
      .orderBy('m.created_at')
      .execute()
    const reviewers = await this.db
      .selectFrom('unit_reviewers as r')
      .innerJoin('accounts as a', 'a.id', 'r.account_id')
      .select(['r.unit_id', 'r.account_id', 'a.display_name'])
      .execute()
    const counts = await this.db
      .selectFrom('records')
      .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('unit_id', 'is not', null)
      .groupBy('unit_id')
      .execute()
    return {
      units: units.map((unit) => ({
        ...infoOf(unit),
        members: members.filter((m) => m.unit_id === unit.id).map(memberOf),
        reviewers: reviewers
          .filter((r) => r.unit_id === unit.id)
          .map((r) => ({ accountId: r.account_id, displayName: r.display_name })),
        records: Number(counts.find((c) => c.unit_id === unit.id)?.n ?? 0),
      })),
    }
  }

  async create(input: NewUnitRequest): Promise<{ unit: UnitInfo; views: Map<string, number> }> {
    return this.change(async (trx) => {
      const parentId = input.parentId ?? null
      if (parentId !== null) await this.unitRow(trx, parentId)
      const now = new Date().toISOString()
      const row = {
        id: uuidv7(),
        kind: input.kind,
        name: input.name,
        parent_id: parentId,
        last_rev: 0,
        created_at: now,
        updated_at: now,
      }
      await trx.insertInto('units').values(row).execute()
      return { result: infoOf(row), affected: [] }
    }).then(({ result, views }) => ({ unit: result, views }))
  }

  /** Renames, changes the kind, or moves under another parent (never under itself or a unit below it). */
  async update(unitId: string, input: UnitChangeRequest): Promise<{ unit: UnitInfo; views: Map<string, number> }> {
    return this.change(async (trx, access) => {
      const row = await this.unitRow(trx, unitId)
      const isMove = input.parentId !== undefined && input.parentId !== row.parent_id
      if (isMove && input.parentId !== null) {
        await this.unitRow(trx, input.parentId!)
        if (input.parentId === unitId || access.ancestorsOf(input.parentId!).includes(unitId)) {
          throw new UnitProblem(
            'invalid',
            '不能把党组织移到它自己或它的下级组织之下',
            'A unit cannot move under itself or a unit below it',
          )
        }
      }
      const next = {
        name: input.name ?? row.name,
        kind: input.kind ?? row.kind,
        parent_id: input.parentId === undefined ? row.parent_id : input.parentId,
        updated_at: new Date().toISOString(),
      }
      await trx.updateTable('units').set(next).where('id', '=', unitId).execute()
      // A move changes what the reviewers above read: every account in a unit is looked at again.
      return { result: infoOf({ ...row, ...next }), affected: isMove ? 'everyone' : [] }
    }).then(({ result, views }) => ({ unit: result, views }))
  }

  /** Only an empty unit goes: no units below it, no members, no records. */
  async remove(unitId: string): Promise<void> {
    await this.change(async (trx) => {
      await this.unitRow(trx, unitId)
      const child = await trx
        .selectFrom('units')
        .select('id')
        .where('parent_id', '=', unitId)
        .limit(1)
        .executeTakeFirst()
      const member = await trx
        .selectFrom('memberships')
        .select('account_id')
        .where('unit_id', '=', unitId)
        .limit(1)
        .executeTakeFirst()
      const record = await trx
        .selectFrom('records')
        .select('id')
        .where('scope', '=', unitId)
        .limit(1)
        .executeTakeFirst()
      if (child || member || record)
        throw new UnitProblem(
          'invalid',
          '只能删除没有下级组织、没有成员、没有记录的党组织',
          'Only a unit with no units below it, no members and no records can be removed',
        )
      await trx.deleteFrom('unit_reviewers').where('unit_id', '=', unitId).execute()
      await trx.deleteFrom('units').where('id', '=', unitId).execute()
      return { result: undefined, affected: [] }
    })
  }

  /** Adds the account to the unit, or changes its role. A secretary may add members and let them record, nothing more. */
  async setMember(
    actor: Actor,
    unitId: string,
    accountId: string,
    input: MembershipRequest,
  ): Promise<{ member: UnitMember; views: Map<string, number> }> {
    return this.change(async (trx, access) => {
      await this.unitRow(trx, unitId)
      const account = await trx
        .selectFrom('accounts')
        .select(['id', 'display_name'])
        .where('id', '=', accountId)
        .executeTakeFirst()
      if (!account) throw new UnitProblem('notFound', '没有这个账号', 'No such account')
      return {
        result: await putMember(trx, access, actor, unitId, { accountId, displayName: account.display_name }, input),
        affected: [accountId],
      }
    }).then(({ result, views }) => ({ member: result, views }))
  }

  /**
   * A secretary's 添加成员: the account named by its user name (as sign-in matches it) joins as a plain member. One
   * already in the unit stays as it is (`isNew` false). A name that is no account, or a disabled one, is refused.
   */
  async addMemberByName(
    actor: Actor,
    unitId: string,
    name: string,
  ): Promise<{ member: UnitMember; isNew: boolean; views: Map<string, number> }> {
    return this.change(async (trx, access) => {
      await this.unitRow(trx, unitId)
      if (!actor.isAdmin && access.membershipOf(actor.accountId, unitId)?.role !== 'secretary') throw notSecretary()
      const account = await trx
        .selectFrom('accounts')
        .select(['id', 'name', 'display_name', 'disabled_at'])
        .where('name_key', '=', nameKeyOf(name))
        .executeTakeFirst()
      const shown = normalizeName(name)
      if (!account)
        throw new UnitProblem(
          'notFound',
          `没有用户名为“${shown}”的账号，请核对后再试（用户名是登录时填写的名字，不是姓名）`,
          `No account has the user name “${shown}”`,
          'name',
        )
      if (account.disabled_at !== null)
        throw new UnitProblem(
          'invalid',
          `账号“${account.name}”已停用，不能加入。请联系管理员`,
          `The account “${account.name}” is disabled`,
          'name',
        )
      const existing = access.membershipOf(account.id, unitId)
      if (existing)
        return {
          result: { member: { accountId: account.id, displayName: account.display_name, ...existing }, isNew: false },
          affected: [],
        }
      const member = await putMember(
        trx,
        access,
        actor,
        unitId,
        { accountId: account.id, displayName: account.display_name },
        {},
      )
      return { result: { member, isNew: true }, affected: [account.id] }
    }).then(({ result, views }) => ({ ...result, views }))
  }

  async removeMember(actor: Actor, unitId: string, accountId: string): Promise<{ views: Map<string, number> }> {
    return this.change(async (trx, access) => {
      await this.unitRow(trx, unitId)
      const existing = access.membershipOf(accountId, unitId)
      if (!existing) throw new UnitProblem('notFound', '这个账号不是该党组织的成员', 'Not a member of this unit')
      if (!actor.isAdmin) {
        if (access.membershipOf(actor.accountId, unitId)?.role !== 'secretary') throw notSecretary()
        if (existing.role === 'secretary')
          throw new UnitProblem('forbidden', '书记由管理员任命和免去', 'Only the administrator removes a secretary')
      }
      await trx.deleteFrom('memberships').where('unit_id', '=', unitId).where('account_id', '=', accountId).execute()
      return { result: undefined, affected: [accountId] }
    }).then(({ views }) => ({ views }))
  }

  async setReviewer(unitId: string, accountId: string, isReviewer: boolean): Promise<{ views: Map<string, number> }> {
    return this.change(async (trx) => {
      await this.unitRow(trx, unitId)
      if (!(await trx.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst()))
        throw new UnitProblem('notFound', '没有这个账号', 'No such account')
      if (isReviewer) {
        await trx
          .insertInto('unit_reviewers')
          .values({ unit_id: unitId, account_id: accountId, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['unit_id', 'account_id']).doNothing())
          .execute()
      } else {
        await trx
          .deleteFrom('unit_reviewers')
          .where('unit_id', '=', unitId)
          .where('account_id', '=', accountId)
          .execute()
      }
      return { result: undefined, affected: [accountId] }
    }).then(({ views }) => ({ views }))
  }

  /** What the account knows of the organization: its units (and their ancestors, for names), rosters, reviews. */
  async mine(accountId: string): Promise<MyUnits> {
    const access = await loadAccess(this.db)
    const memberships = await this.db
      .selectFrom('memberships')
      .select(['unit_id', 'role', 'can_record'])
      .where('account_id', '=', accountId)
      .execute()
    const reviews = (
      await this.db.selectFrom('unit_reviewers').select('unit_id').where('account_id', '=', accountId).execute()
    ).map((r) => r.unit_id)
    const read = access.unitsReadBy(accountId)
    const named = new Set<string>([...read, ...reviews])
    for (const unit of [...named]) for (const above of access.ancestorsOf(unit)) named.add(above)
    const units =
      named.size === 0
        ? []
        : await this.db
            .selectFrom('units')
            .selectAll()
            .where('id', 'in', [...named])
            .orderBy('created_at')
            .execute()
    const own = memberships.map((m) => m.unit_id)
    const roster =
      own.length === 0
        ? []
        : await this.db
            .selectFrom('memberships as m')
            .innerJoin('accounts as a', 'a.id', 'm.account_id')
            .select(['m.unit_id', 'm.account_id', 'm.role', 'm.can_record', 'a.display_name'])
            .where('m.unit_id', 'in', own)
            .orderBy('m.created_at')
            .execute()
    const rosters: Record<string, UnitMember[]> = {}
    for (const unitId of own) rosters[unitId] = roster.filter((m) => m.unit_id === unitId).map(memberOf)
    return {
      units: units.map(infoOf),
      memberships: memberships.map((m) => ({ unitId: m.unit_id, role: roleOf(m.role), canRecord: m.can_record === 1 })),
      reviews,
      rosters,
    }
  }

  /**
   * One change of the organization: the work, then the views of the accounts it affects brought to what the rules
   * say now, in the same transaction; the positions handed out are returned, to wake those accounts' devices.
   */
  private async change<T>(
    work: (
      trx: Transaction<Database>,
      access: AccessIndex,
    ) => Promise<{ result: T; affected: readonly string[] | 'everyone' }>,
  ): Promise<{ result: T; views: Map<string, number> }> {
    return this.db.transaction().execute(async (trx) => {
      const views = await ViewWriter.open(trx)
      const before = await loadAccess(trx)
      const { result, affected } = await work(trx, before)
      await unitsChanged(trx)
      const after = await loadAccess(trx)
      const accounts =
        affected === 'everyone' ? new Set([...before.accountsInUnits(), ...after.accountsInUnits()]) : new Set(affected)
      for (const accountId of accounts) await views.refresh(accountId, after)
      await views.close()
      return { result, views: views.touched }
    })
  }

  private async unitRow(trx: Transaction<Database>, unitId: string) {
    const row = await trx.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirst()
    if (!row) throw new UnitProblem('notFound', '没有这个党组织', 'No such unit')
    return row
  }
}

/** The rules as the database holds them inside this transaction (not the cached index: it may be about to change). */
async function loadAccess(db: Kysely<Database>): Promise<AccessIndex> {
  return new AccessIndex({
    units: await db.selectFrom('units').select(['id', 'parent_id']).execute(),
    memberships: await db.selectFrom('memberships').select(['unit_id', 'account_id', 'role', 'can_record']).execute(),
    reviewers: await db.selectFrom('unit_reviewers').select(['unit_id', 'account_id']).execute(),
  })
}

/** Writes a membership as the actor may: a secretary adds members and lets them record; roles are the administrator's. */
async function putMember(
  trx: Transaction<Database>,
  access: AccessIndex,
  actor: Actor,
  unitId: string,
  account: { accountId: string; displayName: string },
  input: MembershipRequest,
): Promise<UnitMember> {
  const existing = access.membershipOf(account.accountId, unitId)
  const role: UnitRole = input.role ?? existing?.role ?? 'member'
  if (!actor.isAdmin) {
    if (access.membershipOf(actor.accountId, unitId)?.role !== 'secretary') throw notSecretary()
    if (role === 'secretary' || existing?.role === 'secretary')
      throw new UnitProblem(
        'forbidden',
        '书记由管理员任命，书记只能管理本组织的成员',
        'Only the administrator names secretaries',
      )
  }
  const canRecord = input.canRecord ?? existing?.canRecord ?? false
  const row = {
    unit_id: unitId,
    account_id: account.accountId,
    role,
    can_record: canRecord ? 1 : 0,
    created_at: new Date().toISOString(),
  }
  await trx
    .insertInto('memberships')
    .values(row)
    .onConflict((oc) => oc.columns(['unit_id', 'account_id']).doUpdateSet({ role, can_record: row.can_record }))
    .execute()
  return { accountId: account.accountId, displayName: account.displayName, role, canRecord }
}

export function notSecretary(): UnitProblem {
  return new UnitProblem(
    'forbidden',
    '只有该党组织的书记或管理员可以管理它的成员',
    'Only the unit’s secretary or an administrator manages its members',
  )
}

function infoOf(row: { id: string; kind: string; name: string; parent_id: string | null }): UnitInfo {
  return { id: row.id, kind: row.kind as UnitKind, name: row.name, parentId: row.parent_id }
}

function roleOf(role: string): UnitRole {
  return role === 'secretary' ? 'secretary' : 'member'
}

function memberOf(row: { account_id: string; display_name: string; role: string; can_record: number }): UnitMember {
  return {
    accountId: row.account_id,
    displayName: row.display_name,
    role: roleOf(row.role),
    canRecord: row.can_record === 1,
  }
}

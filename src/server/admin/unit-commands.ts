/**
 * The administrator's unit commands (docs/units.md): the same changes 组织管理 makes, straight on the database, through
 * the same service (units/units-service.ts), so views and rules stay one thing. A unit is named by its id or, when
 * that is unambiguous, by its name; an account by its user name.
 */
import { UNIT_KINDS, UNIT_KIND_LABELS, UNIT_ROLE_LABELS, type UnitKind, type UnitRole } from '../../shared/units'
import { Accounts } from '../auth/accounts'
import type { Storage } from '../db/open'
import { UnitProblem, UnitsService, type Actor } from '../units/units-service'
import { formatTable, say, type TextOutput } from './terminal'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

export interface UnitCommandContext {
  args: readonly string[]
  values: Record<string, string | boolean | undefined>
  storage: () => Promise<Storage>
  stdout: TextOutput
  stderr: TextOutput
}

export interface UnitCommand {
  /** The positional arguments, by what they are (for the usage message). */
  args: readonly { zh: string; en: string }[]
  options: Record<string, { type: 'string' | 'boolean' }>
  run: (context: UnitCommandContext) => Promise<number>
}

export const UNIT_USAGE = `  unit:list
      列出党组织（树形）及其书记、成员、审核人。 List the units (as a tree) with secretaries, members and reviewers.
  unit:add <名称> --kind <种类> [--parent <上级组织>]
      新建党组织。种类 Kinds: ${UNIT_KINDS.map((kind) => `${kind}（${UNIT_KIND_LABELS[kind].zh}）`).join('、')}。
      Add a unit; without --parent it is at the top.
  unit:rename <组织> <新名称>    重命名 Rename.
  unit:move <组织> (--parent <上级组织> | --top)    移到另一上级之下 Move under another unit, or to the top.
  unit:remove <组织>    删除没有下级、成员和记录的党组织 Remove a unit with no units below it, members or records.
  unit:member <组织> <用户名> [--role member|secretary] [--can-record | --no-record]
      加入党组织，或改变其角色；书记可记录本组织的学习，--can-record 让成员也可以。
      Add an account to a unit or change its role; --can-record lets a member record the unit's sessions.
  unit:remove-member <组织> <用户名>    移出党组织 Remove from the unit.
  unit:reviewer <组织> <用户名> [--remove]
      设为审核人（可查看下级组织的记录），或取消。 Make (or with --remove, stop making) the account a reviewer of the unit.
  组织可写名称（唯一时）或编号（unit:list 中显示）。 A unit is named by its name when unique, else by its id (see unit:list).
`

const ADMIN: Actor = { accountId: '', isAdmin: true }

export const UNIT_COMMANDS: Record<string, UnitCommand> = {
  'unit:list': { args: [], options: {}, run: listUnits },
  'unit:add': {
    args: [{ zh: '名称', en: 'name' }],
    options: { kind: { type: 'string' }, parent: { type: 'string' } },
    run: addUnit,
  },
  'unit:rename': {
    args: [
      { zh: '组织', en: 'unit' },
      { zh: '新名称', en: 'new name' },
    ],
    options: {},
    run: (c) =>
      change(c, async (units, unitId) => units.update(unitId, { name: c.args[1]! }), '已重命名。', 'Renamed.'),
  },
  'unit:move': {
    args: [{ zh: '组织', en: 'unit' }],
    options: { parent: { type: 'string' }, top: { type: 'boolean' } },
    run: moveUnit,
  },
  'unit:remove': {
    args: [{ zh: '组织', en: 'unit' }],
    options: {},
    run: (c) => change(c, async (units, unitId) => units.remove(unitId), '已删除。', 'Removed.'),
  },
  'unit:member': {
    args: [
      { zh: '组织', en: 'unit' },
      { zh: '用户名', en: 'user name' },
    ],
    options: { role: { type: 'string' }, 'can-record': { type: 'boolean' }, 'no-record': { type: 'boolean' } },
    run: setMember,
  },
  'unit:remove-member': {
    args: [
      { zh: '组织', en: 'unit' },
      { zh: '用户名', en: 'user name' },
    ],
    options: {},
    run: (c) =>
      withAccount(
        c,
        (units, unitId, accountId) => units.removeMember(ADMIN, unitId, accountId),
        '已移出党组织。',
        'Removed from the unit.',
      ),
  },
  'unit:reviewer': {
    args: [
      { zh: '组织', en: 'unit' },
      { zh: '用户名', en: 'user name' },
    ],
    options: { remove: { type: 'boolean' } },
    run: (c) =>
      withAccount(
        c,
        (units, unitId, accountId) => units.setReviewer(unitId, accountId, c.values.remove !== true),
        c.values.remove === true ? '已取消审核人。' : '已设为审核人。',
        c.values.remove === true ? 'No longer a reviewer.' : 'Made a reviewer.',
      ),
  },
}

async function listUnits({ storage, stdout }: UnitCommandContext): Promise<number> {
  const { units } = await new UnitsService((await storage()).db).tree()
  if (units.length === 0) {
    say(stdout, '还没有党组织。用 unit:add 添加。', 'No units yet. Add one with unit:add.')
    return EXIT_OK
  }
  const depthOf = (id: string | null, seen = 0): number =>
    id === null || seen > 50 ? 0 : 1 + depthOf(units.find((u) => u.id === id)?.parentId ?? null, seen + 1)
  const ordered: typeof units = []
  const visit = (parentId: string | null) => {
    for (const unit of units.filter((u) => u.parentId === parentId)) {
      ordered.push(unit)
      visit(unit.id)
    }
  }
  visit(null)
  const names = (people: readonly { displayName: string }[]) => people.map((p) => p.displayName).join('、') || '—'
  stdout.write(
    formatTable([
      ['党组织 Unit', '种类 Kind', '书记 Secretary', '成员 Members', '审核人 Reviewers', '记录 Records', '编号 Id'],
      ...ordered.map((unit) => [
        `${'  '.repeat(depthOf(unit.parentId))}${unit.name}`,
        UNIT_KIND_LABELS[unit.kind].zh,
        names(unit.members.filter((m) => m.role === 'secretary')),
        names(unit.members.filter((m) => m.role === 'member')),
        names(unit.reviewers),
        String(unit.records),
        unit.id,
      ]),
    ]),
  )
  return EXIT_OK
}

async function addUnit(context: UnitCommandContext): Promise<number> {
  const kind = context.values.kind
  if (typeof kind !== 'string' || !(UNIT_KINDS as readonly string[]).includes(kind))
    return usage(
      context,
      'unit:add',
      `请用 --kind 指定种类：${UNIT_KINDS.join('、')}`,
      `Give --kind, one of ${UNIT_KINDS.join(', ')}`,
    )
  return run(context, async (units) => {
    const parentId = typeof context.values.parent === 'string' ? await unitIdOf(context, context.values.parent) : null
    const { unit } = await units.create({ name: context.args[0]!, kind: kind as UnitKind, parentId })
    say(context.stdout, `已新建「${unit.name}」（${unit.id}）。`, `Added "${unit.name}" (${unit.id}).`)
  })
}

async function moveUnit(context: UnitCommandContext): Promise<number> {
  const { parent, top } = context.values
  if ((typeof parent === 'string') === (top === true))
    return usage(
      context,
      'unit:move',
      '请给出 --parent <上级组织> 或 --top 之一',
      'Give one of --parent <unit> or --top',
    )
  return change(
    context,
    async (units, unitId) =>
      units.update(unitId, { parentId: typeof parent === 'string' ? await unitIdOf(context, parent) : null }),
    '已移动。各相关账号下次同步时看到的记录随之调整。',
    'Moved; the accounts it concerns see the change at their next sync.',
  )
}

async function setMember(context: UnitCommandContext): Promise<number> {
  const role = context.values.role
  if (role !== undefined && role !== 'member' && role !== 'secretary')
    return usage(context, 'unit:member', '--role 只能是 member 或 secretary', '--role is member or secretary')
  if (context.values['can-record'] === true && context.values['no-record'] === true)
    return usage(
      context,
      'unit:member',
      '--can-record 和 --no-record 只能给一个',
      'Give --can-record or --no-record, not both',
    )
  const canRecord =
    context.values['can-record'] === true ? true : context.values['no-record'] === true ? false : undefined
  return withAccount(context, async (units, unitId, accountId) => {
    const { member } = await units.setMember(ADMIN, unitId, accountId, {
      ...(role ? { role: role as UnitRole } : {}),
      ...(canRecord === undefined ? {} : { canRecord }),
    })
    say(
      context.stdout,
      `「${member.displayName}」现为${UNIT_ROLE_LABELS[member.role].zh}${member.role === 'member' && member.canRecord ? '（可记录）' : ''}。`,
      `"${member.displayName}" is now ${UNIT_ROLE_LABELS[member.role].en.toLowerCase()}${member.role === 'member' && member.canRecord ? ' (may record)' : ''}.`,
    )
  })
}

/** Runs a change of one unit, named by the first argument, and says so. */
function change(
  context: UnitCommandContext,
  work: (units: UnitsService, unitId: string) => Promise<unknown>,
  zh: string,
  en: string,
): Promise<number> {
  return run(context, async (units) => {
    await work(units, await unitIdOf(context, context.args[0]!))
    say(context.stdout, zh, en)
  })
}

/** A change naming a unit and an account: the account found by its user name. */
function withAccount(
  context: UnitCommandContext,
  work: (units: UnitsService, unitId: string, accountId: string) => Promise<unknown>,
  zh = '',
  en = '',
): Promise<number> {
  return run(context, async (units) => {
    const unitId = await unitIdOf(context, context.args[0]!)
    const account = await new Accounts((await context.storage()).db).byName(context.args[1]!)
    if (!account)
      throw new UnitProblem(
        'notFound',
        `没有名为「${context.args[1]}」的账号。用 user:list 查看所有账号。`,
        `There is no account named "${context.args[1]}". See user:list.`,
      )
    await work(units, unitId, account.id)
    if (zh) say(context.stdout, zh, en)
  })
}

async function run(context: UnitCommandContext, work: (units: UnitsService) => Promise<void>): Promise<number> {
  try {
    await work(new UnitsService((await context.storage()).db))
    return EXIT_OK
  } catch (error) {
    if (!(error instanceof UnitProblem)) throw error
    say(context.stderr, error.zh, error.en)
    return EXIT_FAILED
  }
}

/** A unit by id, or by a name only one unit has. */
async function unitIdOf(context: UnitCommandContext, given: string): Promise<string> {
  const { db } = await context.storage()
  const byId = await db.selectFrom('units').select('id').where('id', '=', given).executeTakeFirst()
  if (byId) return byId.id
  const byName = await db.selectFrom('units').select('id').where('name', '=', given.trim()).execute()
  if (byName.length === 1) return byName[0]!.id
  if (byName.length === 0)
    throw new UnitProblem(
      'notFound',
      `没有名为「${given}」的党组织。用 unit:list 查看。`,
      `There is no unit named "${given}". See unit:list.`,
    )
  throw new UnitProblem(
    'invalid',
    `有 ${byName.length} 个党组织叫「${given}」，请改用编号：${byName.map((u) => u.id).join('、')}`,
    `${byName.length} units are named "${given}": use an id (${byName.map((u) => u.id).join(', ')})`,
  )
}

function usage(context: UnitCommandContext, command: string, zh: string, en: string): number {
  say(
    context.stderr,
    `${command}：${zh}。运行 npm run admin -- help 查看用法。`,
    `${command}: ${en}. Run npm run admin -- help for usage.`,
  )
  return EXIT_USAGE
}

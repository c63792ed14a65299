/**
 * The administrator's commands (`npm run admin -- <command>`): accounts and tombstone purging, straight on the
 * database, for a server with no administrator yet or a person with shell access. Every message is Chinese
 * first, with an English line after. Exit codes: 0 done, 1 refused or failed, 2 wrong usage, 130 cancelled.
 */
import { parseArgs } from 'node:util'
import { checkAccountName, checkDisplayName, normalizeName, type PasswordOwner } from '../../shared/accounts'
import type { Locale } from '../../shared/localized'
import { Accounts, NameTakenError, type AccountRow } from '../auth/accounts'
import { newAccountProblems, passwordProblem } from '../auth/password-policy'
import { FileBlobStore } from '../blobs/file-blob-store'
import { collectUnreferencedBlobs } from '../blobs/collect-blobs'
import { readConfig } from '../config'
import type { Storage } from '../db/open'
import { purgeTombstones } from '../sync/purge'
import { renewTimeline } from '../sync/timeline'
import { CancelledError, formatTable, InputReader, say, type AdminInput, type TextOutput } from './terminal'
import { UNIT_COMMANDS, UNIT_USAGE } from './unit-commands'

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
export const EXIT_CANCELLED = 130

export interface AdminIo {
  stdin: AdminInput
  stdout: TextOutput
  stderr: TextOutput
}

export interface AdminOptions {
  /** The clock the purge measures "older than" against. @default () => new Date() */
  now?: () => Date
  /** Where photos live. @default BLOB_DIR or DATA_DIR/blobs, as the server finds them */
  blobDir?: string
}

/** The storage itself, or how to open it: help and usage errors then never touch the database. */
export type StorageSource = Storage | (() => Promise<Storage>)

export const USAGE = `学思践 管理命令 / 学思践 admin commands

用法 Usage: npm run admin -- <命令 command> [选项 options]

  user:add <用户名> [--admin] [--display-name 姓名] [--password-stdin]
      添加账号。密码在终端输入两次（不显示）；加 --password-stdin 则从标准输入读一行（供脚本使用）。
      服务器上的第一个账号总是管理员。
      Add an account. The password is typed twice, hidden; --password-stdin reads one line from stdin.
  user:list
      列出所有账号。 List the accounts.
  user:password <用户名> [--password-stdin]
      重设密码，并让该账号在所有设备上退出登录。
      Reset the password and sign the account out on every device.
  user:disable <用户名>
      停用账号，并让它在所有设备上退出登录。 Disable the account and sign it out everywhere.
  user:enable <用户名>
      重新启用账号。 Enable the account again.
  tombstones:purge --older-than-days <天数>
      清除删除时间早于这些天的记录墓碑。之前未同步到这些删除的设备，下次同步时会完整重新同步。
      Remove tombstones older than N days; devices that missed those deletions resync in full.
  sync:new-timeline
      从备份恢复数据库之后运行：各设备下次同步时与服务器完整核对一次，并重新上传备份中缺少的记录。
      Run after restoring a backup: every device resyncs once and sends what the backup lacks.
  blobs:collect [--older-than-days <天数>]
      删除没有任何记录（包括已删除的记录和冲突中保留的值）引用、且上传已超过这些天（默认 90）的照片，并显示释放的空间。
      Remove photos no record refers to (deleted records and conflicts included) once older than N days (default 90).
${UNIT_USAGE}  help
      显示本说明。 Show this text.

数据库位置取自环境变量 DATA_DIR（默认 ./data）和 DATABASE_URL，与服务器相同。
The database is found as the server finds it: DATA_DIR (default ./data) and DATABASE_URL.
`

const HELP_WORDS = new Set(['help', '--help', '-h'])

type Values = Record<string, string | boolean | undefined>

interface Command {
  /** Whether the command takes an account name after it. */
  takesName: boolean
  options: Record<string, { type: 'string' | 'boolean' }>
  run: (context: CommandContext) => Promise<number>
}

interface CommandContext {
  /** The account name given, '' for a command without one. */
  name: string
  values: Values
  storage: () => Promise<Storage>
  io: AdminIo
  input: InputReader
  now: () => Date
  /** The photo folder, found only by the commands that need it. */
  blobDir: () => string
}

const COMMANDS: Record<string, Command> = {
  'user:add': {
    takesName: true,
    options: { admin: { type: 'boolean' }, 'display-name': { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    run: addUser,
  },
  'user:list': { takesName: false, options: {}, run: listUsers },
  'user:password': { takesName: true, options: { 'password-stdin': { type: 'boolean' } }, run: resetPassword },
  'user:disable': { takesName: true, options: {}, run: (context) => setDisabled(context, true) },
  'user:enable': { takesName: true, options: {}, run: (context) => setDisabled(context, false) },
  'tombstones:purge': { takesName: false, options: { 'older-than-days': { type: 'string' } }, run: purge },
  'sync:new-timeline': { takesName: false, options: {}, run: newTimeline },
  'blobs:collect': { takesName: false, options: { 'older-than-days': { type: 'string' } }, run: collectBlobs },
}

export async function runAdminCommand(
  argv: readonly string[],
  storage: StorageSource,
  io: AdminIo,
  options: AdminOptions = {},
): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || HELP_WORDS.has(name)) {
    io.stdout.write(USAGE)
    return EXIT_OK
  }
  if (Object.hasOwn(UNIT_COMMANDS, name)) return runUnitCommand(name, rest, storage, io)
  // Own keys only: `toString` is not a command.
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    say(io.stderr, `未知命令：${name}`, `Unknown command: ${name}`)
    io.stderr.write(`\n${USAGE}`)
    return EXIT_USAGE
  }
  let parsed: { values: Values; positionals: string[] }
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    return usageError(
      io,
      name,
      describeParseError(error),
      error instanceof Error ? error.message.replace(/\.$/, '') : String(error),
    )
  }
  if (parsed.values.help) {
    io.stdout.write(USAGE)
    return EXIT_OK
  }
  const wanted = command.takesName ? 1 : 0
  if (parsed.positionals.length < wanted) return usageError(io, name, '缺少用户名', 'Missing the user name')
  if (parsed.positionals.length > wanted)
    return usageError(
      io,
      name,
      `多余的参数：${parsed.positionals.slice(wanted).join(' ')}`,
      `Unexpected arguments: ${parsed.positionals.slice(wanted).join(' ')}`,
    )

  const open = typeof storage === 'function' ? storage : () => Promise.resolve(storage)
  try {
    return await command.run({
      name: parsed.positionals[0] ?? '',
      values: parsed.values,
      storage: open,
      io,
      input: new InputReader(io.stdin),
      now: options.now ?? (() => new Date()),
      blobDir: () => options.blobDir ?? readConfig().blobDir,
    })
  } catch (error) {
    if (error instanceof CancelledError) {
      say(io.stderr, '已取消，没有做任何修改。', 'Cancelled; nothing was changed.')
      return EXIT_CANCELLED
    }
    throw error
  }
}

async function addUser({ name, values, storage, io, input }: CommandContext): Promise<number> {
  const displayName = typeof values['display-name'] === 'string' ? values['display-name'] : undefined
  // The name first: nobody should type a password twice for a name that cannot be used.
  const nameProblem = await inBoth((locale) => checkAccountName(name, locale) ?? checkDisplayName(displayName, locale))
  if (nameProblem) return refuse(io, [nameProblem.zh], [nameProblem.en])
  const accounts = new Accounts((await storage()).db)
  if (await accounts.byName(name)) return nameTaken(io, name)

  const password = await newPassword(io, input, values['password-stdin'] === true, { name, displayName })
  if (password === null) return EXIT_FAILED
  const errors = await newAccountProblems({ name, password, displayName })
  if (errors.length > 0)
    return refuse(
      io,
      errors.map((e) => e.message),
      (await newAccountProblems({ name, password, displayName }, 'en-US')).map((e) => e.message),
    )

  const isFirst = (await accounts.count()) === 0
  const isAdmin = values.admin === true || isFirst
  let account: AccountRow | undefined
  try {
    account = await accounts.create({ name, password, displayName, isAdmin })
  } catch (error) {
    // Someone else took the name between the check above and now.
    if (error instanceof NameTakenError) return nameTaken(io, name)
    throw error
  }
  if (!account) throw new Error('the account was not created')
  const role = isAdmin ? '管理员' : '普通用户'
  say(
    io.stdout,
    `已添加账号「${account.name}」（姓名：${account.display_name}，${role}）。`,
    `Added the account "${account.name}" (${account.display_name}, ${isAdmin ? 'administrator' : 'user'}).`,
  )
  if (isFirst && values.admin !== true)
    say(
      io.stdout,
      '这是服务器上的第一个账号，已设为管理员。',
      'It is the first account on this server, so it is an administrator.',
    )
  return EXIT_OK
}

async function listUsers({ storage, io }: CommandContext): Promise<number> {
  const rows = await new Accounts((await storage()).db).list()
  if (rows.length === 0) {
    say(
      io.stdout,
      '还没有账号。用 user:add 添加第一个（它将是管理员）。',
      'No accounts yet. Add the first (an administrator) with user:add.',
    )
    return EXIT_OK
  }
  const yesNo = (flag: boolean) => (flag ? '是 yes' : '否 no')
  io.stdout.write(
    formatTable([
      ['用户名 Name', '姓名 Display name', '管理员 Admin', '已停用 Disabled', '创建时间 Created (UTC)'],
      ...rows.map((row) => [
        row.name,
        row.display_name,
        yesNo(row.is_admin === 1),
        yesNo(row.disabled_at !== null),
        row.created_at.slice(0, 16).replace('T', ' '),
      ]),
    ]),
  )
  say(io.stdout, `共 ${rows.length} 个账号。`, `${rows.length} account${rows.length === 1 ? '' : 's'}.`)
  return EXIT_OK
}

async function resetPassword({ name, values, storage, io, input }: CommandContext): Promise<number> {
  const accounts = new Accounts((await storage()).db)
  const account = await accounts.byName(name)
  if (!account) return noSuchAccount(io, name)
  const owner = { name: account.name, displayName: account.display_name }
  const password = await newPassword(io, input, values['password-stdin'] === true, owner)
  if (password === null) return EXIT_FAILED
  const problem = await inBoth((locale) => passwordProblem(password, owner, locale))
  if (problem) return refuse(io, [problem.zh], [problem.en])
  await accounts.setPassword(account.id, password)
  await accounts.revokeAll(account.id)
  say(
    io.stdout,
    `已重设「${account.name}」的密码，该账号已在所有设备上退出登录，需用新密码重新登录。`,
    `The password of "${account.name}" is reset; it is signed out on every device and must sign in with the new password.`,
  )
  return EXIT_OK
}

async function setDisabled({ name, storage, io }: CommandContext, isDisabled: boolean): Promise<number> {
  const accounts = new Accounts((await storage()).db)
  const account = await accounts.byName(name)
  if (!account) return noSuchAccount(io, name)
  if ((account.disabled_at !== null) === isDisabled) {
    if (isDisabled)
      say(io.stdout, `账号「${account.name}」已经是停用状态。`, `The account "${account.name}" is already disabled.`)
    else say(io.stdout, `账号「${account.name}」已经是启用状态。`, `The account "${account.name}" is already enabled.`)
    return EXIT_OK
  }
  await accounts.setDisabled(account.id, isDisabled)
  if (!isDisabled) {
    say(
      io.stdout,
      `已启用账号「${account.name}」，可以重新登录。`,
      `Enabled the account "${account.name}"; it can sign in again.`,
    )
    return EXIT_OK
  }
  say(
    io.stdout,
    `已停用账号「${account.name}」，它已在所有设备上退出登录。`,
    `Disabled the account "${account.name}"; it is signed out on every device.`,
  )
  const enabledAdmins = (await accounts.list()).filter((row) => row.is_admin === 1 && row.disabled_at === null)
  if (account.is_admin === 1 && enabledAdmins.length === 0) {
    say(
      io.stdout,
      '注意：现在没有可用的管理员账号了。可用 user:enable 恢复，或用 user:add --admin 添加。',
      'Note: no administrator account is enabled now. Use user:enable, or user:add --admin.',
    )
  }
  return EXIT_OK
}

async function purge({ values, storage, io, now }: CommandContext): Promise<number> {
  const days = values['older-than-days']
  if (days === undefined)
    return usageError(
      io,
      'tombstones:purge',
      '请用 --older-than-days 指定天数',
      'Give the age with --older-than-days N',
    )
  if (typeof days !== 'string' || !/^\d{1,6}$/.test(days))
    return usageError(
      io,
      'tombstones:purge',
      `天数须为非负整数（收到 "${String(days)}"）`,
      `N must be a whole number of days (got "${String(days)}")`,
    )
  const olderThan = new Date(now().getTime() - Number(days) * 86_400_000)
  const { purged } = await purgeTombstones((await storage()).db, olderThan)
  say(
    io.stdout,
    `已清除 ${purged} 条删除超过 ${days} 天的记录墓碑。`,
    `Removed ${purged} tombstone${purged === 1 ? '' : 's'} older than ${days} days.`,
  )
  return EXIT_OK
}

/** After restoring a backup of the database: every device checks its records against the server once. */
async function newTimeline({ storage, io }: CommandContext): Promise<number> {
  const timeline = await renewTimeline((await storage()).db)
  say(
    io.stdout,
    `已更新同步时间线（${timeline}）。各设备下次同步时会与服务器完整核对一次，并重新上传备份中缺少的记录。`,
    `New sync timeline ${timeline}: every device resyncs once and sends what the backup lacks.`,
  )
  return EXIT_OK
}

/** Photos no record refers to, older than the grace: their rows and files. The default leaves months for a refused change to be fixed and sent. */
async function collectBlobs({ values, storage, io, now, blobDir }: CommandContext): Promise<number> {
  const days = values['older-than-days'] ?? '90'
  if (typeof days !== 'string' || !/^\d{1,6}$/.test(days))
    return usageError(
      io,
      'blobs:collect',
      `天数须为非负整数（收到 "${String(days)}"）`,
      `N must be a whole number of days (got "${String(days)}")`,
    )
  const olderThan = new Date(now().getTime() - Number(days) * 86_400_000)
  const result = await collectUnreferencedBlobs((await storage()).db, new FileBlobStore(blobDir()), { olderThan })
  const mb = (result.freedBytes / 1024 / 1024).toFixed(1)
  say(
    io.stdout,
    `已删除 ${result.removed} 张没有记录引用、上传超过 ${days} 天的照片（${result.rows} 条账号照片登记），释放 ${mb} MB。`,
    `Removed ${result.removed} photo${result.removed === 1 ? '' : 's'} no record refers to, older than ${days} days (${result.rows} account_blobs row${result.rows === 1 ? '' : 's'}), freeing ${mb} MB (${result.freedBytes} bytes).`,
  )
  say(
    io.stdout,
    `记录引用的照片 ${result.referenced} 张；未被引用但未满 ${days} 天而保留 ${result.tooRecent} 张。`,
    `Photos records refer to: ${result.referenced}; unreferenced but kept as newer than ${days} days: ${result.tooRecent}.`,
  )
  return EXIT_OK
}

/**
 * A new password: on a terminal typed twice without echo; with `--password-stdin` the first line of stdin.
 * Null (with the reason told) when there is none to take.
 */
async function newPassword(
  io: AdminIo,
  input: InputReader,
  isFromStdin: boolean,
  owner: PasswordOwner,
): Promise<string | null> {
  if (isFromStdin) return input.readLine()
  if (!input.isTerminal) {
    say(
      io.stderr,
      '标准输入不是终端，无法输入密码。请在终端中运行，或加 --password-stdin 从标准输入读取密码。',
      'Stdin is not a terminal: run this in a terminal, or add --password-stdin to read the password from stdin.',
    )
    return null
  }
  const password = await input.readHidden(io.stdout, '新密码 New password: ')
  const problem = await inBoth((locale) => passwordProblem(password, owner, locale))
  if (problem) {
    refuse(io, [problem.zh], [problem.en])
    return null
  }
  const again = await input.readHidden(io.stdout, '再输入一次 Again: ')
  if (again !== password) {
    say(io.stderr, '两次输入的密码不一致，没有做任何修改。', 'The two passwords differ; nothing was changed.')
    return null
  }
  return password
}

/** node:util parseArgs speaks English only: the gist in Chinese, the option it names kept. */
function describeParseError(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  const option = error instanceof Error ? (/'(--?[^' ]+)/.exec(error.message)?.[1] ?? '') : ''
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `无法识别的选项 ${option}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `选项 ${option} 缺少值或不需要值`
  return '选项有误'
}

/** A check's message in both languages, or null when it passes. */
async function inBoth(
  check: (locale: Locale) => string | null | Promise<string | null>,
): Promise<{ zh: string; en: string } | null> {
  const zh = await check('zh-CN')
  return zh === null ? null : { zh, en: (await check('en-US')) ?? '' }
}

function refuse(io: AdminIo, problems: readonly string[], problemsEn: readonly string[]): number {
  io.stderr.write(`${problems.join('\n')}\n${problemsEn.join('\n')}\n`)
  return EXIT_FAILED
}

async function runUnitCommand(
  name: string,
  rest: readonly string[],
  storage: StorageSource,
  io: AdminIo,
): Promise<number> {
  const command = UNIT_COMMANDS[name]!
  let parsed: { values: Values; positionals: string[] }
  try {
    parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true })
  } catch (error) {
    return usageError(
      io,
      name,
      describeParseError(error),
      error instanceof Error ? error.message.replace(/\.$/, '') : String(error),
    )
  }
  if (parsed.positionals.length !== command.args.length) {
    const wanted = command.args.map((a) => `<${a.zh}>`).join(' ')
    return usageError(
      io,
      name,
      `需要 ${command.args.length} 个参数 ${wanted}，收到 ${parsed.positionals.length} 个`,
      `takes ${command.args.length} argument(s) ${command.args.map((a) => `<${a.en}>`).join(' ')}, got ${parsed.positionals.length}`,
    )
  }
  const open = typeof storage === 'function' ? storage : () => Promise.resolve(storage)
  return command.run({
    args: parsed.positionals,
    values: parsed.values,
    storage: open,
    stdout: io.stdout,
    stderr: io.stderr,
  })
}

function usageError(io: AdminIo, command: string, zh: string, en: string): number {
  say(
    io.stderr,
    `${command}：${zh}。运行 npm run admin -- help 查看用法。`,
    `${command}: ${en}. Run npm run admin -- help for usage.`,
  )
  return EXIT_USAGE
}

function nameTaken(io: AdminIo, name: string): number {
  say(
    io.stderr,
    `用户名「${normalizeName(name)}」已被使用，请换一个。`,
    `The user name "${normalizeName(name)}" is taken.`,
  )
  return EXIT_FAILED
}

function noSuchAccount(io: AdminIo, name: string): number {
  say(
    io.stderr,
    `没有名为「${name}」的账号。用 user:list 查看所有账号。`,
    `There is no account named "${name}". See user:list.`,
  )
  return EXIT_FAILED
}

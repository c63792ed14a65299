import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { uuidv7 } from '../../src/shared/ids'
import { recordTypes } from '../../src/shared/records'
import { PROTOCOL_VERSION, type Mutation } from '../../src/shared/sync/protocol'
import { readTimeline } from '../../src/server/sync/timeline'
import {
  EXIT_CANCELLED,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  runAdminCommand,
  type AdminOptions,
} from '../../src/server/admin/commands'
import { displayWidth } from '../../src/server/admin/terminal'
import { Accounts } from '../../src/server/auth/accounts'
import { verifyPassword } from '../../src/server/auth/passwords'
import { hashToken } from '../../src/server/auth/tokens'
import { openStorage, type Storage } from '../../src/server/db/open'
import { applyPush } from '../../src/server/sync/push'

const opened: Storage[] = []
afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close()
})

async function freshStorage(dataDir = mkdtempSync(join(tmpdir(), 'xsj-admin-'))): Promise<Storage> {
  const storage = await openStorage({ dataDir })
  opened.push(storage)
  return storage
}

/** The CLI's stdin: what a pipe or a terminal would deliver. */
function stdin(text = '', { isTerminal = false } = {}) {
  const stream = new PassThrough() as PassThrough & {
    isTTY?: boolean
    setRawMode?: (isRaw: boolean) => void
    rawModes: boolean[]
  }
  stream.rawModes = []
  if (isTerminal) {
    stream.isTTY = true
    stream.setRawMode = (isRaw) => {
      stream.rawModes.push(isRaw)
    }
  }
  stream.end(text)
  return stream
}

function output() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk
      return true
    },
  }
}

async function admin(storage: Storage, argv: string[], input = stdin(), options: AdminOptions = {}) {
  const io = { stdin: input, stdout: output(), stderr: output() }
  const code = await runAdminCommand(argv, storage, io, options)
  return { code, stdout: io.stdout.text, stderr: io.stderr.text }
}

const PASSWORD = 'a password of enough length'

describe('admin CLI: user:add', () => {
  it('adds an account whose password then verifies, the first one as administrator', async () => {
    const storage = await freshStorage()
    const result = await admin(
      storage,
      ['user:add', '李志强', '--display-name', '李志强同志', '--password-stdin'],
      stdin(`${PASSWORD}\n`),
    )
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('已添加账号「李志强」')
    expect(result.stdout).toContain('第一个账号，已设为管理员')
    const row = await new Accounts(storage.db).byName('李志强')
    expect(row).toMatchObject({ display_name: '李志强同志', is_admin: 1, disabled_at: null })
    expect(await verifyPassword(row!.password_hash, PASSWORD)).toBe(true)
    expect(await verifyPassword(row!.password_hash, 'a wrong password')).toBe(false)
  })

  it('adds later accounts as ordinary users unless --admin is given', async () => {
    const storage = await freshStorage()
    await admin(storage, ['user:add', 'first', '--password-stdin'], stdin(`${PASSWORD}\n`))
    expect((await admin(storage, ['user:add', 'user2', '--password-stdin'], stdin(`${PASSWORD}\n`))).stdout).toContain(
      '普通用户',
    )
    expect(
      (await admin(storage, ['user:add', 'admin2', '--admin', '--password-stdin'], stdin(`${PASSWORD}\n`))).code,
    ).toBe(EXIT_OK)
    const accounts = new Accounts(storage.db)
    expect((await accounts.byName('user2'))!.is_admin).toBe(0)
    expect((await accounts.byName('admin2'))!.is_admin).toBe(1)
  })

  it('takes the password from a line ending in \\r\\n, without the line break', async () => {
    const storage = await freshStorage()
    await admin(storage, ['user:add', 'windows', '--password-stdin'], stdin(`${PASSWORD}\r\nnext line`))
    const row = await new Accounts(storage.db).byName('windows')
    expect(await verifyPassword(row!.password_hash, PASSWORD)).toBe(true)
  })

  it('refuses a name that is taken, in any case, and leaves the existing account alone', async () => {
    const storage = await freshStorage()
    await admin(storage, ['user:add', 'Wang', '--password-stdin'], stdin(`${PASSWORD}\n`))
    const result = await admin(storage, ['user:add', ' wang ', '--password-stdin'], stdin('another password\n'))
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toContain('用户名「wang」已被使用')
    const accounts = new Accounts(storage.db)
    expect(await accounts.count()).toBe(1)
    expect(await verifyPassword((await accounts.byName('Wang'))!.password_hash, PASSWORD)).toBe(true)
  })

  it('refuses a short password with the Chinese rule, and creates nothing', async () => {
    const storage = await freshStorage()
    const result = await admin(storage, ['user:add', 'zhang', '--password-stdin'], stdin('short\n'))
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toMatch(/^密码至少 8 位\n/)
    expect(await new Accounts(storage.db).count()).toBe(0)
  })

  it('refuses a common password, or one made of the name, in Chinese then English, and creates nothing', async () => {
    const storage = await freshStorage()
    for (const [argv, password, message] of [
      [
        ['user:add', 'zhang', '--password-stdin'],
        '12345678',
        '这个密码太常见，很容易被猜到，请换一个\nThis password is too common and easy to guess: choose another\n',
      ],
      [
        ['user:add', 'zhang', '--password-stdin'],
        'Zhang2026',
        '密码不能是用户名或姓名，也不能只在它们前后加几个数字或符号\nThe password cannot be the user name or name, or one of them with a few digits or symbols added\n',
      ],
      [['user:add', 'zhang', '--display-name', '张伟', '--password-stdin'], '张伟 123456', '密码不能是用户名或姓名'],
    ] as const) {
      const result = await admin(storage, [...argv], stdin(`${password}\n`))
      expect(result.code, password).toBe(EXIT_FAILED)
      expect(result.stderr, password).toContain(message)
    }
    expect(await new Accounts(storage.db).count()).toBe(0)
  })

  it('refuses a common password typed on a terminal before asking for it again', async () => {
    const storage = await freshStorage()
    const input = stdin('qwertyuiop\r', { isTerminal: true })
    const result = await admin(storage, ['user:add', 'terminal'], input)
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toContain('这个密码太常见')
    expect(result.stdout).not.toContain('再输入一次')
  })

  it('refuses a look-alike name: full-width is the name it shows, a zero-width space is refused', async () => {
    const storage = await freshStorage()
    await admin(storage, ['user:add', 'admin', '--password-stdin'], stdin(`${PASSWORD}\n`))
    const fullWidth = await admin(storage, ['user:add', 'ａｄｍｉｎ', '--password-stdin'], stdin(`${PASSWORD}\n`))
    expect(fullWidth.code).toBe(EXIT_FAILED)
    expect(fullWidth.stderr).toContain('用户名「admin」已被使用')
    const invisible = await admin(storage, ['user:add', 'admin\u200b', '--password-stdin'], stdin(`${PASSWORD}\n`))
    expect(invisible.code).toBe(EXIT_FAILED)
    expect(invisible.stderr).toContain('用户名不能包含看不见的字符或控制字符')
    expect(await new Accounts(storage.db).count()).toBe(1)
  })

  it('refuses an empty stdin as no password', async () => {
    const storage = await freshStorage()
    const result = await admin(storage, ['user:add', 'zhang', '--password-stdin'], stdin(''))
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toContain('请填写密码')
  })

  it('refuses a bad name before asking for a password', async () => {
    const storage = await freshStorage()
    const input = stdin('', { isTerminal: true })
    const result = await admin(storage, ['user:add', 'x'], input)
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toContain('用户名须为 2–32 个字符')
    expect(result.stdout).not.toContain('密码')
    expect(input.rawModes).toEqual([])
  })

  it('asks twice on a terminal with echo off, and never shows the password', async () => {
    const storage = await freshStorage()
    const input = stdin(`${PASSWORD}\r${PASSWORD}\r`, { isTerminal: true })
    const result = await admin(storage, ['user:add', 'terminal'], input)
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('新密码')
    expect(result.stdout).toContain('再输入一次')
    expect(result.stdout).not.toContain(PASSWORD)
    expect(input.rawModes).toEqual([true, false, true, false])
    expect(await verifyPassword((await new Accounts(storage.db).byName('terminal'))!.password_hash, PASSWORD)).toBe(
      true,
    )
  })

  it('takes backspace as erasing the last character typed', async () => {
    const storage = await freshStorage()
    const typed = `${PASSWORD}x\u007f\r`
    await admin(storage, ['user:add', 'typist'], stdin(typed + typed, { isTerminal: true }))
    expect(await verifyPassword((await new Accounts(storage.db).byName('typist'))!.password_hash, PASSWORD)).toBe(true)
  })

  it('adds nothing when the two passwords typed differ', async () => {
    const storage = await freshStorage()
    const result = await admin(
      storage,
      ['user:add', 'zhang'],
      stdin(`${PASSWORD}\rsomething else\r`, { isTerminal: true }),
    )
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toContain('两次输入的密码不一致')
    expect(await new Accounts(storage.db).count()).toBe(0)
  })

  it('stops at Ctrl-C, leaves the terminal out of raw mode and adds nothing', async () => {
    const storage = await freshStorage()
    const input = stdin('abc\u0003', { isTerminal: true })
    const result = await admin(storage, ['user:add', 'zhang'], input)
    expect(result.code).toBe(EXIT_CANCELLED)
    expect(result.stderr).toContain('已取消')
    expect(input.rawModes).toEqual([true, false])
    expect(await new Accounts(storage.db).count()).toBe(0)
  })

  it('says to use --password-stdin when stdin is not a terminal', async () => {
    const storage = await freshStorage()
    const result = await admin(storage, ['user:add', 'zhang'], stdin(`${PASSWORD}\n`))
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toContain('--password-stdin')
    expect(await new Accounts(storage.db).count()).toBe(0)
  })
})

describe('admin CLI: other account commands', () => {
  async function withAccounts(): Promise<Storage> {
    const storage = await freshStorage()
    await admin(storage, ['user:add', 'admin', '--display-name', '管理员', '--password-stdin'], stdin(`${PASSWORD}\n`))
    await admin(
      storage,
      ['user:add', 'wangxiuying', '--display-name', '王秀英', '--password-stdin'],
      stdin(`${PASSWORD}\n`),
    )
    return storage
  }

  it('lists the accounts as a table with name, display name, admin, disabled and creation time', async () => {
    const storage = await withAccounts()
    await admin(storage, ['user:disable', 'wangxiuying'])
    const result = await admin(storage, ['user:list'])
    expect(result.code).toBe(EXIT_OK)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toMatch(/^用户名 Name +姓名 Display name +管理员 Admin +已停用 Disabled +创建时间 Created/)
    expect(lines[2]).toMatch(/^admin +管理员 +是 yes +否 no +\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(lines[3]).toMatch(/^wangxiuying +王秀英 +否 no +是 yes +\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    // Columns line up on a terminal, where a Chinese character takes two columns.
    const createdColumn = (line: string) => displayWidth(line.slice(0, line.search(/创建时间|\d{4}-\d{2}-\d{2} /)))
    expect(createdColumn(lines[2]!)).toBe(createdColumn(lines[0]!))
    expect(createdColumn(lines[3]!)).toBe(createdColumn(lines[0]!))
    expect(result.stdout).toContain('共 2 个账号')
  })

  it('says there is no account yet on an empty server', async () => {
    const result = await admin(await freshStorage(), ['user:list'])
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('还没有账号')
  })

  it('resets a password and signs the account out on every device', async () => {
    const storage = await withAccounts()
    const accounts = new Accounts(storage.db)
    const account = (await accounts.byName('wangxiuying'))!
    const phone = await accounts.issueToken(account.id, { deviceId: null, deviceName: '手机' })
    const laptop = await accounts.issueToken(account.id, { deviceId: null, deviceName: '电脑' })
    const adminToken = await accounts.issueToken((await accounts.byName('admin'))!.id, {
      deviceId: null,
      deviceName: '电脑',
    })

    const result = await admin(
      storage,
      ['user:password', 'WangXiuying', '--password-stdin'],
      stdin('the new password\n'),
    )
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('所有设备上退出登录')
    const after = (await accounts.byName('wangxiuying'))!
    expect(await verifyPassword(after.password_hash, 'the new password')).toBe(true)
    expect(await verifyPassword(after.password_hash, PASSWORD)).toBe(false)
    expect(await accounts.byToken(hashToken(phone))).toBeUndefined()
    expect(await accounts.byToken(hashToken(laptop))).toBeUndefined()
    // Another account stays signed in.
    expect(await accounts.byToken(hashToken(adminToken))).toBeDefined()
  })

  it('keeps the old password and the sessions when the new password is refused', async () => {
    const storage = await withAccounts()
    const accounts = new Accounts(storage.db)
    const account = (await accounts.byName('wangxiuying'))!
    const token = await accounts.issueToken(account.id, { deviceId: null, deviceName: '手机' })
    const result = await admin(storage, ['user:password', 'wangxiuying', '--password-stdin'], stdin('1234\n'))
    expect(result.code).toBe(EXIT_FAILED)
    expect(result.stderr).toContain('密码至少 8 位')
    expect(await verifyPassword((await accounts.byName('wangxiuying'))!.password_hash, PASSWORD)).toBe(true)
    expect(await accounts.byToken(hashToken(token))).toBeDefined()
  })

  it('refuses a reset to a common password or to the account’s own name, and keeps the old one', async () => {
    const storage = await withAccounts()
    const accounts = new Accounts(storage.db)
    for (const password of ['password', 'wangxiuying2026']) {
      const result = await admin(storage, ['user:password', 'wangxiuying', '--password-stdin'], stdin(`${password}\n`))
      expect(result.code, password).toBe(EXIT_FAILED)
    }
    expect(await verifyPassword((await accounts.byName('wangxiuying'))!.password_hash, PASSWORD)).toBe(true)
  })

  it('says so when the account to change does not exist', async () => {
    const storage = await withAccounts()
    for (const argv of [
      ['user:password', 'nobody', '--password-stdin'],
      ['user:disable', 'nobody'],
      ['user:enable', 'nobody'],
    ]) {
      const result = await admin(storage, argv, stdin(`${PASSWORD}\n`))
      expect(result.code).toBe(EXIT_FAILED)
      expect(result.stderr).toContain('没有名为「nobody」的账号')
    }
  })

  it('disables an account, signing it out, and enables it again', async () => {
    const storage = await withAccounts()
    const accounts = new Accounts(storage.db)
    const account = (await accounts.byName('wangxiuying'))!
    const token = await accounts.issueToken(account.id, { deviceId: null, deviceName: '手机' })

    const disabled = await admin(storage, ['user:disable', 'wangxiuying'])
    expect(disabled.code).toBe(EXIT_OK)
    expect(disabled.stdout).toContain('已停用账号「wangxiuying」')
    expect((await accounts.byName('wangxiuying'))!.disabled_at).not.toBeNull()
    expect(await accounts.byToken(hashToken(token))).toBeUndefined()
    expect((await admin(storage, ['user:disable', 'wangxiuying'])).stdout).toContain('已经是停用状态')

    const enabled = await admin(storage, ['user:enable', 'wangxiuying'])
    expect(enabled.code).toBe(EXIT_OK)
    expect(enabled.stdout).toContain('已启用账号「wangxiuying」')
    expect((await accounts.byName('wangxiuying'))!.disabled_at).toBeNull()
    // Enabling does not bring back the sessions that disabling ended.
    expect(await accounts.byToken(hashToken(token))).toBeUndefined()
  })

  it('warns when the last enabled administrator is disabled', async () => {
    const storage = await withAccounts()
    const result = await admin(storage, ['user:disable', 'admin'])
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('没有可用的管理员账号')
  })
})

describe('admin CLI: sync:new-timeline', () => {
  it('gives the server a new timeline, which every pull then carries', async () => {
    const storage = await freshStorage()
    const before = await readTimeline(storage.db)
    const result = await admin(storage, ['sync:new-timeline'])
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('已更新同步时间线')
    const after = await readTimeline(storage.db)
    expect(after).not.toBe(before)
    expect(result.stdout).toContain(after)
  })
})

describe('admin CLI: tombstones:purge', () => {
  async function accountWithTombstone(storage: Storage) {
    await admin(storage, ['user:add', 'admin', '--password-stdin'], stdin(`${PASSWORD}\n`))
    const account = (await new Accounts(storage.db).byName('admin'))!
    const deviceId = uuidv7()
    const kept = uuidv7()
    const deleted = uuidv7()
    const fields = { ...recordTypes.studySessions.blank('2026-11-10'), topic: '深入学习党的二十大精神' }
    const at = '2026-11-10T08:00:00.000Z'
    const mutations: Mutation[] = [
      {
        id: uuidv7(),
        seq: 1,
        table: 'studySessions',
        recordId: kept,
        op: 'create',
        changes: fields,
        baseRev: null,
        at,
      },
      {
        id: uuidv7(),
        seq: 2,
        table: 'studySessions',
        recordId: deleted,
        op: 'create',
        changes: fields,
        baseRev: null,
        at,
      },
      {
        id: uuidv7(),
        seq: 3,
        table: 'studySessions',
        recordId: deleted,
        op: 'delete',
        changes: { deletedAt: at },
        baseRev: 2,
        at,
      },
    ]
    await applyPush(storage.db, account.id, { protocol: PROTOCOL_VERSION, deviceId, mutations })
    return { kept, deleted }
  }

  const ids = async (storage: Storage) =>
    (await storage.db.selectFrom('records').select('id').execute()).map((row) => row.id)

  it('removes the tombstones older than the days given, keeps live records, and says how many', async () => {
    const storage = await freshStorage()
    const { kept, deleted } = await accountWithTombstone(storage)
    const inFortyDays = () => new Date(Date.now() + 40 * 86_400_000)
    const result = await admin(storage, ['tombstones:purge', '--older-than-days', '30'], stdin(), { now: inFortyDays })
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('已清除 1 条删除超过 30 天的记录墓碑')
    expect(await ids(storage)).toEqual([kept])
    expect(await ids(storage)).not.toContain(deleted)
  })

  it('keeps tombstones younger than the days given', async () => {
    const storage = await freshStorage()
    const { kept, deleted } = await accountWithTombstone(storage)
    const result = await admin(storage, ['tombstones:purge', '--older-than-days=30'])
    expect(result.code).toBe(EXIT_OK)
    expect(result.stdout).toContain('已清除 0 条')
    expect((await ids(storage)).sort()).toEqual([kept, deleted].sort())
  })

  it.each([[[]], [['--older-than-days', 'thirty']], [['--older-than-days=-1']]])(
    'refuses a missing or bad number of days as a usage error: %j',
    async (args) => {
      const storage = await freshStorage()
      const result = await admin(storage, ['tombstones:purge', ...args])
      expect(result.code).toBe(EXIT_USAGE)
      expect(result.stderr).toContain('tombstones:purge：')
      expect(result.stderr).toContain('npm run admin -- help')
    },
  )
})

describe('admin CLI: usage', () => {
  it.each([[[]], [['help']], [['--help']], [['user:add', '--help']]])(
    'prints the usage in Chinese with the command names for %j',
    async (argv) => {
      const result = await admin(await freshStorage(), argv)
      expect(result.code).toBe(EXIT_OK)
      expect(result.stdout).toContain('用法 Usage: npm run admin -- <命令 command>')
      for (const command of [
        'user:add',
        'user:list',
        'user:password',
        'user:disable',
        'user:enable',
        'tombstones:purge',
      ])
        expect(result.stdout).toContain(command)
    },
  )

  it('answers an unknown command with the usage and exit code 2, without opening the database', async () => {
    let isOpened = false
    const io = { stdin: stdin(), stdout: output(), stderr: output() }
    const code = await runAdminCommand(
      ['user:remove', 'zhang'],
      async () => {
        isOpened = true
        return freshStorage()
      },
      io,
    )
    expect(code).toBe(EXIT_USAGE)
    expect(io.stderr.text).toContain('未知命令：user:remove')
    expect(io.stderr.text).toContain('user:add')
    expect(isOpened).toBe(false)
  })

  it.each([
    [['user:add'], '缺少用户名'],
    [['toString'], '未知命令：toString'],
    [['user:list', 'extra'], '多余的参数：extra'],
    [['user:add', 'zhang', '--bogus'], '无法识别的选项 --bogus'],
    [['user:add', 'zhang', '--display-name'], '选项 --display-name'],
  ])('refuses %j as a usage error', async (argv, message) => {
    const result = await admin(await freshStorage(), argv)
    expect(result.code).toBe(EXIT_USAGE)
    expect(result.stderr).toContain(message)
  })
})

describe('admin CLI as a process', () => {
  it('adds an account from a script through npm run admin’s entry, in the DATA_DIR given', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xsj-admin-cli-'))
    const child = spawn(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'src/server/admin-cli.ts', 'user:add', '陈静', '--admin', '--password-stdin'],
      {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdin.end(`${PASSWORD}\n`)
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toContain('已添加账号「陈静」')

    const storage = await freshStorage(dataDir)
    const row = await new Accounts(storage.db).byName('陈静')
    expect(row!.is_admin).toBe(1)
    expect(await verifyPassword(row!.password_hash, PASSWORD)).toBe(true)
  }, 30_000)
})

describe('admin CLI: units', () => {
  it('builds a tree, names a secretary and members, lets one record, and moves, renames and removes units, saying why it refuses', async () => {
    const storage = await freshStorage()
    for (const name of ['zhangsec', 'limember'])
      expect((await admin(storage, ['user:add', name, '--password-stdin'], stdin(`${PASSWORD}\n`))).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:add', '局党委', '--kind', 'partyCommittee'])).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:add', '中心组', '--kind', 'centerGroup', '--parent', '局党委'])).code).toBe(
      EXIT_OK,
    )
    expect((await admin(storage, ['unit:add', '第一支部', '--kind', 'branch', '--parent', '局党委'])).code).toBe(
      EXIT_OK,
    )
    expect((await admin(storage, ['unit:member', '中心组', 'zhangsec', '--role', 'secretary'])).stdout).toContain(
      '现为书记',
    )
    expect((await admin(storage, ['unit:member', '中心组', 'limember', '--can-record'])).stdout).toContain(
      '现为成员（可记录）',
    )
    expect((await admin(storage, ['unit:reviewer', '局党委', 'limember'])).code).toBe(EXIT_OK)

    const listed = await admin(storage, ['unit:list'])
    expect(listed.code).toBe(EXIT_OK)
    expect(listed.stdout).toMatch(/局党委[\s\S]*\n {2}中心组 +理论学习中心组 +zhangsec +limember/)
    const rows = await storage.db.selectFrom('memberships').select(['role', 'can_record']).orderBy('role').execute()
    expect(rows).toEqual([
      { role: 'member', can_record: 1 },
      { role: 'secretary', can_record: 0 },
    ])

    expect((await admin(storage, ['unit:move', '第一支部', '--parent', '中心组'])).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:move', '局党委', '--parent', '第一支部'])).stderr).toContain(
      '不能把党组织移到它自己或它的下级组织之下',
    )
    expect((await admin(storage, ['unit:rename', '第一支部', '机关第一党支部'])).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:remove', '中心组'])).stderr).toContain(
      '只能删除没有下级组织、没有成员、没有记录的党组织',
    )
    expect((await admin(storage, ['unit:remove', '机关第一党支部'])).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:remove-member', '中心组', 'limember'])).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:member', '没有的组织', 'limember'])).stderr).toContain(
      '没有名为「没有的组织」的党组织',
    )
    expect((await admin(storage, ['unit:member', '中心组', 'nobody'])).stderr).toContain('没有名为「nobody」的账号')
    expect((await admin(storage, ['unit:add', '新组织'])).code).toBe(EXIT_USAGE)
    expect((await admin(storage, ['unit:member', '中心组'])).code).toBe(EXIT_USAGE)
    expect((await admin(storage, ['unit:add', '同名', '--kind', 'branch'])).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:add', '同名', '--kind', 'branch'])).code).toBe(EXIT_OK)
    expect((await admin(storage, ['unit:remove', '同名'])).stderr).toContain('请改用编号')
    expect(
      (await storage.db.selectFrom('units').select('name').orderBy('created_at').execute()).map((u) => u.name),
    ).toEqual(['局党委', '中心组', '同名', '同名'])
  })
})

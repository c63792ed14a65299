/** Accounts and their tokens in the database. Route handlers and the admin CLI both go through here. */
import type { Kysely, Selectable } from 'kysely'
import type { AccountDevice, AccountInfo, NewAccountInput } from '../../shared/accounts'
import { nameKeyOf, normalizeName } from '../../shared/accounts'
import { uuidv7 } from '../../shared/ids'
import { isUniqueViolation } from '../db/errors'
import type { AccountsTable, Database } from '../db/schema'
import { hashPassword } from './passwords'
import { hashToken, newToken } from './tokens'

export type AccountRow = Selectable<AccountsTable>

export class NameTakenError extends Error {
  constructor(name: string) {
    super(`the name "${name}" is taken`)
    this.name = 'NameTakenError'
  }
}

export function accountInfoOf(row: AccountRow): AccountInfo {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    isAdmin: row.is_admin === 1,
    isDisabled: row.disabled_at !== null,
    createdAt: row.created_at,
  }
}

export class Accounts {
  constructor(private readonly db: Kysely<Database>) {}

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** Whether there is any account: one indexed row at most, however many accounts there are. */
  async exists(): Promise<boolean> {
    return (await this.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) !== undefined
  }

  /**
   * The devices that have signed in to the account (tokens revoked or not: a device signed out still wrote what it
   * wrote), each with the name it gave at its latest sign-in, most recent first.
   */
  async devicesOf(accountId: string): Promise<AccountDevice[]> {
    const rows = await this.db
      .selectFrom('tokens')
      .select(['device_id', 'device_name', 'created_at'])
      .where('account_id', '=', accountId)
      .where('device_id', 'is not', null)
      .orderBy('created_at', 'desc')
      .execute()
    const devices = new Map<string, AccountDevice>()
    for (const row of rows) {
      if (row.device_id !== null && !devices.has(row.device_id))
        devices.set(row.device_id, { deviceId: row.device_id, name: row.device_name, signedInAt: row.created_at })
    }
    return [...devices.values()]
  }

  /** Whether this device has signed in to this account before (a token was issued to it, revoked or not). */
  async hasSignedInFrom(accountId: string, deviceId: string): Promise<boolean> {
    return (
      (await this.db
        .selectFrom('tokens')
        .select('token_hash')
        .where('account_id', '=', accountId)
        .where('device_id', '=', deviceId)
        .limit(1)
        .executeTakeFirst()) !== undefined
    )
  }

  async byName(name: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('name_key', '=', nameKeyOf(name)).executeTakeFirst()
  }

  async byId(id: string): Promise<AccountRow | undefined> {
    return this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async list(): Promise<AccountRow[]> {
    return this.db.selectFrom('accounts').selectAll().orderBy('created_at').execute()
  }

  /**
   * Creates an account. With `onlyIfNone` (the first-run screen), it is created only while there is no account
   * at all. Two people racing to set up a new server (even through two instances) cannot both become its
   * administrator: the first run also claims the 'first_account' key of server_meta, which only one transaction
   * can insert. Returns undefined when `onlyIfNone` finds an account already there. A name taken, even by a
   * concurrent request, is a NameTakenError.
   */
  async create(
    input: NewAccountInput & { isAdmin: boolean },
    options: { onlyIfNone?: boolean } = {},
  ): Promise<AccountRow | undefined> {
    const passwordHash = await hashPassword(input.password)
    const name = normalizeName(input.name)
    const row: AccountRow = {
      id: uuidv7(),
      name,
      name_key: nameKeyOf(name),
      display_name: input.displayName?.trim() || name,
      password_hash: passwordHash,
      is_admin: input.isAdmin ? 1 : 0,
      disabled_at: null,
      created_at: new Date().toISOString(),
      last_rev: 0,
      purged_rev: 0,
    }
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (options.onlyIfNone) {
          const any = await trx.selectFrom('accounts').select('id').limit(1).executeTakeFirst()
          if (any) return undefined
          await trx.insertInto('server_meta').values({ key: 'first_account', value: row.id }).execute()
        }
        const taken = await trx
          .selectFrom('accounts')
          .select('id')
          .where('name_key', '=', row.name_key)
          .executeTakeFirst()
        if (taken) throw new NameTakenError(name)
        await trx.insertInto('accounts').values(row).execute()
        return row
      })
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      // Another request won the race: for the first run, there is an administrator now; otherwise, the name.
      if (
        options.onlyIfNone &&
        (await this.db.selectFrom('server_meta').select('value').where('key', '=', 'first_account').executeTakeFirst())
          ?.value !== row.id
      )
        return undefined
      throw new NameTakenError(name)
    }
  }

  async setPassword(accountId: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password)
    await this.db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute()
  }

  async setDisabled(accountId: string, isDisabled: boolean): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ disabled_at: isDisabled ? new Date().toISOString() : null })
      .where('id', '=', accountId)
      .execute()
    if (isDisabled) await this.revokeAll(accountId)
  }

  async issueToken(accountId: string, device: { deviceId: string | null; deviceName: string }): Promise<string> {
    const token = newToken()
    const now = new Date().toISOString()
    await this.db
      .insertInto('tokens')
      .values({
        token_hash: hashToken(token),
        account_id: accountId,
        device_id: device.deviceId,
        device_name: device.deviceName.slice(0, 100),
        created_at: now,
        last_used_at: now,
        revoked_at: null,
      })
      .execute()
    return token
  }

  /** The live account behind a token, or undefined if the token is unknown, revoked, or its account disabled. */
  async byToken(tokenHash: string): Promise<{ account: AccountRow; lastUsedAt: string } | undefined> {
    const row = await this.db
      .selectFrom('tokens')
      .innerJoin('accounts', 'accounts.id', 'tokens.account_id')
      .selectAll('accounts')
      .select('tokens.last_used_at')
      .where('tokens.token_hash', '=', tokenHash)
      .where('tokens.revoked_at', 'is', null)
      .where('accounts.disabled_at', 'is', null)
      .executeTakeFirst()
    if (!row) return undefined
    const { last_used_at: lastUsedAt, ...account } = row
    return { account, lastUsedAt }
  }

  async touchToken(tokenHash: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ last_used_at: new Date().toISOString() })
      .where('token_hash', '=', tokenHash)
      .execute()
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('token_hash', '=', tokenHash)
      .where('revoked_at', 'is', null)
      .execute()
  }

  /** Signs the account out everywhere: every device must enter the password again. */
  async revokeAll(accountId: string, except?: string): Promise<void> {
    let query = this.db
      .updateTable('tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
    if (except) query = query.where('token_hash', '!=', except)
    await query.execute()
  }
}

/**
 * Signing in, first-run setup and signing out, as they touch the device: the token and the account this device's
 * records belong to live in the meta table. Signing in changes no record: everything recorded before is already
 * in the outbox and goes up with the next sync.
 */
import { nameKeyOf, type SignInResponse } from '../../shared/accounts'
import { ensureDevice } from '../db/device'
import type { AccountMeta, XsjDatabase } from '../db/schema'
import type { ApiClient } from './api-client'
import { readAccount, writeSyncMeta } from './sync-meta'

/** The device holds records of another account: they must not be uploaded into this one. */
export class OtherAccountError extends Error {
  constructor(readonly boundName: string) {
    super(`this device holds the records of account "${boundName}"`)
    this.name = 'OtherAccountError'
  }
}

export interface Credentials {
  name: string
  password: string
  /** Shown in the account's device list, e.g. "Android · Chrome". */
  deviceName?: string
}

export async function signIn(db: XsjDatabase, api: ApiClient, credentials: Credentials): Promise<AccountMeta> {
  await assertMayBind(db, credentials.name)
  const { deviceId } = await db.transaction('rw', db.meta, () => ensureDevice(db))
  const response = await api.login({
    name: credentials.name,
    password: credentials.password,
    deviceId,
    deviceName: credentials.deviceName ?? '',
  })
  return bind(db, api, response)
}

/** The first-run screen: creates the server's administrator and signs this device in as it. */
export async function setUpServer(
  db: XsjDatabase,
  api: ApiClient,
  credentials: Credentials & { displayName?: string },
): Promise<AccountMeta> {
  await assertMayBind(db, credentials.name)
  const { deviceId } = await db.transaction('rw', db.meta, () => ensureDevice(db))
  const response = await api.setup({
    name: credentials.name,
    password: credentials.password,
    displayName: credentials.displayName,
    deviceId,
    deviceName: credentials.deviceName ?? '',
  })
  return bind(db, api, response)
}

/**
 * Forgets the token here (and on the server when it can be reached, `everywhere` revoking every device's). The
 * records and their unsent changes stay, still tied to the account, and go up after the next sign-in.
 */
export async function signOut(
  db: XsjDatabase,
  api: ApiClient,
  options: { everywhere?: boolean } = {},
): Promise<{ reachedServer: boolean }> {
  const account = await readAccount(db)
  if (!account?.token) return { reachedServer: true }
  let reachedServer = true
  try {
    await (options.everywhere ? api.logoutEverywhere(account.token) : api.logout(account.token))
  } catch {
    reachedServer = false
  }
  await db.meta.put({ ...account, token: null })
  await writeSyncMeta(db, { lastError: null })
  return { reachedServer }
}

async function assertMayBind(db: XsjDatabase, name: string): Promise<void> {
  const bound = await readAccount(db)
  if (bound && nameKeyOf(bound.name) !== nameKeyOf(name) && (await holdsRecords(db)))
    throw new OtherAccountError(bound.name)
}

async function bind(db: XsjDatabase, api: ApiClient, response: SignInResponse): Promise<AccountMeta> {
  const bound = await readAccount(db)
  if (bound && bound.accountId !== response.account.id && (await holdsRecords(db))) {
    // Same name, another account (the old one was removed and the name reused): do not mix their records.
    await api.logout(response.token).catch(() => undefined)
    throw new OtherAccountError(bound.name)
  }
  const account: AccountMeta = {
    key: 'account',
    accountId: response.account.id,
    name: response.account.name,
    displayName: response.account.displayName,
    isAdmin: response.account.isAdmin,
    token: response.token,
    signedInAt: new Date().toISOString(),
  }
  await db.meta.put(account)
  await writeSyncMeta(db, { lastError: null })
  return account
}

async function holdsRecords(db: XsjDatabase): Promise<boolean> {
  const counts = await Promise.all([
    db.studySessions.count(),
    db.readingNotes.count(),
    db.visits.count(),
    db.outbox.count(),
  ])
  return counts.some((n) => n > 0)
}

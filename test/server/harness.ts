/**
 * A real server for tests: the Hono app over a real database (a SQLite file in a fresh temporary directory, or a
 * fresh PostgreSQL database under the postgres test project: test-database.ts), called in-process. Helpers speak
 * the wire format as any client would. No vitest imports here, so that scripts run outside the test runner
 * (`npm run chaos`) can use it; support.ts adds the per-test clean-up.
 */
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccountInfo, SignInResponse } from '../../src/shared/accounts'
import { uuidv7 } from '../../src/shared/ids'
import { recordTypes, type FieldsOf, type SyncedTable } from '../../src/shared/records'
import {
  PROTOCOL_VERSION,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type RecordState,
} from '../../src/shared/sync/protocol'
import { createApp, type AppOptions } from '../../src/server/app'
import type { BlobStore } from '../../src/server/blobs/blob-store'
import { FileBlobStore } from '../../src/server/blobs/file-blob-store'
import { openStorage, type DatabaseEngine, type Storage } from '../../src/server/db/open'
import { freshTestDatabase, TEST_ENGINE } from './test-database'

export interface TestServer {
  app: ReturnType<typeof createApp>
  storage: Storage
  engine: DatabaseEngine
  dataDir: string
  /** Closes the database and opens the same one again: a server restart. */
  restart: (whileStopped?: () => Promise<void>) => Promise<void>
  /**
   * Stops the server, backs its database up (and its photo folder, with `withPhotos`), starts it again; the answer
   * restores that backup (stop, restore, start).
   */
  backup: (options?: { withPhotos?: boolean }) => Promise<() => Promise<void>>
  /** Another server instance on the same database (PostgreSQL only: SQLite serves one process). */
  secondInstance: () => Promise<TestServer>
  close: () => Promise<void>
}

export function staticDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'xsj-static-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>学思践</title>')
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("install", () => {})')
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  return dir
}

export type TestServerOptions = Partial<Omit<AppOptions, 'storage' | 'blobs'>> & {
  dataDir?: string
  engine?: DatabaseEngine
  /** Wraps each instance's photo store (the chaos test kills the server inside uploads through it). */
  wrapBlobs?: (store: FileBlobStore) => BlobStore
}

export async function createTestServer(options: TestServerOptions): Promise<TestServer> {
  const engine = options.engine ?? TEST_ENGINE
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'xsj-data-'))
  const database = await freshTestDatabase(dataDir, engine)
  const appOptions = {
    staticDir: options.staticDir ?? staticDir(),
    version: options.version ?? '0.0.0-test',
    ...options,
  }
  const instances: Storage[] = []
  const blobStore = () => {
    const store = new FileBlobStore(join(dataDir, 'blobs'))
    return options.wrapBlobs ? options.wrapBlobs(store) : store
  }
  async function instance(): Promise<TestServer> {
    const storage = await openStorage({ dataDir, databaseUrl: database.url })
    instances.push(storage)
    const server: TestServer = {
      dataDir,
      engine,
      storage,
      app: createApp({ ...appOptions, storage, blobs: blobStore() }),
      async restart(whileStopped) {
        await server.storage.close()
        await whileStopped?.()
        server.storage = await openStorage({ dataDir, databaseUrl: database.url })
        instances.push(server.storage)
        server.app = createApp({ ...appOptions, storage: server.storage, blobs: blobStore() })
      },
      async backup(backupOptions = {}) {
        let restore: () => Promise<void> = () => Promise.resolve()
        await server.restart(async () => {
          const restoreDatabase = await database.backup()
          const restorePhotos = backupOptions.withPhotos ? backupFolder(join(dataDir, 'blobs')) : null
          restore = async () => {
            await restoreDatabase()
            restorePhotos?.()
          }
        })
        return () => server.restart(restore)
      },
      secondInstance: () => {
        if (engine !== 'postgres') throw new Error('a second server instance needs PostgreSQL')
        return instance()
      },
      async close() {
        for (const open of instances.splice(0)) await open.close().catch(() => undefined)
        await database.drop()
      },
    }
    return server
  }
  return instance()
}

/** Copies a folder aside; the answer puts the copy back in its place (an absent folder comes back absent). */
function backupFolder(folder: string): () => void {
  const copy = `${folder}-backup-${uuidv7()}`
  const existed = existsSync(folder)
  if (existed) cpSync(folder, copy, { recursive: true })
  return () => {
    rmSync(folder, { recursive: true, force: true })
    if (existed) cpSync(copy, folder, { recursive: true })
  }
}

export interface Call {
  status: number
  body: unknown
  headers: Headers
}

export async function call(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<Call> {
  const headers: Record<string, string> = {}
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (token) headers.authorization = `Bearer ${token}`
  const response = await server.app.request(path, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return {
    status: response.status,
    body: text === '' ? null : (JSON.parse(text) as unknown),
    headers: response.headers,
  }
}

/** A request with full control of the body (sent as it is) and the headers, for malformed and oversized input. */
export async function send(
  server: TestServer,
  method: string,
  path: string,
  init: { body?: BodyInit; token?: string; headers?: Record<string, string> } = {},
): Promise<Call> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  const response = await server.app.request(path, { method, headers, body: init.body })
  const text = await response.text()
  return {
    status: response.status,
    body: text === '' ? null : (JSON.parse(text) as unknown),
    headers: response.headers,
  }
}

export const ADMIN = { name: 'admin', password: 'correct horse battery', displayName: '管理员' }

/** Creates the first account (the administrator) and returns its token. */
export async function setUpAdmin(server: TestServer): Promise<SignInResponse> {
  const result = await call(server, 'POST', '/api/auth/setup', ADMIN)
  if (result.status !== 201) throw new Error(`setup failed: ${JSON.stringify(result.body)}`)
  return result.body as SignInResponse
}

/** Adds an account as the administrator and signs it in. */
export async function addAccount(
  server: TestServer,
  adminToken: string,
  name: string,
  password = 'a password of enough length',
): Promise<SignInResponse> {
  const created = await call(server, 'POST', '/api/admin/accounts', { name, password }, adminToken)
  if (created.status !== 201) throw new Error(`account creation failed: ${JSON.stringify(created.body)}`)
  const signedIn = await call(server, 'POST', '/api/auth/login', { name, password })
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${JSON.stringify(signedIn.body)}`)
  return signedIn.body as SignInResponse
}

/** A client of one device: numbers its mutations and pushes or pulls with its token. */
export class WireDevice {
  readonly deviceId = uuidv7()
  private seq = 0

  constructor(
    private readonly server: TestServer,
    public token: string,
  ) {}

  mutation<T extends SyncedTable>(
    table: T,
    recordId: string,
    op: Mutation['op'],
    changes: Partial<FieldsOf[T]> | Record<string, unknown>,
    baseRev: number | null,
    extra: Partial<Mutation> = {},
  ): Mutation {
    return {
      id: uuidv7(),
      seq: ++this.seq,
      table,
      recordId,
      op,
      changes: changes as Record<string, unknown>,
      baseRev,
      at: new Date().toISOString(),
      ...extra,
    }
  }

  create<T extends SyncedTable>(table: T, fields: FieldsOf[T], id: string = uuidv7()): Mutation {
    return this.mutation(table, id, 'create', fields, null)
  }

  async push(mutations: Mutation[]): Promise<Call & { body: PushResponse }> {
    return call(
      this.server,
      'POST',
      '/api/sync/push',
      { protocol: PROTOCOL_VERSION, deviceId: this.deviceId, mutations },
      this.token,
    ) as Promise<Call & { body: PushResponse }>
  }

  async pull(cursor: number, limit?: number): Promise<Call & { body: PullResponse }> {
    return call(
      this.server,
      'POST',
      '/api/sync/pull',
      { protocol: PROTOCOL_VERSION, deviceId: this.deviceId, cursor, limit },
      this.token,
    ) as Promise<Call & { body: PullResponse }>
  }
}

export function session(overrides: Partial<FieldsOf['studySessions']> = {}): FieldsOf['studySessions'] {
  return { ...recordTypes.studySessions.blank('2026-11-10'), topic: '深入学习党的二十大精神', ...overrides }
}

export function note(overrides: Partial<FieldsOf['readingNotes']> = {}): FieldsOf['readingNotes'] {
  const blank = recordTypes.readingNotes.blank('2026-11-11')
  return {
    ...blank,
    source: { ...blank.source, title: '《习近平谈治国理政》第四卷' },
    excerpt: '江山就是人民，人民就是江山。',
    ...overrides,
  }
}

/** Signs in and returns the token, failing the test with the server's answer if sign-in is refused. */
export async function signIn(server: TestServer, name: string, password: string): Promise<string> {
  const result = await call(server, 'POST', '/api/auth/login', { name, password })
  if (result.status !== 200) throw new Error(`sign-in of ${name} failed: ${JSON.stringify(result.body)}`)
  return (result.body as SignInResponse).token
}

/** The signed-in account behind a token, or the HTTP status if the token does not work. */
export async function whoAmI(server: TestServer, token: string): Promise<AccountInfo | number> {
  const result = await call(server, 'GET', '/api/auth/me', undefined, token)
  return result.status === 200 ? (result.body as { account: AccountInfo }).account : result.status
}

/** The account's revision counter as the database holds it. */
export async function revisionOf(server: TestServer, accountId: string): Promise<number> {
  const row = await server.storage.db
    .selectFrom('accounts')
    .select('last_rev')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow()
  return row.last_rev
}

/** Every record the device can pull from cursor 0, following hasMore. */
export async function pullAll(device: WireDevice): Promise<RecordState[]> {
  const records: RecordState[] = []
  let cursor = 0
  for (;;) {
    const page = await device.pull(cursor)
    if (page.status !== 200) throw new Error(`pull failed: ${JSON.stringify(page.body)}`)
    records.push(...page.body.changes)
    cursor = page.body.cursor
    if (!page.body.hasMore) return records
  }
}

/**
 * PostgreSQL, for several stateless server instances on one database. Each instance has a pool for queries and one
 * more connection that LISTENs for other instances' change notices (change-feed.ts), reconnecting after a drop.
 */
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { LocalChangeFeed, type AccountChange, type ChangeFeed, type ChangeListener } from './change-feed'
import type { Database } from './schema'
import type { Storage } from './open'

const CHANNEL = 'xsj_changes'

// Revisions and counts are int4 and bigint counts come back as strings by default; COUNT(*) is bigint.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value))

export interface PostgresOptions {
  /** Connections per instance for queries (one more LISTENs). @default 10 */
  poolSize?: number
  /** An idle connection failed (the database restarted, a failover, an idle timeout). @default ignore */
  onConnectionError?: (error: Error) => void
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 })
  // Without a listener an idle client's error would crash the process; pg drops that client and the next query
  // opens a new connection, so telling the log is all there is to do.
  pool.on('error', (error) => options.onConnectionError?.(error))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  const feed = new PostgresChangeFeed(db, url)
  await feed.listen()
  return {
    db,
    engine: 'postgres',
    location: redactedUrl(url),
    changes: feed,
    close: async () => {
      await feed.close()
      await db.destroy()
    },
  }
}

class PostgresChangeFeed implements ChangeFeed {
  private readonly local = new LocalChangeFeed()
  private client: pg.Client | null = null
  private isClosed = false

  constructor(
    private readonly db: Kysely<Database>,
    private readonly url: string,
  ) {}

  async publish(change: AccountChange): Promise<void> {
    // Delivered to this instance's own listeners through the same NOTIFY, like everyone else's.
    await sql`select pg_notify(${CHANNEL}, ${JSON.stringify(change)})`.execute(this.db)
  }

  subscribe(listener: ChangeListener): () => void {
    return this.local.subscribe(listener)
  }

  async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url })
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return
      try {
        this.local.deliver(JSON.parse(message.payload) as AccountChange)
      } catch {
        // A notice that is not ours: ignore it.
      }
    })
    client.on('error', () => this.reconnect(client))
    client.on('end', () => this.reconnect(client))
    await client.connect()
    await client.query(`LISTEN ${CHANNEL}`)
    this.client = client
  }

  async close(): Promise<void> {
    this.isClosed = true
    await this.client?.end().catch(() => undefined)
  }

  private reconnect(dropped: pg.Client): void {
    if (this.isClosed || this.client !== dropped) return
    this.client = null
    setTimeout(() => void this.listen().catch(() => this.reconnectLater()), 1000).unref()
  }

  private reconnectLater(): void {
    if (!this.isClosed) setTimeout(() => void this.listen().catch(() => this.reconnectLater()), 5000).unref()
  }
}

/** postgres://user:secret@host/db → postgres://user@host/db, for logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
    return parsed.toString()
  } catch {
    return 'postgres'
  }
}

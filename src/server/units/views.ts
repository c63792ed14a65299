/**
 * Each account's view (docs/units.md, "Sync: one cursor over a view per account"): the `feed` rows of the records
 * it may read, and of those it read and may no longer (`is_gone`), each at a position of one server-wide counter.
 * A pull reads an account's rows after its cursor, in position order.
 *
 * Positions must be handed out in commit order, as revisions were: a pull that has read up to position N must never
 * find a row below N appear later. Every transaction that writes views first locks the counter row (`openViews`),
 * so they run one at a time on PostgreSQL too (SQLite runs one write transaction at a time anyway).
 */
import { sql, type Transaction } from 'kysely'
import { forWrite } from '../db/lock-for-write'
import type { Database } from '../db/schema'
import type { AccessIndex } from './access-index'

/** A record as its views need it. */
export interface ViewedRecord {
  scope: string
  id: string
  table: string
}

/** IN lists and multi-row statements stay well under SQLite's parameter limit. */
const SLICE = 200

export class ViewWriter {
  /** The highest position each account was given in this transaction: whom to wake, from where. */
  readonly touched = new Map<string, number>()
  /** Rows placed and not yet written: written together (a push of 200 records is a few statements, not 200). */
  private readonly pending = new Map<
    string,
    { account_id: string; scope: string; record_id: string; tbl: string; pos: number; is_gone: number }
  >()

  private constructor(
    private readonly trx: Transaction<Database>,
    private position: number,
  ) {}

  /** Locks the counter for this transaction; call `close` before it commits. */
  static async open(trx: Transaction<Database>): Promise<ViewWriter> {
    const row = await forWrite(
      trx,
      trx.selectFrom('counters').select('value').where('name', '=', 'feed'),
    ).executeTakeFirst()
    return new ViewWriter(trx, Number(row?.value ?? 0))
  }

  /** The record moves to the next position in each of these accounts' views (added where it was not, or gone). */
  async show(record: ViewedRecord, accounts: Iterable<string>): Promise<void> {
    await this.place(record, accounts, 0)
  }

  /** The record becomes gone in these accounts' views (only where they had it). */
  async hide(record: ViewedRecord, accounts: Iterable<string>): Promise<void> {
    const candidates = [...accounts]
    // The usual case (an edit that changes nobody's right to read): nothing to look up, so the rows placed so far
    // stay pending and are written together. Flushing here made every edit of a push one statement of its own.
    if (candidates.length === 0) return
    await this.flush()
    const had = await this.accountsHolding(record, candidates)
    await this.place(record, had, 1)
  }

  /**
   * Brings an account's view to what it may read now (after it joined or left a unit, or a role, reviewer or the
   * tree changed): rows for every record it may read and has not (old ones too), gone rows for those it may not.
   */
  async refresh(accountId: string, access: AccessIndex): Promise<{ shown: number; hidden: number }> {
    await this.flush()
    const visible = await this.visibleTo(accountId, access)
    const rows = await this.trx
      .selectFrom('feed')
      .select(['scope', 'record_id', 'tbl', 'is_gone'])
      .where('account_id', '=', accountId)
      .execute()
    const shownNow = new Map(rows.map((row) => [keyOf(row.scope, row.record_id), row]))
    let shown = 0
    let hidden = 0
    for (const record of visible.values()) {
      if (shownNow.get(keyOf(record.scope, record.id))?.is_gone === 0) continue
      await this.place(record, [accountId], 0)
      shown++
    }
    for (const row of rows) {
      if (row.is_gone === 1 || visible.has(keyOf(row.scope, row.record_id))) continue
      await this.place({ scope: row.scope, id: row.record_id, table: row.tbl }, [accountId], 1)
      hidden++
    }
    return { shown, hidden }
  }

  /** Writes the counter back; the positions handed out are the transaction's. */
  async close(): Promise<void> {
    await this.flush()
    await this.trx.updateTable('counters').set({ value: this.position }).where('name', '=', 'feed').execute()
  }

  private place(record: ViewedRecord, accounts: Iterable<string>, isGone: 0 | 1): Promise<void> {
    for (const accountId of new Set(accounts)) {
      this.position += 1
      this.touched.set(accountId, this.position)
      const key = `${accountId}/${keyOf(record.scope, record.id)}`
      // A record placed twice in one transaction keeps its last place (one row per account and record).
      this.pending.delete(key)
      this.pending.set(key, {
        account_id: accountId,
        scope: record.scope,
        record_id: record.id,
        tbl: record.table,
        pos: this.position,
        is_gone: isGone,
      })
    }
    return Promise.resolve()
  }

  private async flush(): Promise<void> {
    const rows = [...this.pending.values()]
    this.pending.clear()
    for (let i = 0; i < rows.length; i += SLICE) {
      await this.trx
        .insertInto('feed')
        .values(rows.slice(i, i + SLICE))
        .onConflict((oc) =>
          oc
            .columns(['account_id', 'scope', 'record_id'])
            .doUpdateSet({ pos: sql`excluded.pos`, is_gone: sql`excluded.is_gone`, tbl: sql`excluded.tbl` }),
        )
        .execute()
    }
  }

  private async accountsHolding(record: ViewedRecord, accounts: string[]): Promise<string[]> {
    const held: string[] = []
    for (let i = 0; i < accounts.length; i += SLICE) {
      const rows = await this.trx
        .selectFrom('feed')
        .select('account_id')
        .where('scope', '=', record.scope)
        .where('record_id', '=', record.id)
        .where('is_gone', '=', 0)
        .where('account_id', 'in', accounts.slice(i, i + SLICE))
        .execute()
      held.push(...rows.map((row) => row.account_id))
    }
    return held
  }

  /** Every record the account may read now, by the rules (access-index.ts), keyed by scope and id. */
  private async visibleTo(accountId: string, access: AccessIndex): Promise<Map<string, ViewedRecord>> {
    const visible = new Map<string, ViewedRecord>()
    const add = (rows: readonly { scope: string; id: string; tbl: string }[]) => {
      for (const row of rows) visible.set(keyOf(row.scope, row.id), { scope: row.scope, id: row.id, table: row.tbl })
    }
    add(await this.trx.selectFrom('records').select(['scope', 'id', 'tbl']).where('scope', '=', accountId).execute())
    const units = [...access.unitsReadBy(accountId)]
    for (let i = 0; i < units.length; i += SLICE) {
      const slice = units.slice(i, i + SLICE)
      add(await this.trx.selectFrom('records').select(['scope', 'id', 'tbl']).where('scope', 'in', slice).execute())
      add(
        await this.trx
          .selectFrom('record_shares as s')
          .innerJoin('records as r', (join) => join.onRef('r.scope', '=', 's.scope').onRef('r.id', '=', 's.record_id'))
          .select(['r.scope', 'r.id', 'r.tbl'])
          .where('s.unit_id', 'in', slice)
          .execute(),
      )
    }
    return visible
  }
}

function keyOf(scope: string, id: string): string {
  return `${scope}/${id}`
}

/**
 * Tombstones are kept so a deletion reaches every device; after long enough they can go. Purging moves each
 * account's `purged_rev` up to the newest tombstone removed: a device whose cursor is below it may have missed
 * a deletion and is told to resync (pull.ts).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export async function purgeTombstones(db: Kysely<Database>, olderThan: Date): Promise<{ purged: number }> {
  const cutoff = olderThan.toISOString()
  return db.transaction().execute(async (trx) => {
    const tops = await trx
      .selectFrom('records')
      .select(['account_id', (eb) => eb.fn.max<number>('rev').as('top'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('deleted_at', 'is not', null)
      .where('changed_at', '<', cutoff)
      .groupBy('account_id')
      .execute()
    let purged = 0
    for (const { account_id: accountId, top, n } of tops) {
      await trx.deleteFrom('records').where('account_id', '=', accountId).where('deleted_at', 'is not', null).where('changed_at', '<', cutoff).execute()
      const account = await trx.selectFrom('accounts').select('purged_rev').where('id', '=', accountId).executeTakeFirstOrThrow()
      await trx.updateTable('accounts').set({ purged_rev: Math.max(account.purged_rev, Number(top)) }).where('id', '=', accountId).execute()
      purged += Number(n)
    }
    return { purged }
  })
}

/**
 * Tombstones are kept so a deletion reaches every device; after long enough they can go. Purging a tombstone takes it
 * out of every view that held it, and raises each such account's `purged_rev` (a view position, despite the name:
 * it was the account's revision before views existed, and positions kept those numbers) to the highest position
 * removed: a device whose cursor is below it may have missed a deletion and is told to resync (pull.ts).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { ViewWriter } from '../units/views'

const SLICE = 300

export async function purgeTombstones(db: Kysely<Database>, olderThan: Date): Promise<{ purged: number }> {
  const cutoff = olderThan.toISOString()
  return db.transaction().execute(async (trx) => {
    // Held like a push, so no push changes a tombstone while it goes.
    const views = await ViewWriter.open(trx)
    const tombstones = await trx
      .selectFrom('records')
      .select(['scope', 'id'])
      .where('deleted_at', 'is not', null)
      .where('changed_at', '<', cutoff)
      .execute()
    const purgedAt = new Map<string, number>()
    for (const scope of new Set(tombstones.map((t) => t.scope))) {
      const ids = tombstones.filter((t) => t.scope === scope).map((t) => t.id)
      for (let i = 0; i < ids.length; i += SLICE) {
        const slice = ids.slice(i, i + SLICE)
        const tops = await trx
          .selectFrom('feed')
          .select(['account_id', (eb) => eb.fn.max<number>('pos').as('top')])
          .where('scope', '=', scope)
          .where('record_id', 'in', slice)
          .groupBy('account_id')
          .execute()
        for (const { account_id: accountId, top } of tops)
          purgedAt.set(accountId, Math.max(purgedAt.get(accountId) ?? 0, Number(top)))
        await trx.deleteFrom('feed').where('scope', '=', scope).where('record_id', 'in', slice).execute()
        await trx.deleteFrom('record_shares').where('scope', '=', scope).where('record_id', 'in', slice).execute()
        await trx.deleteFrom('record_photos').where('scope', '=', scope).where('record_id', 'in', slice).execute()
        await trx.deleteFrom('records').where('scope', '=', scope).where('id', 'in', slice).execute()
      }
    }
    for (const [accountId, top] of purgedAt) {
      const account = await trx
        .selectFrom('accounts')
        .select('purged_rev')
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow()
      await trx
        .updateTable('accounts')
        .set({ purged_rev: Math.max(Number(account.purged_rev), top) })
        .where('id', '=', accountId)
        .execute()
    }
    await views.close()
    return { purged: tombstones.length }
  })
}

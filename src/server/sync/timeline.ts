/**
 * The server's timeline (migrations/0002-timeline.ts) and where each began (0005-timeline-forks.ts). A new one
 * (`npm run admin -- sync:new-timeline`, after restoring a backup) tells every device that revisions it has seen
 * may have been handed out again; the fork revision tells it which of them still mean what they meant.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from '../../shared/ids'
import type { Database } from '../db/schema'

export async function readTimeline(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'timeline').executeTakeFirstOrThrow()
  return row.value
}

/**
 * After restoring a backup: a new timeline, forked from the restored database's at each account's counter as it
 * stands (the last revision both histories share). Every device resyncs once on its next pull.
 */
export async function renewTimeline(db: Kysely<Database>): Promise<string> {
  const timeline = uuidv7()
  await db.transaction().execute(async (trx) => {
    const parent = (
      await trx.selectFrom('server_meta').select('value').where('key', '=', 'timeline').executeTakeFirstOrThrow()
    ).value
    await trx
      .insertInto('timelines')
      .values({ id: parent, parent: null, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    await trx.insertInto('timelines').values({ id: timeline, parent, created_at: new Date().toISOString() }).execute()
    // Per owner: each account's counter, and each unit's (the column is named account_id from before units).
    await trx
      .insertInto('timeline_forks')
      .columns(['timeline', 'account_id', 'fork_rev'])
      .expression((eb) => eb.selectFrom('accounts').select([eb.val(timeline).as('timeline'), 'id', 'last_rev']))
      .execute()
    await trx
      .insertInto('timeline_forks')
      .columns(['timeline', 'account_id', 'fork_rev'])
      .expression((eb) => eb.selectFrom('units').select([eb.val(timeline).as('timeline'), 'id', 'last_rev']))
      .execute()
    await trx.updateTable('server_meta').set({ value: timeline }).where('key', '=', 'timeline').execute()
  })
  return timeline
}

/** Guards the walk up the chain against a cycle no command can make, but a hand-edited database might. */
const MAX_CHAIN = 1000

/**
 * The last revision of the owner (an account or a unit) that `deviceTimeline` and the server's current timeline share: the smallest fork
 * revision on the chain from the current timeline up to the device's. 0 when the device's timeline is not on the
 * chain (the server was restored from a backup older than it): nothing the device saw can be trusted.
 */
export async function forkRevision(
  db: Kysely<Database>,
  ownerId: string,
  current: string,
  deviceTimeline: string,
): Promise<number> {
  let fork = Number.MAX_SAFE_INTEGER
  let timeline = current
  for (let hops = 0; hops < MAX_CHAIN && timeline !== deviceTimeline; hops++) {
    const row = await db.selectFrom('timelines').select('parent').where('id', '=', timeline).executeTakeFirst()
    if (!row?.parent) return 0
    const forked = await db
      .selectFrom('timeline_forks')
      .select('fork_rev')
      .where('timeline', '=', timeline)
      .where('account_id', '=', ownerId)
      .executeTakeFirst()
    // An owner made after that restore shares nothing with the timeline before it.
    fork = Math.min(fork, Number(forked?.fork_rev ?? 0))
    timeline = row.parent
  }
  return timeline === deviceTimeline ? fork : 0
}

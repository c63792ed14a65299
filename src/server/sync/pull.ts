/**
 * Answers a pull: the account's records whose revision is above the cursor, in revision order, a batch at a
 * time. Each record appears once, in its latest state (tombstones included), so a device that applies every
 * batch in order ends up with exactly what the server holds.
 */
import type { Kysely } from 'kysely'
import { DEFAULT_PULL_LIMIT, PROTOCOL_VERSION, type PullRequest, type PullResponse } from '../../shared/sync/protocol'
import type { Database } from '../db/schema'
import { apiError } from '../http/errors'
import { stateOfRow } from './record-rows'
import { readTimeline } from './timeline'

export async function answerPull(db: Kysely<Database>, accountId: string, request: PullRequest): Promise<PullResponse> {
  const limit = request.limit ?? DEFAULT_PULL_LIMIT
  const account = await db.selectFrom('accounts').select(['last_rev', 'purged_rev']).where('id', '=', accountId).executeTakeFirstOrThrow()
  // A cursor beyond the counter means the server's data is older than the device's (restored from a backup); one
  // below a purged tombstone may have missed a deletion. Either way the device must start over, keeping its outbox.
  const isAhead = request.cursor > account.last_rev
  if (isAhead || (request.cursor > 0 && request.cursor < account.purged_rev)) {
    throw apiError(410, 'cursor_too_old', '需要与服务器重新完整同步一次，本机未同步的修改会保留', {
      messageEn: 'The cursor is too old (or newer than the server): pull again from 0, keeping unsent changes',
      oldestCursor: account.purged_rev,
      resync: isAhead ? 'serverBehind' : 'purged',
    })
  }
  const rows = await db.selectFrom('records').selectAll().where('account_id', '=', accountId).where('rev', '>', request.cursor).orderBy('rev').limit(limit + 1).execute()
  const changes = rows.slice(0, limit).map(stateOfRow)
  const cursor = changes.length > 0 ? changes[changes.length - 1]!.rev : request.cursor
  const response: PullResponse = { protocol: PROTOCOL_VERSION, timeline: await readTimeline(db), changes, cursor, hasMore: rows.length > limit }
  if (request.countRemaining) {
    const left = await db.selectFrom('records').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).where('rev', '>', cursor).executeTakeFirstOrThrow()
    response.remaining = Number(left.n)
  }
  return response
}

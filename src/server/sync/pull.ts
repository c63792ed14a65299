/**
 * Answers a pull from the account's view (units/views.ts): the records it may read whose place in the view is after
 * the cursor, in position order, a batch at a time, each once, in its latest state (tombstones included), and in
 * `removed` those it may no longer read. A device that applies every batch in order ends up holding exactly what
 * its account may read.
 */
import type { Kysely } from 'kysely'
import type { RecordTable } from '../../shared/records'
import {
  DEFAULT_PULL_LIMIT,
  PROTOCOL_VERSION,
  type PullRequest,
  type PullResponse,
  type RecordState,
  type RemovedRecord,
} from '../../shared/sync/protocol'
import type { Database } from '../db/schema'
import { apiError } from '../http/errors'
import { stateOfRow } from './record-rows'
import { forkRevision, readTimeline } from './timeline'
import { unitsVersionOf } from '../units/access-index'

export async function answerPull(db: Kysely<Database>, accountId: string, request: PullRequest): Promise<PullResponse> {
  const limit = request.limit ?? DEFAULT_PULL_LIMIT
  const account = await db
    .selectFrom('accounts')
    .select('purged_rev')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow()
  const counter = Number(
    (await db.selectFrom('counters').select('value').where('name', '=', 'feed').executeTakeFirst())?.value ?? 0,
  )
  const timeline = await readTimeline(db)
  // A device on another timeline (the server was restored since) learns where the two fork, to resync by.
  const fork =
    request.timeline !== undefined && request.timeline !== timeline
      ? await forksOf(db, accountId, timeline, request.timeline)
      : {}
  // A cursor beyond the counter means the server's data is older than the device's (restored from a backup); one
  // below a purged tombstone may have missed a deletion. Either way the device must start over, keeping its outbox.
  const isAhead = request.cursor > counter
  if (isAhead || (request.cursor > 0 && request.cursor < Number(account.purged_rev))) {
    throw apiError(410, 'cursor_too_old', '需要与服务器重新完整同步一次，本机未同步的修改会保留', {
      messageEn: 'The cursor is too old (or newer than the server): pull again from 0, keeping unsent changes',
      oldestCursor: Number(account.purged_rev),
      resync: isAhead ? 'serverBehind' : 'purged',
      ...fork,
    })
  }
  const rows = await db
    .selectFrom('feed as f')
    .leftJoin('records as r', (join) => join.onRef('r.scope', '=', 'f.scope').onRef('r.id', '=', 'f.record_id'))
    .selectAll('r')
    .select(['f.pos', 'f.is_gone', 'f.tbl as feed_tbl', 'f.record_id as feed_id'])
    .where('f.account_id', '=', accountId)
    .where('f.pos', '>', request.cursor)
    .orderBy('f.pos')
    .limit(limit + 1)
    .execute()
  const page = rows.slice(0, limit)
  const changes: RecordState[] = []
  const removed: RemovedRecord[] = []
  for (const row of page) {
    if (row.is_gone === 1 || row.id === null) removed.push({ table: row.feed_tbl as RecordTable, id: row.feed_id })
    else
      changes.push(
        stateOfRow({
          ...row,
          id: row.id,
          scope: row.scope!,
          author_id: row.author_id!,
          tbl: row.tbl!,
          rev: row.rev!,
          data: row.data!,
          field_revs: row.field_revs!,
          conflicts: row.conflicts!,
          shared_with: row.shared_with!,
          created_at: row.created_at!,
          updated_at: row.updated_at!,
          device_id: row.device_id!,
          deleted_at: row.deleted_at ?? null,
          changed_at: row.changed_at!,
          unit_id: row.unit_id ?? null,
        }),
      )
  }
  const cursor = page.length > 0 ? Number(page[page.length - 1]!.pos) : request.cursor
  const response: PullResponse = {
    protocol: PROTOCOL_VERSION,
    timeline,
    changes,
    cursor,
    hasMore: rows.length > limit,
    ...fork,
  }
  if (removed.length > 0) response.removed = removed
  // A phone asks for its organization again when this moves (a role or recording right changed, not only its view).
  const unitsVersion = await unitsVersionOf(db)
  if (unitsVersion > 0) response.unitsVersion = unitsVersion
  if (request.countRemaining) {
    const left = await db
      .selectFrom('feed')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('account_id', '=', accountId)
      .where('pos', '>', cursor)
      .executeTakeFirstOrThrow()
    response.remaining = Number(left.n)
  }
  return response
}

/** The fork revisions a device on `deviceTimeline` needs: its own account's, and those of the units it reads. */
async function forksOf(
  db: Kysely<Database>,
  accountId: string,
  current: string,
  deviceTimeline: string,
): Promise<Pick<PullResponse, 'forkRev' | 'forkRevs'>> {
  const forkRev = await forkRevision(db, accountId, current, deviceTimeline)
  const units = await db
    .selectFrom('feed')
    .select('scope')
    .distinct()
    .where('account_id', '=', accountId)
    .where('scope', '!=', accountId)
    .execute()
  if (units.length === 0) return { forkRev }
  const forkRevs: Record<string, number> = {}
  for (const { scope } of units) forkRevs[scope] = await forkRevision(db, scope, current, deviceTimeline)
  return { forkRev, forkRevs }
}

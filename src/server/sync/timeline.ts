/** The server's timeline id (migrations/0002-timeline.ts): read for every pull, renewed after a restore. */
import type { Kysely } from 'kysely'
import { uuidv7 } from '../../shared/ids'
import type { Database } from '../db/schema'

export async function readTimeline(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'timeline').executeTakeFirstOrThrow()
  return row.value
}

/** After restoring a backup: every device resyncs once on its next pull and sends what the backup lacks. */
export async function renewTimeline(db: Kysely<Database>): Promise<string> {
  const timeline = uuidv7()
  await db.updateTable('server_meta').set({ value: timeline }).where('key', '=', 'timeline').execute()
  return timeline
}

/**
 * The sign-in throttle's growing waits (login_failures.blocked_until, see src/server/auth/rate-limit.ts), and the
 * account names' keys computed the PRECIS way (src/shared/accounts.ts: NFKC, invisible characters dropped, lower
 * case), so an existing account is still found by the name its owner types.
 *
 * Two accounts whose names only looked different (`admin` and a full-width `ａｄｍｉｎ`, or one with a zero-width
 * space) now have one key. The one that typing the key reaches today keeps it (else the oldest); each other is
 * renamed to `<name>-2`, `-3`…, which the administrator sees in the list. Its devices stay signed in; a new sign-in
 * uses the new name. The key function is copied here, not imported, so that this migration never changes.
 */
import { sql, type Kysely } from 'kysely'

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu

function visibleName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').trim()
}

function keyOf(name: string): string {
  return visibleName(name).toLowerCase().normalize('NFKC')
}

interface AccountName {
  id: string
  name: string
  name_key: string
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('login_failures').addColumn('blocked_until', 'text').execute()

  const { rows } = await sql<AccountName>`select id, name, name_key from accounts order by created_at, id`.execute(db)
  const byKey = new Map<string, AccountName[]>()
  for (const row of rows) byKey.set(keyOf(row.name), [...(byKey.get(keyOf(row.name)) ?? []), row])
  const taken = new Set(byKey.keys())
  const changes: { id: string; name: string; key: string }[] = []
  for (const [key, group] of byKey) {
    const keeper = group.find((row) => row.name_key === key) ?? group[0]!
    if (keeper.name_key !== key) changes.push({ id: keeper.id, name: keeper.name, key })
    for (const row of group) {
      if (row === keeper) continue
      let n = 2
      while (taken.has(keyOf(`${visibleName(row.name)}-${n}`))) n++
      const name = `${visibleName(row.name)}-${n}`
      taken.add(keyOf(name))
      changes.push({ id: row.id, name, key: keyOf(name) })
    }
  }
  // Through a key no name can have first, so that no two rows ever hold one key in between.
  for (const change of changes)
    await sql`update accounts set name_key = ${`rekey:${change.id}`} where id = ${change.id}`.execute(db)
  for (const change of changes)
    await sql`update accounts set name = ${change.name}, name_key = ${change.key} where id = ${change.id}`.execute(db)
}

/** The keys, and the names of renamed accounts, stay: which name was which before cannot be told any more. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('login_failures').dropColumn('blocked_until').execute()
}

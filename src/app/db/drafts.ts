/** Form drafts: what a person typed, kept on every change so a reload, crash or locked phone loses nothing. */
import type { FieldsOf, RecordTable } from '../../shared/records'
import type { DraftOwner, DraftRow, XsjDatabase } from './schema'

export function draftKeyOf(table: RecordTable, recordId: string | null): string {
  return `${table}:${recordId ?? 'new'}`
}

export async function saveDraft<T extends RecordTable>(
  db: XsjDatabase,
  table: T,
  recordId: string | null,
  fields: FieldsOf[T],
  base?: DraftRow['base'],
  owner?: DraftOwner,
): Promise<void> {
  // A form's value is a tree of Vue proxies, which IndexedDB's structured clone refuses; its fields are plain
  // JSON by construction, so a JSON round trip gives the plain copy.
  const plain = JSON.parse(JSON.stringify({ fields, base, owner })) as Pick<DraftRow, 'fields' | 'base' | 'owner'>
  const row: DraftRow = {
    key: draftKeyOf(table, recordId),
    table,
    recordId,
    ...plain,
    savedAt: new Date().toISOString(),
  }
  await db.drafts.put(row)
}

export async function loadDraft(
  db: XsjDatabase,
  table: RecordTable,
  recordId: string | null,
): Promise<DraftRow | undefined> {
  return db.drafts.get(draftKeyOf(table, recordId))
}

export async function deleteDraft(db: XsjDatabase, key: string): Promise<void> {
  await db.drafts.delete(key)
}

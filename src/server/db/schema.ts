/**
 * The server's tables as Kysely sees them. Times are ISO-8601 text and JSON is text, so the same rows read the
 * same on SQLite and PostgreSQL; booleans are 0/1 integers for the same reason.
 */
export interface AccountsTable {
  id: string
  /** As the person typed it (shown). */
  name: string
  /** Lower-cased and trimmed: what sign-in matches, unique. */
  name_key: string
  display_name: string
  password_hash: string
  is_admin: number
  disabled_at: string | null
  created_at: string
  /** The account's revision counter: every accepted change takes the next value. */
  last_rev: number
  /** The highest revision of a tombstone purged so far: a cursor below it may have missed a deletion. */
  purged_rev: number
}

export interface TokensTable {
  /** SHA-256 (hex) of the bearer token: the token itself is never stored. */
  token_hash: string
  account_id: string
  device_id: string | null
  device_name: string
  created_at: string
  last_used_at: string
  revoked_at: string | null
}

export interface DevicesTable {
  account_id: string
  device_id: string
  /** Small per-account number used in the records' per-field bookkeeping instead of the UUID. */
  device_no: number
  /** The highest sequence number applied from this device: a push at or below it is a replay. */
  last_seq: number
  created_at: string
  last_seen_at: string
}

export interface RecordsTable {
  id: string
  account_id: string
  tbl: string
  rev: number
  /** JSON: the record's fields. */
  data: string
  /** JSON: field → [rev, device_no] of its last change. */
  field_revs: string
  /** JSON: conflicts kept on the record. */
  conflicts: string
  created_at: string
  updated_at: string
  device_id: string
  deleted_at: string | null
  /** Server clock of the last change: only for purging old tombstones. */
  changed_at: string
}

export interface MutationsTable {
  account_id: string
  device_id: string
  seq: number
  mutation_id: string
  /** JSON: the MutationResult sent back, sent again as it was if the push is replayed. */
  result: string
  applied_at: string
}

export interface LoginFailuresTable {
  /** 'name:<name_key>' or 'addr:<address>'. */
  key: string
  count: number
  window_start: string
}

export interface ServerMetaTable {
  /** 'timeline': see migrations/0002-timeline.ts. */
  key: string
  value: string
}

/** An account's proof that it uploaded a blob (migrations/0003-account-blobs.ts). */
export interface AccountBlobsTable {
  account_id: string
  /** SHA-256 of the bytes, 64 lowercase hex digits. */
  hash: string
  size: number
  /** What the bytes are (checked by their first bytes): image/jpeg or image/webp. */
  type: string
  created_at: string
}

export interface Database {
  accounts: AccountsTable
  tokens: TokensTable
  devices: DevicesTable
  records: RecordsTable
  mutations: MutationsTable
  login_failures: LoginFailuresTable
  server_meta: ServerMetaTable
  account_blobs: AccountBlobsTable
}

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
  /** The owner: an account's id (a personal record) or a unit's (migrations/0007-units-and-views.ts). */
  scope: string
  id: string
  /** The account that made the record. */
  author_id: string
  /** Set for a unit's record (then equal to scope). */
  unit_id: string | null
  tbl: string
  /** From the owner's counter (accounts.last_rev or units.last_rev). */
  rev: number
  /** JSON: the record's fields. */
  data: string
  /** JSON: field → [rev, device] of its last change; device is the per-account number, or the UUID in a unit's record. */
  field_revs: string
  /** JSON: conflicts kept on the record. */
  conflicts: string
  /** JSON: the units a personal record is shared with (record_shares holds the same, for queries). */
  shared_with: string
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

/** The sign-in throttle's counts (src/server/auth/rate-limit.ts). */
export interface LoginFailuresTable {
  /**
   * A fixed window: 'name:<name_key>', 'addr:<address>', 'setup:<address>'. A run of failures with growing waits:
   * 'pair:<name_key>|addr:<address>' or 'pair:<name_key>|device:<device id>' (migrations/0006-sign-in-throttle.ts).
   */
  key: string
  /** In a window, the attempts not proven right; in a run, the failures in a row. */
  count: number
  /** When the window began; for a run, the time of its latest failure. */
  window_start: string
  /** For a run only: no attempt before this time (the epoch while the run is within its free tries). */
  blocked_until: string | null
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

/** A timeline and the one it forked from (migrations/0005-timeline-forks.ts). */
export interface TimelinesTable {
  id: string
  /** The timeline the restored database had; null for the first one known. */
  parent: string | null
  created_at: string
}

/** Per owner (an account or, since migration 0007, a unit: the column kept its name): the last revision a timeline shares with its parent. */
export interface TimelineForksTable {
  timeline: string
  account_id: string
  fork_rev: number
}

/** A Party organization (docs/units.md). */
export interface UnitsTable {
  id: string
  kind: string
  name: string
  parent_id: string | null
  /** The unit's revision counter: every change of one of its records takes the next value. */
  last_rev: number
  created_at: string
  updated_at: string
}

export interface MembershipsTable {
  unit_id: string
  account_id: string
  /** 'member' | 'secretary'. */
  role: string
  /** 1 when the secretary lets this member record the unit's sessions. */
  can_record: number
  created_at: string
}

/** An account that reads what the units below this one hold. */
export interface UnitReviewersTable {
  unit_id: string
  account_id: string
  created_at: string
}

export interface RecordSharesTable {
  scope: string
  record_id: string
  unit_id: string
}

/** Which photo hashes a record shows (for fetching photos of records one may read). */
export interface RecordPhotosTable {
  scope: string
  record_id: string
  hash: string
}

/** An account's view: the records it may read (or could, and no longer may), each at a position of counters.feed. */
export interface FeedTable {
  account_id: string
  scope: string
  record_id: string
  tbl: string
  pos: number
  is_gone: number
}

export interface CountersTable {
  /** 'feed': the last position handed out in any account's view. */
  name: string
  value: number
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
  timelines: TimelinesTable
  timeline_forks: TimelineForksTable
  units: UnitsTable
  memberships: MembershipsTable
  unit_reviewers: UnitReviewersTable
  record_shares: RecordSharesTable
  record_photos: RecordPhotosTable
  feed: FeedTable
  counters: CountersTable
}

/**
 * The sync wire format, version 1 (documented for third-party clients in docs/sync-protocol.md): constants and
 * types. The request schemas the server validates every body against are in wire-schemas.ts, apart, so that the
 * app's first screen does not carry them.
 */
import type { FieldError } from '../validation'
import type { SyncedTable } from '../records'
import type { BlobErrorCode } from './blob-protocol'

export type { Mutation, PullRequest, PushRequest, WaitRequest } from './wire-schemas'

export const PROTOCOL_VERSION = 1

/** Most mutations one push may carry, and most changes one pull returns. */
export const MAX_PUSH_MUTATIONS = 500
export const MAX_PULL_LIMIT = 2000
export const DEFAULT_PULL_LIMIT = 1000

/** Unsettled conflicts one record may hold: a change that would add more is refused until a person settles some. */
export const MAX_CONFLICTS_PER_RECORD = 20

/** The longest a wait request may be held open, and the default. */
export const MAX_WAIT_SECONDS = 55
export const DEFAULT_WAIT_SECONDS = 25

export const MUTATION_OPS = ['create', 'update', 'delete', 'restore', 'resolve', 'share'] as const
export type MutationOp = (typeof MUTATION_OPS)[number]

export interface WaitResponse {
  protocol: number
  /** True when there is something to pull; false when the wait timed out. */
  changed: boolean
  /** The account's latest revision when it answered. */
  rev: number
}

export type MutationStatus = 'applied' | 'merged' | 'conflict' | 'refused'

export type RefusalCode = 'invalid' | 'unknown_field' | 'not_found' | 'bad_op' | 'forbidden'

/** Why the server refused a change for good: a person can read it and fix the record. */
export interface Refusal {
  code: RefusalCode
  /** Chinese, for the person. */
  message: string
  messageEn: string
  fields: FieldError[]
}

export interface MutationResult {
  id: string
  seq: number
  status: MutationStatus
  /** The record's revision after this change (null when refused). */
  rev: number | null
  /** For 'conflict': the fields whose incoming value was kept as a conflict copy. */
  conflictFields?: string[]
  refusal?: Refusal
}

export interface PushResponse {
  protocol: number
  results: MutationResult[]
  /**
   * The server's timeline (as in PullResponse). A device that has none stored yet (it pushed before its first pull)
   * stores it, so that a restore before that pull is still noticed. Absent from servers older than this key.
   */
  timeline?: string
}

/**
 * A change that could not be merged. The record keeps one value (the one the server had first); the other is
 * kept here, on the record, for every device to see until a person settles it.
 */
export interface Conflict {
  id: string
  /** 'field': two devices set one field; 'delete': one deleted the record while another edited it. */
  kind: 'field' | 'delete'
  /** The field in conflict ('deletedAt' for kind 'delete'). */
  field: string
  /** The value that was not kept; for 'delete', the time of the deletion that was not applied or was undone. */
  value: unknown
  /**
   * The device whose change ran into the conflict, and when its person made it: for 'field', the device whose value
   * is kept here; for 'delete', the device that deleted or the one whose edit undid another device's deletion.
   */
  deviceId: string
  at: string
  /** The revision at which the conflict was found. */
  rev: number
}

/** One record as the server holds it: its latest state, tombstone or not. */
export interface RecordState {
  table: SyncedTable
  id: string
  rev: number
  fields: Record<string, unknown>
  createdAt: string
  updatedAt: string
  /** The device that made the latest change. */
  deviceId: string
  deletedAt: string | null
  conflicts: Conflict[]
  /** The unit that owns the record; null for a personal record (docs/units.md). */
  unitId?: string | null
  /** The account that made the record: the owner of a personal one. */
  authorId?: string
  /** The units a personal record is shared with, read-only for their members. */
  sharedWith?: string[]
  /**
   * The revision of each field's (and deletedAt's) last change; a missing key reads as 0 (unchanged since the record
   * was made). What lets a device tell, after the server was restored from a backup, which of its values it lost.
   */
  fieldRevs?: Record<string, number>
}

export interface PullResponse {
  protocol: number
  /**
   * The server's timeline. A device remembers it with its cursor; when it changes (the server was restored from a
   * backup and its administrator said so), revisions the device has seen may have been reused: resync from 0 as
   * for cursor_too_old with reason 'serverBehind'.
   */
  timeline: string
  changes: RecordState[]
  /** Pass back as the next cursor. */
  cursor: number
  hasMore: boolean
  remaining?: number
  /**
   * Only when the request named a timeline that is not the server's: the last revision of this account the two
   * timelines share (0 if the server does not know the device's). See docs/sync-protocol.md §7.
   */
  forkRev?: number
  /** With forkRev: the same for each unit whose records the account reads, by unit id. */
  forkRevs?: Record<string, number>
  /** Records this account may no longer read (it left a unit, a record was unshared): delete them, keep unsent changes. */
  removed?: RemovedRecord[]
  /**
   * The organization's version, once any unit exists: it moves with every change of units, memberships, roles or
   * reviewers. A device that keeps GET /api/units asks again when it differs from the one it fetched at.
   */
  unitsVersion?: number
}

export interface RemovedRecord {
  table: SyncedTable
  id: string
}

/** The body of every 4xx/5xx answer. */
export interface ErrorBody {
  error: ErrorCode
  /** Chinese, for the person. */
  message: string
  messageEn?: string
  fields?: FieldError[]
  /** For cursor_too_old: the oldest cursor the server can still continue from. */
  oldestCursor?: number
  /**
   * For cursor_too_old: 'purged', deletions older than the cursor's were forgotten (records the device has but the
   * server does not were deleted); 'serverBehind', the server's data is older than the device's (restored from a
   * backup: records the device has but the server does not must be sent again).
   */
  resync?: ResyncReason
  /** For rate_limited: seconds to wait. */
  retryAfter?: number
  /** For upload_offset: the bytes of the upload the server holds, where the next chunk must start. */
  received?: number
  /** For cursor_too_old, when the request named a timeline that is not the server's: as PullResponse.forkRev. */
  forkRev?: number
  /** With forkRev: as PullResponse.forkRevs. */
  forkRevs?: Record<string, number>
}

export type ResyncReason = 'purged' | 'serverBehind'

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'too_large'
  | 'unsupported_protocol'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'setup_done'
  | 'name_taken'
  | 'bad_credentials'
  | 'account_disabled'
  | 'cursor_too_old'
  | 'internal'
  | BlobErrorCode

/**
 * The sync wire format, version 1 (documented for third-party clients in docs/sync-protocol.md). The request
 * schemas are what the server validates every body against; the response types are what it sends back.
 */
import * as z from 'zod/mini'
import type { FieldError } from '../validation'
import { RECORD_TABLES, type RecordTable } from '../records'

export const PROTOCOL_VERSION = 1

/** Most mutations one push may carry, and most changes one pull returns. */
export const MAX_PUSH_MUTATIONS = 500
export const MAX_PULL_LIMIT = 2000
export const DEFAULT_PULL_LIMIT = 1000

export const MUTATION_OPS = ['create', 'update', 'delete', 'restore', 'resolve'] as const
export type MutationOp = (typeof MUTATION_OPS)[number]

const uuid = () => z.string().check(z.uuid())
const isoTime = () => z.string().check(z.minLength(10), z.maxLength(40), z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/))
const protocol = () => z.int().check(z.gte(1))
const table = () => z.enum(RECORD_TABLES as unknown as [RecordTable, ...RecordTable[]])

export const mutationSchema = z.object({
  /** Client-generated UUID of this change. */
  id: uuid(),
  /** Per-device sequence number: strictly increasing, never reused. */
  seq: z.int().check(z.gte(1)),
  table: table(),
  recordId: uuid(),
  op: z.enum(MUTATION_OPS),
  /** The fields this change sets (deletedAt for delete and restore), each with its new value. */
  changes: z.record(z.string(), z.unknown()),
  /** The server revision of the record the change was made on; null if the device never had it from the server. */
  baseRev: z.nullable(z.int().check(z.gte(0))),
  /** When the person made the change, by the device's clock: shown to people, never used for ordering. */
  at: isoTime(),
  /** For op 'resolve': the ids of the conflicts this change settles. */
  resolves: z.optional(z.array(uuid()).check(z.maxLength(200))),
})
export type Mutation = z.infer<typeof mutationSchema>

export const pushRequestSchema = z.object({
  protocol: protocol(),
  deviceId: uuid(),
  mutations: z.array(mutationSchema).check(z.minLength(1), z.maxLength(MAX_PUSH_MUTATIONS)),
})
export type PushRequest = z.infer<typeof pushRequestSchema>

export const pullRequestSchema = z.object({
  protocol: protocol(),
  deviceId: uuid(),
  /** The highest revision this device has applied; 0 to start from the beginning. */
  cursor: z.int().check(z.gte(0)),
  limit: z.optional(z.int().check(z.gte(1), z.lte(MAX_PULL_LIMIT))),
  /** Ask for `remaining`, the number of changes after the cursor (for a progress bar). */
  countRemaining: z.optional(z.boolean()),
})
export type PullRequest = z.infer<typeof pullRequestSchema>

export type MutationStatus = 'applied' | 'merged' | 'conflict' | 'refused'

export type RefusalCode = 'invalid' | 'unknown_field' | 'not_found' | 'bad_op'

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
  table: RecordTable
  id: string
  rev: number
  fields: Record<string, unknown>
  createdAt: string
  updatedAt: string
  /** The device that made the latest change. */
  deviceId: string
  deletedAt: string | null
  conflicts: Conflict[]
}

export interface PullResponse {
  protocol: number
  changes: RecordState[]
  /** Pass back as the next cursor. */
  cursor: number
  hasMore: boolean
  remaining?: number
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
  /** For rate_limited: seconds to wait. */
  retryAfter?: number
}

export type ErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'too_large'
  | 'unsupported_protocol'
  | 'unauthorized'
  | 'forbidden'
  | 'foreign_record'
  | 'not_found'
  | 'rate_limited'
  | 'setup_done'
  | 'name_taken'
  | 'bad_credentials'
  | 'account_disabled'
  | 'cursor_too_old'
  | 'internal'

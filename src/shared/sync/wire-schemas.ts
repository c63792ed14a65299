/**
 * The zod schemas of the sync requests: every push, pull and wait body is checked against these before the
 * server does anything with it. The types the app uses are inferred here and re-exported by protocol.ts.
 */
import * as z from 'zod/mini'
import { SYNCED_TABLES, type SyncedTable } from '../records'
import {
  MAX_CONFLICTS_PER_RECORD,
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  MAX_WAIT_SECONDS,
  MUTATION_OPS,
} from './protocol'

const uuid = () => z.string().check(z.uuid())
const isoTime = () => z.string().check(z.minLength(10), z.maxLength(40), z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/))
const protocol = () => z.int().check(z.gte(1))
const table = () => z.enum(SYNCED_TABLES as unknown as [SyncedTable, ...SyncedTable[]])

/** A conflict as pulled (protocol.ts, Conflict), sent back by a device after the server lost it in a restore. */
const keptConflictSchema = z.object({
  id: uuid(),
  kind: z.enum(['field', 'delete']),
  field: z.string().check(z.minLength(1), z.maxLength(100)),
  value: z.unknown(),
  deviceId: uuid(),
  at: isoTime(),
  rev: z.optional(z.int().check(z.gte(0))),
})

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
  /** For a create: the unit that will own the record (a collective study session); absent for a personal one. */
  unitId: z.optional(uuid()),
  /** Conflicts the device holds that the server lost in a restore from a backup (create and update only). */
  keepConflicts: z.optional(z.array(keptConflictSchema).check(z.maxLength(MAX_CONFLICTS_PER_RECORD))),
})
export type Mutation = z.infer<typeof mutationSchema>

const timeline = () => z.optional(z.string().check(z.minLength(1), z.maxLength(100)))

export const pushRequestSchema = z.object({
  protocol: protocol(),
  deviceId: uuid(),
  mutations: z.array(mutationSchema).check(z.minLength(1), z.maxLength(MAX_PUSH_MUTATIONS)),
  /** The timeline the device's base revisions belong to: on another one, the server reads them as of the fork. */
  timeline: timeline(),
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
  /** The timeline the device stored with its cursor: when it is not the server's, the answer says where they forked. */
  timeline: timeline(),
})
export type PullRequest = z.infer<typeof pullRequestSchema>

export const waitRequestSchema = z.object({
  protocol: protocol(),
  deviceId: uuid(),
  /** Answer as soon as the account has a change after this revision. */
  cursor: z.int().check(z.gte(0)),
  timeoutSeconds: z.optional(z.int().check(z.gte(1), z.lte(MAX_WAIT_SECONDS))),
})
export type WaitRequest = z.infer<typeof waitRequestSchema>

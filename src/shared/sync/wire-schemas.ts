/**
 * The zod schemas of the sync requests: every push, pull and wait body is checked against these before the
 * server does anything with it. The types the app uses are inferred here and re-exported by protocol.ts.
 */
import * as z from 'zod/mini'
import { RECORD_TABLES, type RecordTable } from '../records'
import { MAX_PULL_LIMIT, MAX_PUSH_MUTATIONS, MAX_WAIT_SECONDS, MUTATION_OPS } from './protocol'

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

export const waitRequestSchema = z.object({
  protocol: protocol(),
  deviceId: uuid(),
  /** Answer as soon as the account has a change after this revision. */
  cursor: z.int().check(z.gte(0)),
  timeoutSeconds: z.optional(z.int().check(z.gte(1), z.lte(MAX_WAIT_SECONDS))),
})
export type WaitRequest = z.infer<typeof waitRequestSchema>

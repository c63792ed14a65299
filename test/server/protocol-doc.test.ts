/**
 * Keeps docs/sync-protocol.md honest: its push, pull and wait request examples must be bodies the server accepts,
 * and it must name every error code, refusal code, status, op, table and record field the wire has.
 *
 * Convention: a request example that a client could send as it is has the line `<!-- request: push -->`,
 * `<!-- request: pull -->` or `<!-- request: wait -->` right before its ```json block. Examples of bodies the
 * server refuses carry no marker.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { RECORD_TABLES, recordTypes } from '../../src/shared/records'
import {
  MAX_PUSH_MUTATIONS,
  MUTATION_OPS,
  PROTOCOL_VERSION,
  type ErrorCode,
  type MutationStatus,
  type RefusalCode,
  type ResyncReason,
} from '../../src/shared/sync/protocol'
import { pullRequestSchema, pushRequestSchema, waitRequestSchema } from '../../src/shared/sync/wire-schemas'

const DOC_PATH = new URL('../../docs/sync-protocol.md', import.meta.url)
const doc = readFileSync(DOC_PATH, 'utf8')

/** Every code of the union, checked by the compiler: a code added to ErrorCode and not here fails typechecking. */
const ERROR_CODES: Record<ErrorCode, true> = {
  invalid_json: true,
  invalid_request: true,
  too_large: true,
  unsupported_protocol: true,
  unauthorized: true,
  forbidden: true,
  not_found: true,
  rate_limited: true,
  setup_done: true,
  name_taken: true,
  bad_credentials: true,
  account_disabled: true,
  cursor_too_old: true,
  internal: true,
  unsupported_type: true,
  upload_offset: true,
  hash_mismatch: true,
}
const REFUSAL_CODES: Record<RefusalCode, true> = {
  invalid: true,
  unknown_field: true,
  not_found: true,
  bad_op: true,
  forbidden: true,
}
const STATUSES: Record<MutationStatus, true> = { applied: true, merged: true, conflict: true, refused: true }
const RESYNC_REASONS: Record<ResyncReason, true> = { purged: true, serverBehind: true }

const SCHEMAS = { push: pushRequestSchema, pull: pullRequestSchema, wait: waitRequestSchema }
type RequestKind = keyof typeof SCHEMAS

interface JsonBlock {
  /** 1-based line of the opening fence. */
  line: number
  text: string
  /** The request marker right before the block, if any. */
  request: RequestKind | null
}

const MARKER = /^<!-- request: (push|pull|wait) -->$/

function jsonBlocks(markdown: string): JsonBlock[] {
  const lines = markdown.split('\n')
  const blocks: JsonBlock[] = []
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```json') continue
    const end = lines.indexOf('```', i + 1)
    if (end === -1) throw new Error(`the json block at line ${i + 1} is never closed`)
    const marker = MARKER.exec(lines[i - 1] ?? '')
    blocks.push({
      line: i + 1,
      text: lines.slice(i + 1, end).join('\n'),
      request: marker ? (marker[1] as RequestKind) : null,
    })
    i = end
  }
  return blocks
}

/** The markers that are not directly followed by a json block (a marker that would silently check nothing). */
function strayMarkers(markdown: string): number[] {
  const lines = markdown.split('\n')
  return lines.flatMap((line, i) => (MARKER.test(line) && lines[i + 1] !== '```json' ? [i + 1] : []))
}

function problemsOf(block: JsonBlock): string[] {
  if (block.request === null) return []
  const result = SCHEMAS[block.request].safeParse(JSON.parse(block.text) as unknown)
  if (!result.success)
    return result.error.issues.map(
      (issue) => `line ${block.line}: ${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`,
    )
  const problems: string[] = []
  if (result.data.protocol !== PROTOCOL_VERSION)
    problems.push(`line ${block.line}: protocol ${result.data.protocol}, the server speaks ${PROTOCOL_VERSION}`)
  if ('mutations' in result.data) {
    // The server also refuses a push whose mutations are not in strictly increasing seq order.
    const seqs = result.data.mutations.map((m) => m.seq)
    if (seqs.some((seq, i) => i > 0 && seq <= seqs[i - 1]!))
      problems.push(`line ${block.line}: seq not strictly increasing (${seqs.join(', ')})`)
  }
  return problems
}

/** Whether the doc names a word as code: `word`. */
function mentions(word: string): boolean {
  return doc.includes(`\`${word}\``)
}

describe('docs/sync-protocol.md', () => {
  const blocks = jsonBlocks(doc)

  it('has only json blocks that are valid JSON', () => {
    const broken = blocks.flatMap((block) => {
      try {
        JSON.parse(block.text)
        return []
      } catch (error) {
        return [`line ${block.line}: ${error instanceof Error ? error.message : String(error)}`]
      }
    })
    expect(broken).toEqual([])
  })

  it('puts every request marker right before a json block', () => {
    expect(strayMarkers(doc)).toEqual([])
  })

  it('has push request examples the server accepts', () => {
    const pushes = blocks.filter((b) => b.request === 'push')
    expect(pushes.length).toBeGreaterThanOrEqual(5)
    expect(pushes.flatMap(problemsOf)).toEqual([])
  })

  it('has pull request examples the server accepts', () => {
    const pulls = blocks.filter((b) => b.request === 'pull')
    expect(pulls.length).toBeGreaterThanOrEqual(3)
    expect(pulls.flatMap(problemsOf)).toEqual([])
  })

  it('has wait request examples the server accepts', () => {
    const waits = blocks.filter((b) => b.request === 'wait')
    expect(waits.length).toBeGreaterThanOrEqual(1)
    expect(waits.flatMap(problemsOf)).toEqual([])
  })

  it('shows every mutation op in a push example', () => {
    const ops = new Set(
      blocks
        .filter((b) => b.request === 'push')
        .flatMap((b) => pushRequestSchema.parse(JSON.parse(b.text)).mutations.map((m) => m.op)),
    )
    expect([...MUTATION_OPS].filter((op) => !ops.has(op))).toEqual([])
  })

  it('names every error code', () => {
    expect(Object.keys(ERROR_CODES).filter((code) => !mentions(code))).toEqual([])
  })

  it('names every refusal code, result status, op, table and resync reason', () => {
    const words = [
      ...Object.keys(REFUSAL_CODES),
      ...Object.keys(STATUSES),
      ...MUTATION_OPS,
      ...RECORD_TABLES,
      ...Object.keys(RESYNC_REASONS).map((r) => `"${r}"`),
    ]
    expect(words.filter((word) => !mentions(word))).toEqual([])
  })

  it('lists every field of every record type', () => {
    const missing = RECORD_TABLES.flatMap((table) =>
      Object.keys(recordTypes[table].specs)
        .filter((field) => !mentions(field))
        .map((field) => `${table}.${field}`),
    )
    expect(missing).toEqual([])
  })

  it('states the limits the code enforces', () => {
    expect(doc).toContain(`up to ${MAX_PUSH_MUTATIONS}`)
    expect(doc).toContain(`The current protocol version is **${PROTOCOL_VERSION}**`)
  })
})

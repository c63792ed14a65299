/**
 * Reads a JSON request body within a size limit and checks it against a shared zod schema. Whatever is wrong
 * (too big, not JSON, wrong shape) becomes a 4xx with a readable message before any work is done.
 */
import type { Context } from 'hono'
import type { IncomingMessage } from 'node:http'
import type * as z from 'zod/mini'
import { PROTOCOL_VERSION } from '../../shared/sync/protocol'
import { findTextProblem } from '../../shared/sync/request-text'
import type { FieldError } from '../../shared/validation'
import { ApiError, apiError } from './errors'

export const SMALL_BODY_BYTES = 64 * 1024

/** The request body as bytes, refused with 413 once it is over the limit (declared or actually sent). */
export async function readBytes(
  c: Context,
  maxBytes: number,
  cutOff: () => ApiError = bodyCutOff,
): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? NaN)
  if (declared > maxBytes) throw tooLarge(maxBytes)
  // Over a socket, Node's HTTP parser reads no more than the declared length: the body can be read whole, and
  // @hono/node-server then reads it straight from the socket, without the web stream (a tenth of a request's CPU).
  const isOverSocket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming !== undefined
  let body: Uint8Array
  try {
    body =
      isOverSocket && Number.isInteger(declared)
        ? new Uint8Array(await c.req.raw.arrayBuffer())
        : await readAtMost(c.req.raw.body, maxBytes)
  } catch (error) {
    // The client went away mid-body (a phone losing its signal): a 4xx nobody may read, not a server error.
    throw error instanceof ApiError ? error : cutOff()
  }
  if (body.byteLength > maxBytes) throw tooLarge(maxBytes)
  return body
}

export async function readJson(c: Context, maxBytes: number = SMALL_BODY_BYTES): Promise<unknown> {
  const body = await readBytes(c, maxBytes)
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown
  } catch {
    throw apiError(400, 'invalid_json', '请求内容不是有效的 JSON', { messageEn: 'The request body is not valid JSON' })
  }
}

export async function readBody<S extends z.ZodMiniType>(c: Context, schema: S, maxBytes?: number): Promise<z.infer<S>> {
  return parseBody(await readJson(c, maxBytes), schema)
}

/** For sync requests: an unknown protocol version is answered before the shape is checked. */
export async function readSyncBody<S extends z.ZodMiniType>(
  c: Context,
  schema: S,
  maxBytes?: number,
): Promise<z.infer<S>> {
  const body = await readJson(c, maxBytes)
  const protocol = typeof body === 'object' && body !== null ? (body as { protocol?: unknown }).protocol : undefined
  if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) {
    const isClientOlder = protocol < PROTOCOL_VERSION
    throw apiError(
      400,
      'unsupported_protocol',
      isClientOlder
        ? '应用版本过旧，无法同步。请刷新页面或点“新版本可用”更新应用后再试。'
        : '服务器版本较旧，暂时无法同步。请联系管理员更新服务器。',
      {
        messageEn: `This server speaks sync protocol ${PROTOCOL_VERSION}; the request used ${protocol}`,
      },
    )
  }
  return parseBody(body, schema)
}

function parseBody<S extends z.ZodMiniType>(body: unknown, schema: S): z.infer<S> {
  const text = findTextProblem(body)
  if (text) {
    const where = text.path || '请求'
    throw apiError(400, 'invalid_request', `请求内容不符合要求：${where}${text.message}`, {
      messageEn: `${text.path || 'The body'} ${text.messageEn}`,
      fields: [{ path: text.path, message: text.message }],
    })
  }
  const result = schema.safeParse(body, { reportInput: true })
  if (result.success) return result.data
  const fields: FieldError[] = result.error.issues
    .slice(0, 20)
    .map((issue) => ({ path: issue.path.map(String).join('.'), message: describe(issue) }))
  const where = fields
    .map((f) => `${f.path || '请求'}${f.message}`)
    .slice(0, 3)
    .join('；')
  throw apiError(400, 'invalid_request', `请求内容不符合要求：${where}`, {
    messageEn: 'The request body does not match the protocol',
    fields,
  })
}

function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '缺失' : `类型不正确（应为 ${issue.expected}）`
    case 'too_small':
      return `过小或过短（至少 ${String(issue.minimum)}）`
    case 'too_big':
      return `过大或过长（至多 ${String(issue.maximum)}）`
    case 'invalid_value':
      return `取值无效（可选：${issue.values.map(String).join('、')}）`
    case 'invalid_format':
      return '格式不正确'
    case 'unrecognized_keys':
      return `含有无法识别的字段 ${issue.keys.join('、')}`
    default:
      return '不正确'
  }
}

/**
 * A body without a Content-Length (chunked) is read only up to the limit: reading it whole first would let one
 * request make the server hold any amount of memory before it is refused.
 */
async function readAtMost(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array> {
  if (!stream) return new Uint8Array(0)
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge(maxBytes)
    }
    chunks.push(next.value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

function bodyCutOff(): ApiError {
  return apiError(400, 'invalid_request', '请求内容没有完整收到，请重试', {
    messageEn: 'The request body broke off before its end: send it again',
  })
}

function tooLarge(maxBytes: number) {
  const size =
    maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`
  return apiError(413, 'too_large', `请求内容过大（上限 ${size}）`, {
    messageEn: `The request body is larger than ${size}`,
  })
}

/** The refusals of the blob routes, each with the Chinese message the app shows and the English one for logs. */
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../shared/attachments'
import { MAX_CHUNK_BYTES, MIN_CHUNK_BYTES } from '../../shared/sync/blob-protocol'
import { apiError } from '../http/errors'

const MAX_MB = MAX_ATTACHMENT_BYTES / 1024 / 1024

export const notAHash = (value: string) =>
  apiError(400, 'invalid_request', '照片编号无效（应为 64 位十六进制的 SHA-256）', {
    messageEn: `"${value.slice(0, 80)}" is not a SHA-256 in lowercase hexadecimal`,
  })

export const badRange = (why: string) =>
  apiError(400, 'invalid_request', '照片上传请求的字节范围不正确', { messageEn: why })

export const chunkTooLarge = (length: number) =>
  apiError(413, 'too_large', `照片分段过大（上限 ${MAX_CHUNK_BYTES / 1024} KB）`, {
    messageEn: `A chunk may carry at most ${MAX_CHUNK_BYTES} bytes; this one says ${length}`,
  })

export const bodyCutOff = () =>
  apiError(400, 'invalid_request', '照片分段没有完整收到，请重新发送这一段', {
    messageEn: 'The request body broke off before its end: send the chunk again',
  })

export const chunkTooSmall = () =>
  apiError(400, 'invalid_request', '照片分段过小', {
    messageEn: `A chunk that does not end the photo must be at least ${MIN_CHUNK_BYTES / 1024} KB`,
  })

export const blobTooLarge = (total: number) =>
  apiError(413, 'too_large', `照片过大（上限 ${MAX_MB} MB），请压缩后再上传`, {
    messageEn: `The photo is ${total} bytes; the limit is ${MAX_ATTACHMENT_BYTES} bytes (${MAX_MB} MB)`,
  })

export const unsupportedType = (declared: string) =>
  apiError(415, 'unsupported_type', '只能上传 JPEG 或 WebP 格式的照片', {
    messageEn: `Content-Type "${declared.slice(0, 80)}" is not accepted: send ${ATTACHMENT_TYPES.join(' or ')}`,
  })

export const typeMismatch = (declared: string, actual: string | null) =>
  apiError(415, 'unsupported_type', '照片内容与声明的格式不符，只能上传 JPEG 或 WebP 格式的照片', {
    messageEn: `The bytes are ${actual ?? 'neither JPEG nor WebP'}, but the request says ${declared}`,
  })

export const wrongOffset = (start: number, received: number) =>
  apiError(409, 'upload_offset', '照片上传进度与服务器不一致，将从断点继续', {
    messageEn: `The chunk starts at byte ${start}, but the server holds ${received} bytes of this photo: send from ${received}`,
    received,
  })

export const hashMismatch = (hash: string, actual: string) =>
  apiError(422, 'hash_mismatch', '照片上传后校验失败，已丢弃，请重新上传', {
    messageEn: `The bytes received have SHA-256 ${actual}, not ${hash}: the upload was discarded, start again from 0`,
  })

export const blobNotFound = () =>
  apiError(404, 'not_found', '照片不存在或尚未上传完成', { messageEn: 'This account has no photo with that hash' })

/**
 * Errors as values a client can act on: every 4xx/5xx is JSON with a machine code and a Chinese message a person
 * can read (see ErrorBody in the protocol). Route code throws ApiError; the app's error handler sends it.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorBody, ErrorCode } from '../../shared/sync/protocol'

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: ErrorBody,
  ) {
    super(`${body.error}: ${body.messageEn ?? body.message}`)
    this.name = 'ApiError'
  }
}

export function apiError(
  status: ContentfulStatusCode,
  error: ErrorCode,
  message: string,
  extra: Omit<ErrorBody, 'error' | 'message'> = {},
): ApiError {
  return new ApiError(status, { error, message, ...extra })
}

export const unauthorized = () =>
  apiError(401, 'unauthorized', '登录已失效，请重新输入密码', { messageEn: 'Signed out: enter your password again' })
export const forbidden = () =>
  apiError(403, 'forbidden', '只有管理员可以进行此操作', { messageEn: 'Only an administrator can do this' })

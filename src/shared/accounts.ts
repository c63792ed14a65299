/**
 * The rules for account names and passwords, shared by the sign-in and first-run forms, the administrator's
 * screens, the admin CLI and the server, so a name the form accepts is a name the server accepts.
 */
import type { Locale } from './localized'
import type { FieldError } from './validation'

export const NAME_MIN = 2
export const NAME_MAX = 32
export const DISPLAY_NAME_MAX = 50
export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 200

/** Sign-in matches names without regard to case or surrounding spaces. */
export function nameKeyOf(name: string): string {
  return name.trim().toLowerCase()
}

export function checkAccountName(name: unknown, locale: Locale = 'zh-CN'): string | null {
  const zh = locale === 'zh-CN'
  if (typeof name !== 'string' || name.trim() === '') return zh ? '请填写用户名' : 'Enter a user name'
  const trimmed = name.trim()
  if ([...trimmed].length < NAME_MIN || [...trimmed].length > NAME_MAX) return zh ? `用户名须为 ${NAME_MIN}–${NAME_MAX} 个字符` : `The user name must be ${NAME_MIN}–${NAME_MAX} characters`
  if (/[\s\p{Cc}]/u.test(trimmed)) return zh ? '用户名不能包含空格' : 'The user name cannot contain spaces'
  return null
}

export function checkPassword(password: unknown, locale: Locale = 'zh-CN'): string | null {
  const zh = locale === 'zh-CN'
  if (typeof password !== 'string' || password === '') return zh ? '请填写密码' : 'Enter a password'
  if (password.length < PASSWORD_MIN) return zh ? `密码至少 ${PASSWORD_MIN} 位` : `The password needs at least ${PASSWORD_MIN} characters`
  if (password.length > PASSWORD_MAX) return zh ? `密码不能超过 ${PASSWORD_MAX} 位` : `The password must be at most ${PASSWORD_MAX} characters`
  return null
}

export function checkDisplayName(displayName: unknown, locale: Locale = 'zh-CN'): string | null {
  if (displayName === undefined || displayName === '') return null
  const zh = locale === 'zh-CN'
  if (typeof displayName !== 'string') return zh ? '姓名格式不正确' : 'The name has the wrong format'
  if ([...displayName.trim()].length > DISPLAY_NAME_MAX) return zh ? `姓名不能超过 ${DISPLAY_NAME_MAX} 个字` : `The name must be at most ${DISPLAY_NAME_MAX} characters`
  return null
}

export interface NewAccountInput {
  name: string
  password: string
  displayName?: string
}

/** Every problem of a new account's fields, one per field, in the reader's language. */
export function checkNewAccount(input: Partial<Record<keyof NewAccountInput, unknown>>, locale: Locale = 'zh-CN'): FieldError[] {
  const errors: FieldError[] = []
  const name = checkAccountName(input.name, locale)
  if (name) errors.push({ path: 'name', message: name })
  const displayName = checkDisplayName(input.displayName, locale)
  if (displayName) errors.push({ path: 'displayName', message: displayName })
  const password = checkPassword(input.password, locale)
  if (password) errors.push({ path: 'password', message: password })
  return errors
}

export type { NewAccountRequest, PasswordChangeRequest, SetupRequest, SignInRequest } from './account-schemas'

/** An account as the server shows it to its owner and to administrators. */
export interface AccountInfo {
  id: string
  name: string
  displayName: string
  isAdmin: boolean
  isDisabled: boolean
  createdAt: string
}

export interface SignInResponse {
  token: string
  account: AccountInfo
}

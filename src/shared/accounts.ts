/**
 * The rules for account names and passwords, shared by the sign-in and first-run forms, the administrator's
 * screens, the admin CLI and the server, so a name the form accepts is a name the server accepts.
 *
 * Names follow the PRECIS UsernameCaseMapped profile (RFC 8265) in spirit: width and compatibility forms are
 * mapped (NFKC, so full-width `ａｄｍｉｎ` is `admin`), the key compares lower case, and what a person cannot see
 * or tell apart is refused: spaces, control and format characters (zero-width, bidi controls), unassigned and
 * private-use code points, symbols, and letters of Latin, Cyrillic and Greek mixed in one name (`аdmin` with a
 * Cyrillic а). The server also refuses the most common passwords (src/server/auth/password-policy.ts): that list
 * is too large for the app, so the forms check only the rules here and show the server's refusal on the field.
 */
import type { Locale } from './localized'
import type { FieldError } from './validation'

export const NAME_MIN = 2
export const NAME_MAX = 32
export const DISPLAY_NAME_MAX = 50
export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 200

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu')
const UNKNOWN = /[\p{Cn}\p{Co}\p{Cs}]/u
/** PRECIS IdentifierClass, roughly: letters and marks of any script, and printable ASCII (digits, `.`, `_`, `-`, `@`…). */
const ALLOWED = /^[\p{L}\p{M}\x21-\x7e]+$/u
const RIGHT_TO_LEFT = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u
/** Cyrillic and Greek letters that pass for Latin ones in most fonts. */
const LATIN_LOOKALIKES = new Set('АаВЕеЅѕІіЈјКкМНОоРрСсТУуХхԁһӏԛԜԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορτυχ')

/** The name as stored and shown: compatibility and full-width forms mapped (NFKC), surrounding spaces removed. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').trim()
}

/**
 * What sign-in and uniqueness compare: the normalized name in lower case, without invisible characters (a name
 * pasted with a zero-width space still finds its account; new names cannot contain one).
 */
export function nameKeyOf(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE_ALL, '').trim().toLowerCase().normalize('NFKC')
}

export function checkAccountName(name: unknown, locale: Locale = 'zh-CN'): string | null {
  const zh = locale === 'zh-CN'
  if (typeof name !== 'string' || name.trim() === '') return zh ? '请填写用户名' : 'Enter a user name'
  const normalized = normalizeName(name)
  const length = [...normalized].length
  if (length < NAME_MIN || length > NAME_MAX)
    return zh ? `用户名须为 ${NAME_MIN}–${NAME_MAX} 个字符` : `The user name must be ${NAME_MIN}–${NAME_MAX} characters`
  if (/\s/u.test(normalized)) return zh ? '用户名不能包含空格' : 'The user name cannot contain spaces'
  if (INVISIBLE.test(normalized))
    return zh ? '用户名不能包含看不见的字符或控制字符' : 'The user name cannot contain invisible or control characters'
  if (UNKNOWN.test(normalized))
    return zh ? '用户名包含无法识别的字符' : 'The user name contains characters that cannot be recognized'
  if (!ALLOWED.test(normalized))
    return zh
      ? '用户名只能包含文字、字母、数字和英文标点'
      : 'The user name can only contain letters, digits and ASCII punctuation'
  if (isConfusable(normalized))
    return zh
      ? '用户名不能混用拉丁、西里尔、希腊字母，也不能用形似拉丁字母的西里尔或希腊字母'
      : 'The user name cannot mix Latin, Cyrillic and Greek letters, or use Cyrillic or Greek letters that look Latin'
  if (!isDirectionClear(normalized))
    return zh
      ? '用户名不能混用从右向左书写的文字与其他文字'
      : 'The user name cannot mix right-to-left script with other letters'
  return null
}

/** A name a reader could take for another: Latin, Cyrillic and Greek letters mixed, or Cyrillic or Greek that only looks Latin. */
function isConfusable(name: string): boolean {
  const letters = [...name].filter((c) => /\p{L}/u.test(c))
  const scripts = new Set(
    letters.map((c) =>
      /\p{Script=Latin}/u.test(c)
        ? 'Latin'
        : /\p{Script=Cyrillic}/u.test(c)
          ? 'Cyrillic'
          : /\p{Script=Greek}/u.test(c)
            ? 'Greek'
            : 'other',
    ),
  )
  scripts.delete('other')
  if (scripts.size > 1) return true
  return (scripts.has('Cyrillic') || scripts.has('Greek')) && letters.every((c) => LATIN_LOOKALIKES.has(c))
}

/** The bidi rule of RFC 5893, simplified: a right-to-left name holds no other letters and starts with a letter. */
function isDirectionClear(name: string): boolean {
  if (!RIGHT_TO_LEFT.test(name)) return true
  return RIGHT_TO_LEFT.test([...name][0]!) && [...name].every((c) => !/\p{L}/u.test(c) || RIGHT_TO_LEFT.test(c))
}

/** Whose password it is, for the rules that refuse a password made of the account's own name. */
export interface PasswordOwner {
  name?: unknown
  displayName?: unknown
}

export function passwordTooCommonMessage(locale: Locale = 'zh-CN'): string {
  return locale === 'zh-CN'
    ? '这个密码太常见，很容易被猜到，请换一个'
    : 'This password is too common and easy to guess: choose another'
}

export function checkPassword(password: unknown, locale: Locale = 'zh-CN', owner: PasswordOwner = {}): string | null {
  const zh = locale === 'zh-CN'
  if (typeof password !== 'string' || password === '') return zh ? '请填写密码' : 'Enter a password'
  if (password.length < PASSWORD_MIN)
    return zh ? `密码至少 ${PASSWORD_MIN} 位` : `The password needs at least ${PASSWORD_MIN} characters`
  if (password.length > PASSWORD_MAX)
    return zh ? `密码不能超过 ${PASSWORD_MAX} 位` : `The password must be at most ${PASSWORD_MAX} characters`
  const folded = foldPassword(password)
  if (isPattern(folded)) return passwordTooCommonMessage(locale)
  if (isOwnName(folded, owner))
    return zh
      ? '密码不能是用户名或姓名，也不能只在它们前后加几个数字或符号'
      : 'The password cannot be the user name or name, or one of them with a few digits or symbols added'
  return null
}

/** How passwords are compared with names and with the common ones: NFKC (full-width digits too), lower case. */
export function foldPassword(password: string): string {
  return password.normalize('NFKC').toLowerCase()
}

/** A short run repeated (`88888888`, `123123123`, `asdasdasd`) or a straight run (`87654321`, `abcdefgh`). */
function isPattern(folded: string): boolean {
  if (/^(.{1,4})\1+$/u.test(folded)) return true
  const codes = [...folded].map((c) => c.codePointAt(0)!)
  const step = codes[1]! - codes[0]!
  return (step === 1 || step === -1) && codes.every((code, i) => i === 0 || code - codes[i - 1]! === step)
}

/** The name or display name, alone or with only digits, symbols or a few characters around it (`admin1234`). */
function isOwnName(folded: string, owner: PasswordOwner): boolean {
  const names = [owner.name, owner.displayName]
    .filter((n): n is string => typeof n === 'string')
    .map(nameKeyOf)
    .filter((n) => [...n].length >= NAME_MIN)
  const trimmed = folded.trim()
  return names.some((name) => {
    if (!trimmed.includes(name)) return false
    const rest = trimmed.replace(name, '')
    return [...rest].length <= 3 || /^[\p{N}\p{P}\p{S}\s]*$/u.test(rest)
  })
}

export function checkDisplayName(displayName: unknown, locale: Locale = 'zh-CN'): string | null {
  if (displayName === undefined || displayName === '') return null
  const zh = locale === 'zh-CN'
  if (typeof displayName !== 'string') return zh ? '姓名格式不正确' : 'The name has the wrong format'
  if ([...displayName.trim()].length > DISPLAY_NAME_MAX)
    return zh ? `姓名不能超过 ${DISPLAY_NAME_MAX} 个字` : `The name must be at most ${DISPLAY_NAME_MAX} characters`
  // Shown beside the user name (张三（zhangsan）): a bidi control here could reorder what the reader sees.
  if (/[\p{Cc}\p{Cf}]/u.test(displayName))
    return zh ? '姓名不能包含看不见的字符或控制字符' : 'The name cannot contain invisible or control characters'
  return null
}

export interface NewAccountInput {
  name: string
  password: string
  displayName?: string
}

/** Every problem of a new account's fields, one per field, in the reader's language. */
export function checkNewAccount(
  input: Partial<Record<keyof NewAccountInput, unknown>>,
  locale: Locale = 'zh-CN',
): FieldError[] {
  const errors: FieldError[] = []
  const name = checkAccountName(input.name, locale)
  if (name) errors.push({ path: 'name', message: name })
  const displayName = checkDisplayName(input.displayName, locale)
  if (displayName) errors.push({ path: 'displayName', message: displayName })
  const password = checkPassword(input.password, locale, { name: input.name, displayName: input.displayName })
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

/**
 * A device that has signed in to the account (GET /api/auth/devices), by the id its changes and conflicts carry: so
 * a phone can say which device wrote a version ("Android · Chrome") instead of "another device".
 */
/** Another account's device, named for a conflict on a unit's record (GET /api/auth/devices?others=). */
export interface ColleagueDevice {
  deviceId: string
  /** As the device named itself at its latest sign-in; '' if it gave none. */
  name: string
  accountId: string
  displayName: string
}

export interface AccountDevice {
  deviceId: string
  /** As the device named itself at its latest sign-in, e.g. "Android · Chrome"; '' if it gave none. */
  name: string
  /** Its latest sign-in. */
  signedInAt: string
}

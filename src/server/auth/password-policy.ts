/**
 * Every password that is set (first-run setup, an administrator's new account or reset, one's own change, the
 * admin CLI) passes the shared rules (src/shared/accounts.ts) and is refused if it is one of the most common
 * passwords (ASVS 2.1.7). The list is the ranked one that zxcvbn-ts maintains (@zxcvbn-ts/language-common, MIT,
 * 49,233 passwords), installed with the server and never fetched at run time. It is read on first use, not when
 * this module is imported, so a server that sets no password never holds it (about 4 MB of heap, 50–80 ms to read).
 */
import type { Locale } from '../../shared/localized'
import type { FieldError } from '../../shared/validation'
import {
  checkNewAccount,
  checkPassword,
  foldPassword,
  passwordTooCommonMessage,
  type NewAccountInput,
  type PasswordOwner,
} from '../../shared/accounts'

/**
 * Passwords common among Chinese users that the list, drawn mostly from English-speaking sites, lacks; repeated
 * and straight runs (88888888, 87654321) are refused by the shared rules already.
 */
const COMMON_IN_CHINA = [
  'woaini1314',
  'woaini520',
  'iloveyou1314',
  '5201314520',
  'qq5201314',
  'wodemima',
  'mima1234',
  'woaiwojia',
  'woshishui',
  '7758521',
  '7758258',
  'dearbook',
  'xiazhili',
  'zhang123',
  'wang1234',
  'admin888',
  'root1234',
  'guest123',
  'caonima',
]

let common: Promise<ReadonlySet<string>> | undefined

function commonPasswords(): Promise<ReadonlySet<string>> {
  common ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set([...dictionary['passwords-common'], ...COMMON_IN_CHINA]),
  )
  return common
}

/** Whether the password is on the list, whatever its case, width or surrounding spaces (`Password1`, `１２３４５６７８`). */
export async function isCommonPassword(password: string): Promise<boolean> {
  const list = await commonPasswords()
  const folded = foldPassword(password)
  return list.has(folded) || list.has(folded.trim())
}

/** What is wrong with a new password for this owner, or null: the shared rules first, then the list. */
export async function passwordProblem(
  password: unknown,
  owner: PasswordOwner,
  locale: Locale = 'zh-CN',
): Promise<string | null> {
  const problem = checkPassword(password, locale, owner)
  if (problem !== null) return problem
  return typeof password === 'string' && (await isCommonPassword(password)) ? passwordTooCommonMessage(locale) : null
}

/** checkNewAccount, and the common-password list for a password the shared rules let through. */
export async function newAccountProblems(
  input: Partial<Record<keyof NewAccountInput, unknown>>,
  locale: Locale = 'zh-CN',
): Promise<FieldError[]> {
  const errors = checkNewAccount(input, locale)
  if (
    !errors.some((e) => e.path === 'password') &&
    typeof input.password === 'string' &&
    (await isCommonPassword(input.password))
  ) {
    errors.push({ path: 'password', message: passwordTooCommonMessage(locale) })
  }
  return errors
}

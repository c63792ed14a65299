/**
 * Validation with messages a person can act on: every refusal names the field (by its label, in the reader's
 * language) and says what to do. The same function serves forms (zh-CN) and, later, the server's 4xx bodies.
 */
import type { FieldSpec, FieldSpecs } from './fields'
import { pick, type Locale } from './localized'
import { recordTypes, type FieldsOf, type SyncedTable, type ZodIssueLike } from './records'
import { planOfStep, planProblems } from './reporting/study-plan'

export interface FieldError {
  /** Dotted path to the field, e.g. `attendance.absent.0.name`. */
  path: string
  message: string
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] }

export function validateRecord<T extends SyncedTable>(
  table: T,
  input: unknown,
  locale: Locale = 'zh-CN',
): Validation<FieldsOf[T]> {
  const type = recordTypes[table]
  const result = type.schema.safeParse(input)
  const errors = result.success ? [] : result.error.issues.map((issue) => describeIssue(issue, type.specs, locale))
  errors.push(...crossFieldErrors(table, input, locale))
  return errors.length === 0 && result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: firstPerField(errors) }
}

/**
 * One field's value by that field's rules alone, normalized as it would be stored (text trimmed). For values that
 * are kept beside a record rather than in it (a conflict copy): the record's cross-field rules do not apply.
 */
export function validateFieldValue(
  table: SyncedTable,
  field: string,
  value: unknown,
  locale: Locale = 'zh-CN',
): Validation<unknown> {
  const type = recordTypes[table]
  const schema = Object.hasOwn(type.fieldSchemas, field) ? type.fieldSchemas[field] : undefined
  if (!schema)
    return {
      ok: false,
      errors: [{ path: field, message: locale === 'zh-CN' ? `无法识别的字段：${field}` : `Unknown field: ${field}` }],
    }
  const result = schema.safeParse(value)
  if (result.success) return { ok: true, value: result.data }
  return {
    ok: false,
    errors: firstPerField(
      result.error.issues.map((issue) => describeIssue({ ...issue, path: [field, ...issue.path] }, type.specs, locale)),
    ),
  }
}

/** One message per field: the first thing to fix, not every rule it breaks at once. */
function firstPerField(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>()
  return errors.filter((error) => !seen.has(error.path) && seen.add(error.path))
}

/** Rules that involve more than one field. */
function crossFieldErrors(table: SyncedTable, input: unknown, locale: Locale): FieldError[] {
  if (table === 'reviewEvents' && typeof input === 'object' && input !== null)
    return reviewEventErrors(input as Partial<FieldsOf['reviewEvents']>, locale)
  if (table === 'readingNotes' && typeof input === 'object' && input !== null) {
    const { excerpt, reflection } = input as { excerpt?: unknown; reflection?: unknown }
    const isBlank = (text: unknown) => typeof text !== 'string' || text.trim() === ''
    if (isBlank(excerpt) && isBlank(reflection)) {
      return [
        {
          path: 'excerpt',
          message: locale === 'zh-CN' ? '原文摘抄和心得体会至少填写一项' : 'Write an excerpt or a reflection',
        },
      ]
    }
  }
  return []
}

function specAt(
  specs: FieldSpecs,
  path: readonly PropertyKey[],
): { spec: FieldSpec | undefined; rowNumber: number | null } {
  let current: FieldSpecs | undefined = specs
  let spec: FieldSpec | undefined
  let rowNumber: number | null = null
  for (const part of path) {
    if (typeof part === 'number') {
      rowNumber = part + 1
      continue
    }
    // A photo's caption or a position's latitude is named by the field that holds it: they have no spec of their own.
    if (spec?.type === 'photos' || spec?.type === 'location') continue
    spec = current?.[String(part)]
    current = spec && (spec.type === 'rows' || spec.type === 'group') ? spec.fields : undefined
  }
  return { spec, rowNumber }
}

export function describeIssue(issue: ZodIssueLike, specs: FieldSpecs, locale: Locale): FieldError {
  const { spec, rowNumber } = specAt(specs, issue.path)
  const path = issue.path.map(String).join('.')
  const zhRecord = issue.path.length === 0 ? '记录' : path
  const label = spec
    ? pick(spec.label, locale)
    : locale === 'zh-CN'
      ? zhRecord
      : issue.path.length === 0
        ? 'The record'
        : path
  const zh = locale === 'zh-CN'
  const row = rowNumber === null ? '' : zh ? `第${rowNumber}项的` : ` (item ${rowNumber})`
  const where = zh ? `${row}${label}` : `${label}${row}`
  const message = ((): string => {
    switch (issue.code) {
      case 'too_small':
        if (issue.origin === 'string') return zh ? `请填写${where}` : `${where} is required`
        return zh ? `${where}不能小于 ${String(issue.minimum)}` : `${where} must be at least ${String(issue.minimum)}`
      case 'too_big':
        if (issue.origin === 'string')
          return zh
            ? `${where}不能超过 ${String(issue.maximum)} 字`
            : `${where} must be at most ${String(issue.maximum)} characters`
        if (issue.origin === 'array')
          return zh
            ? `${where}最多 ${String(issue.maximum)} 项`
            : `${where} allows at most ${String(issue.maximum)} items`
        return zh ? `${where}不能大于 ${String(issue.maximum)}` : `${where} must be at most ${String(issue.maximum)}`
      case 'invalid_format':
      case 'invalid_union':
      case 'custom':
        if (spec?.type === 'date') return zh ? `${where}不是有效日期` : `${where} is not a valid date`
        if (spec?.type === 'time') return zh ? `${where}不是有效时间` : `${where} is not a valid time`
        return zh ? `${where}格式不正确` : `${where} has the wrong format`
      case 'invalid_value':
        return zh ? `请选择${where}` : `${where}: choose one of the options`
      case 'not_multiple_of':
        return zh
          ? `${where}须为 ${String(spec?.type === 'number' ? spec.step : '')} 的整数倍`
          : `${where} must be a multiple of ${String(spec?.type === 'number' ? spec.step : '')}`
      case 'invalid_type':
        if (spec?.type === 'number') return zh ? `${where}应为数字` : `${where} must be a number`
        return zh ? `${where}的内容无法识别，请重新填写` : `${where} has an unreadable value`
      default:
        return zh ? `${where}填写有误` : `${where} is invalid`
    }
  })()
  return { path, message }
}

/**
 * A packet step says what it is about and is what its kind needs (docs/review.md): a session's submission carries the
 * session, a plan's submission (no session) the plan, a return its reason, a decision the submission it answers.
 */
function reviewEventErrors(event: Partial<FieldsOf['reviewEvents']>, locale: Locale): FieldError[] {
  const zh = locale === 'zh-CN'
  const errors: FieldError[] = []
  const hasSnapshot = event.snapshot !== null && event.snapshot !== undefined
  const hasPlan = event.plan !== null && event.plan !== undefined
  if (event.kind === 'submitted') {
    if (event.answers)
      errors.push({ path: 'answers', message: zh ? '报送不是对其他报送的审核' : 'A submission answers nothing' })
    if (hasPlan) {
      if (event.sessionId || hasSnapshot)
        errors.push({ path: 'plan', message: zh ? '学习计划单独报送，不附学习记录' : 'A plan is sent on its own' })
      const problems = planProblems(planOfStep('', event.plan!))
      if (problems.length > 0) errors.push({ path: 'plan', message: problems.join('；') })
    } else {
      if (!event.sessionId)
        errors.push({ path: 'sessionId', message: zh ? '请指明报送的是哪一次学习' : 'Name the session' })
      if (!hasSnapshot)
        errors.push({ path: 'snapshot', message: zh ? '报送须附上这次学习的记录' : 'A submission carries the session' })
    }
  } else if (event.kind === 'returned' || event.kind === 'accepted') {
    // A decision on a plan has no session: the plan submission it answers says what it is about.
    if (!event.answers)
      errors.push({ path: 'answers', message: zh ? '请指明审核的是哪一次报送' : 'Name the submission decided' })
    if (hasSnapshot || hasPlan)
      errors.push({ path: 'snapshot', message: zh ? '审核意见不附带学习记录或计划' : 'A decision carries no content' })
    if (event.kind === 'returned' && !event.comment?.trim())
      errors.push({ path: 'comment', message: zh ? '退回整改请写明需要整改的内容' : 'Say what to fix' })
  }
  return errors
}

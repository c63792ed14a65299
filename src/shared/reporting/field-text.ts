/**
 * Any field's value as one line of text a person reads on paper or in a spreadsheet cell, derived from its spec:
 * choices by their label, dates as 2026年11月1日, lists joined with 、, rows flattened (see rowsText). Every spec
 * type has a case: a new one fails to compile here until it says how it reads.
 */
import { dateLabel, instantLabel } from '../dates'
import type { FieldSpec, FieldSpecs, GeoPoint, PhotoRef } from '../fields'
import { geoPointText } from '../geo-text'
import { pick, type Locale } from '../localized'

export interface TextContext {
  locale: Locale
  /** The title of a linked record (a note's study session), or undefined when it is not at hand. */
  linkTitle?: (table: string, id: string) => string | undefined
}

type Spec<T extends FieldSpec['type']> = Extract<FieldSpec, { type: T }>

export function unreachable(value: never): never {
  throw new Error(`no case for ${JSON.stringify(value)}`)
}

function isZh(context: TextContext): boolean {
  return context.locale === 'zh-CN'
}

export function listSeparator(context: TextContext): string {
  return isZh(context) ? '、' : ', '
}

export function choiceText(spec: Spec<'choice'>, value: unknown, context: TextContext): string {
  const label = typeof value === 'string' ? spec.optionLabels[value] : undefined
  return label ? pick(label, context.locale) : typeof value === 'string' ? value : ''
}

export function numberText(spec: Spec<'number'>, value: unknown, context: TextContext): string {
  if (typeof value !== 'number') return ''
  const unit = spec.unit ? pick(spec.unit, context.locale) : ''
  return isZh(context) || unit === '' ? `${value}${unit}` : `${value} ${unit}`
}

export function photoCount(value: unknown): number {
  return Array.isArray(value) ? (value as PhotoRef[]).length : 0
}

export function photosText(value: unknown, context: TextContext): string {
  const count = photoCount(value)
  if (count === 0) return ''
  return isZh(context) ? `${count}张` : `${count} photo${count === 1 ? '' : 's'}`
}

export function locationText(value: unknown, context: TextContext): string {
  return value && typeof value === 'object' ? geoPointText(value as GeoPoint, context.locale) : ''
}

export function linkText(spec: Spec<'link'>, value: unknown, context: TextContext): string {
  if (typeof value !== 'string' || value === '') return ''
  return context.linkTitle?.(spec.table, value) ?? ''
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}

/** The value of any field as text; '' when empty. */
export function fieldText(spec: FieldSpec, value: unknown, context: TextContext): string {
  switch (spec.type) {
    case 'text':
    case 'longText':
    case 'time':
      return typeof value === 'string' ? value : ''
    case 'date':
      return typeof value === 'string' ? dateLabel(value, context.locale) : ''
    case 'number':
      return numberText(spec, value, context)
    case 'choice':
      return choiceText(spec, value, context)
    case 'list':
      return Array.isArray(value) ? value.join(listSeparator(context)) : ''
    case 'rows':
      return rowsText(spec.fields, Array.isArray(value) ? value : [], context)
    case 'group':
      return groupText(spec.fields, asRecord(value), context)
    case 'link':
      return linkText(spec, value, context)
    case 'photos':
      return photosText(value, context)
    case 'location':
      return locationText(value, context)
    case 'members':
      return Array.isArray(value) ? value.map((m) => String(asRecord(m).name ?? '')).join(listSeparator(context)) : ''
    case 'flag':
      return value === true ? (isZh(context) ? '是' : 'Yes') : value === false ? (isZh(context) ? '否' : 'No') : ''
    case 'instant':
      return typeof value === 'string' ? instantLabel(value) : ''
    // What a packet held is read on its own screen, not as one cell of text.
    case 'snapshot':
      return ''
    default:
      return unreachable(spec)
  }
}

function groupText(fields: FieldSpecs, value: Record<string, unknown>, context: TextContext): string {
  const parts = Object.entries(fields).flatMap(([key, spec]) => {
    const text = fieldText(spec, value[key], context)
    return text === '' ? [] : [`${pick(spec.label, context.locale)}${isZh(context) ? '：' : ': '}${text}`]
  })
  return parts.join(isZh(context) ? '；' : '; ')
}

/**
 * Rows of short texts only (absentees, households) read as one line: "张三（出差）；李四（病假）". Rows with more
 * (problems, speeches) read as numbered lines: "1. 村文化中心利用率低（公共文化服务，待办，办结时限2026年12月1日）",
 * a speech as "1. 李明华：要坚持以文塑旅…". The first field is the row's head; the others follow in brackets, a
 * choice by its label alone (待办 says what it is), a date after its label, other short values after label and
 * colon; long texts come last, after a colon when a row has nothing else, else after their label.
 */
export function rowsText(fields: FieldSpecs, rows: readonly unknown[], context: TextContext): string {
  const entries = Object.entries(fields)
  const isCompact = entries.every(([, spec]) => spec.type === 'text')
  const texts = rows.map((row) => rowText(entries, asRecord(row), isCompact, context))
  if (isCompact) return texts.join(isZh(context) ? '；' : '; ')
  return texts.map((text, i) => `${i + 1}. ${text}`).join('\n')
}

function rowText(
  entries: [string, FieldSpec][],
  row: Record<string, unknown>,
  isCompact: boolean,
  context: TextContext,
): string {
  const [head, ...rest] = entries
  if (!head) return ''
  const colon = isZh(context) ? '：' : ': '
  const details: string[] = []
  const longTexts: { label: string; text: string }[] = []
  for (const [key, spec] of rest) {
    const text = fieldText(spec, row[key], context)
    if (text === '') continue
    const label = pick(spec.label, context.locale)
    if (spec.type === 'longText') longTexts.push({ label, text })
    else if (isCompact || spec.type === 'choice') details.push(text)
    else if (spec.type === 'date') details.push(isZh(context) ? `${label}${text}` : `${label} ${text}`)
    else details.push(`${label}${colon}${text}`)
  }
  const open = isZh(context) ? '（' : ' ('
  const close = isZh(context) ? '）' : ')'
  let line = fieldText(head[1], row[head[0]], context)
  if (details.length > 0) line += `${open}${details.join(isZh(context) ? '，' : ', ')}${close}`
  if (longTexts.length === 1 && details.length === 0) return `${line}${colon}${longTexts[0]!.text}`
  for (const { label, text } of longTexts) line += `${isZh(context) ? '。' : '. '}${label}${colon}${text}`
  return line
}

/**
 * How a record reads in a list: its kind, date and a one-line summary, in the reader's language. The summary puts
 * several fields on one line, so each typed part is isolated: an override in the place cannot reorder the hours.
 */
import type { Locale } from '../../../shared/localized'
import type { FieldSpec, FieldSpecs } from '../../../shared/fields'
import { pick } from '../../../shared/localized'
import { recordTypes, type RecordTable, type StoredRecord } from '../../../shared/records'
import { isolate } from '../../i18n/isolate'

export function kindLabel(table: RecordTable, record: StoredRecord, locale: Locale): string {
  const spec = recordTypes[table].specs.kind
  if (spec?.type !== 'choice') return ''
  const label = spec.optionLabels[(record as { kind: string }).kind]
  return label ? pick(label, locale) : ''
}

export function cardTitle(table: RecordTable, record: StoredRecord): string {
  return recordTypes[table].title(record as never)
}

export function cardSummary(table: RecordTable, record: StoredRecord, locale: Locale): string {
  const zh = locale === 'zh-CN'
  const clip = (text: string) => (text.length > 60 ? `${text.slice(0, 60)}…` : text)
  switch (table) {
    case 'studySessions': {
      const r = record as StoredRecord<'studySessions'>
      const parts = [
        isolate(r.place),
        zh ? `${r.durationHours} 小时` : `${r.durationHours} h`,
        r.host && (zh ? `主持：${isolate(r.host)}` : `Host: ${isolate(r.host)}`),
      ]
      return parts.filter(Boolean).join(' · ')
    }
    case 'readingNotes': {
      const r = record as StoredRecord<'readingNotes'>
      return isolate(clip(r.excerpt || r.reflection))
    }
    case 'visits': {
      const r = record as StoredRecord<'visits'>
      const open = r.problems.filter((p) => p.status !== 'resolved').length
      const problems =
        r.problems.length === 0
          ? ''
          : zh
            ? `${r.problems.length} 个问题（${open} 个未办结）`
            : `${r.problems.length} problems (${open} open)`
      return [problems, isolate(clip(r.findings))].filter(Boolean).join(' · ')
    }
  }
}

/** Characters of a draft's first words shown on 首页: about one line at the largest text size. */
const FIRST_WORDS_LENGTH = 20

/**
 * The first words typed into a record, in the form's order: its title when it has one, else the first text, list
 * or row written (a reading note with only a reflection, a visit with only a finding). What names a draft on 首页.
 */
export function firstWords(specs: FieldSpecs, fields: Readonly<Record<string, unknown>>): string {
  for (const [key, spec] of Object.entries(specs)) {
    const text = typedText(spec, fields[key])
    if (text !== '') return text.length > FIRST_WORDS_LENGTH ? `${text.slice(0, FIRST_WORDS_LENGTH)}…` : text
  }
  return ''
}

function typedText(spec: FieldSpec, value: unknown): string {
  switch (spec.type) {
    case 'text':
    case 'longText':
      return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : ''
    case 'list':
      return Array.isArray(value)
        ? value.filter((item) => typeof item === 'string' && item.trim() !== '').join('、')
        : ''
    case 'group':
      return value !== null && typeof value === 'object'
        ? firstWords(spec.fields, value as Record<string, unknown>)
        : ''
    case 'rows':
      if (!Array.isArray(value)) return ''
      for (const row of value) {
        const text =
          row !== null && typeof row === 'object' ? firstWords(spec.fields, row as Record<string, unknown>) : ''
        if (text !== '') return text
      }
      return ''
    default:
      return ''
  }
}

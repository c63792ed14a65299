/** How a record reads in a list: its kind, date and a one-line summary, in the reader's language. */
import type { Locale } from '../../../shared/localized'
import { pick } from '../../../shared/localized'
import { recordTypes, type RecordTable, type StoredRecord } from '../../../shared/records'
import { queryTerms } from '../../../shared/search/grams'

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
      const parts = [r.place, zh ? `${r.durationHours} 小时` : `${r.durationHours} h`, r.host && (zh ? `主持：${r.host}` : `Host: ${r.host}`)]
      return parts.filter(Boolean).join(' · ')
    }
    case 'readingNotes': {
      const r = record as StoredRecord<'readingNotes'>
      return clip(r.excerpt || r.reflection)
    }
    case 'visits': {
      const r = record as StoredRecord<'visits'>
      const open = r.problems.filter((p) => p.status !== 'resolved').length
      const problems = r.problems.length === 0 ? '' : zh ? `${r.problems.length} 个问题（${open} 个未办结）` : `${r.problems.length} problems (${open} open)`
      return [problems, clip(r.findings)].filter(Boolean).join(' · ')
    }
  }
}

/** The words around the first place the query's first term occurs, or null when no text contains it. */
export function matchSnippet(table: RecordTable, record: StoredRecord, query: string): string | null {
  const term = queryTerms(query)[0]
  if (!term) return null
  for (const text of recordTypes[table].searchText(record as never)) {
    const at = text.toLowerCase().indexOf(term)
    if (at === -1) continue
    const start = Math.max(0, at - 20)
    const end = Math.min(text.length, at + term.length + 40)
    return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`
  }
  return null
}

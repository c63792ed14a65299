/**
 * The two versions of a conflicting field, as text to compare side by side, and a first draft of their merge
 * for the person to edit. Nothing here decides: the person keeps one, the other, or the merge. Typed text is
 * isolated where it is put beside other text (list items, rows, captions), as the detail screen does.
 */
import type { FieldSpec, GeoPoint, MemberRef, PhotoRef } from '../../../shared/fields'
import { sameValue } from '../../../shared/changes'
import { pick, type Locale } from '../../../shared/localized'
import { isolate } from '../../i18n/isolate'
import { geoPointText } from '../../../shared/geo-text'

export function valueText(spec: FieldSpec | undefined, value: unknown, locale: Locale): string {
  if (value === null || value === undefined || value === '') return ''
  if (!spec) return typeof value === 'string' ? isolate(value) : JSON.stringify(value)
  switch (spec.type) {
    case 'choice': {
      const label = spec.optionLabels[String(value)]
      return label ? pick(label, locale) : String(value)
    }
    case 'number':
      return `${String(value)}${spec.unit ? ` ${pick(spec.unit, locale)}` : ''}`
    case 'list':
      return (value as string[]).map(isolate).join('、')
    case 'flag':
      return value === true ? pick({ zh: '是', en: 'Yes' }, locale) : pick({ zh: '否', en: 'No' }, locale)
    case 'rows':
      return (value as Record<string, unknown>[])
        .map(
          (row, i) =>
            `${i + 1}. ${Object.entries(spec.fields)
              .map(([key, child]) => valueText(child, row[key], locale))
              .filter(Boolean)
              .join('：')}`,
        )
        .join('\n')
    case 'photos': {
      const photos = value as PhotoRef[]
      const captions = photos.map((p, i) =>
        p.caption ? isolate(p.caption) : locale === 'zh-CN' ? `照片${i + 1}` : `Photo ${i + 1}`,
      )
      return `${locale === 'zh-CN' ? `${photos.length} 张照片` : `${photos.length} photos`}：${captions.join('、')}`
    }
    case 'location':
      return geoPointText(value as GeoPoint, locale)
    case 'members':
      return (value as MemberRef[]).map((m) => isolate(m.name)).join('、')
    case 'group':
      return Object.entries(spec.fields)
        .map(([key, child]) => {
          const text = valueText(child, (value as Record<string, unknown>)[key], locale)
          return text ? `${pick(child.label, locale)}：${text}` : ''
        })
        .filter(Boolean)
        .join('\n')
    default:
      return isolate(String(value))
  }
}

/** Whether the person can write a merge of this field by hand (text), or have the two combined (lists, rows). */
export type MergeKind = 'text' | 'combine' | null

export function mergeKindOf(spec: FieldSpec | undefined): MergeKind {
  if (!spec) return null
  if (spec.type === 'text' || spec.type === 'longText') return 'text'
  if (spec.type === 'list' || spec.type === 'rows' || spec.type === 'photos') return 'combine'
  return null
}

/** Both versions in one: texts one after the other, lists and rows as their union in order; photos once each. */
export function combined(spec: FieldSpec, current: unknown, other: unknown): unknown {
  if (spec.type === 'photos') {
    // The same photo captioned differently on two phones is one photo: this side's caption stays.
    const mine = (current as PhotoRef[] | undefined) ?? []
    const theirs = ((other as PhotoRef[] | undefined) ?? []).filter(
      (photo) => !mine.some((kept) => kept.hash === photo.hash),
    )
    return [...mine, ...theirs].slice(0, spec.maxItems)
  }
  if (spec.type === 'list' || spec.type === 'rows') {
    const mine = (current as unknown[] | undefined) ?? []
    const theirs = ((other as unknown[] | undefined) ?? []).filter(
      (item) => !mine.some((kept) => sameValue(kept, item)),
    )
    return [...mine, ...theirs]
  }
  const a = String(current ?? '').trim()
  const b = String(other ?? '').trim()
  if (a === '' || b === '' || a === b) return a || b
  return spec.type === 'longText' ? `${a}\n\n${b}` : `${a}；${b}`
}

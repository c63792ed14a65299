/**
 * The ledger (台账): one sheet per record type, its columns derived from the record type's field specs (never a
 * column list by hand), so a field added to a record appears in the export and the print view by itself. A group
 * becomes one column per inner field; a list inside a group (实到人员) also gets a count column, because a tally is
 * what the group is for; photos are a count; the record's own dates stay dates, so a spreadsheet can sort them.
 *
 * Visits also give a 问题台账: one row per problem with its visit's date and place. A cadre reports problems upward
 * and follows each one to 已办结; in the visit sheet they sit several to a cell, where they can be read but not
 * filtered by status or counted.
 *
 * A field with a conflict still to settle (sync/merge.ts) exports the version the record holds now, marked with a
 * note on the field's first column (另有版本待处理), so an export made meanwhile does not pass one version off as
 * the only one; a record another device deleted while this one edited it carries its note on 序号.
 */
import { isFieldShown, type FieldSpec, type FieldSpecs } from '../fields'
import { pick, type Localized } from '../localized'
import { recordTypes, type RecordTable, type StoredRecord } from '../records'
import { fieldText, photoCount, unreachable, type TextContext } from './field-text'

export type LedgerCell = (
  | { type: 'text'; text: string }
  | { type: 'number'; value: number; text: string }
  /** A calendar date ('YYYY-MM-DD') with its text as people read it. */
  | { type: 'date'; date: string; text: string }
) & {
  /** Said beside the value: another version of the field waits for a person's choice. */
  note?: string
}

export interface LedgerColumn {
  /** The field path, e.g. `attendance.present`; a derived column adds `#count`. */
  key: string
  header: string
  /** Width in characters: a hint for the spreadsheet and the print view. */
  width: number
  /** Long text that should wrap. */
  isLong: boolean
  /** Printed in the print view (coordinates are left off paper). */
  isPrinted: boolean
}

export interface LedgerSheet {
  name: string
  columns: LedgerColumn[]
  rows: LedgerCell[][]
}

interface ColumnDef<R> extends LedgerColumn {
  cell: (row: R, context: TextContext) => LedgerCell
}

type Read<R> = (row: R) => unknown

const SERIAL: Localized = { zh: '序号', en: 'No.' }
const COUNT: Localized = { zh: '数', en: ' (count)' }
const PHOTO_UNIT: Localized = { zh: '（张）', en: ' (count)' }
const PROBLEM_SHEET: Localized = { zh: '问题台账', en: 'Problems' }
/** Before a visit field's label in the problem ledger, unless the label already says it: 日期 → 走访日期. */
const VISIT_PREFIX: Localized = { zh: '走访', en: 'Visit ' }
/** The visit fields each problem row repeats, by key. */
const PROBLEM_VISIT_FIELDS = ['date', 'kind', 'place'] as const
const CONFLICT_NOTE: Localized = { zh: '另有版本待处理', en: 'another version awaits a choice' }
const DELETED_ELSEWHERE_NOTE: Localized = {
  zh: '另一设备曾删除此记录，待处理',
  en: 'deleted on another device; awaits a choice',
}

const text = (value: string): LedgerCell => ({ type: 'text', text: value })

/** A rough width: short texts narrow, long texts wide (Chinese characters count as one). */
function widthOf(spec: FieldSpec): number {
  switch (spec.type) {
    case 'text':
      return spec.maxLength <= 50 ? 10 : spec.maxLength <= 200 ? 18 : 30
    case 'longText':
    case 'rows':
      return 40
    case 'date':
      return 16
    case 'time':
      return 8
    case 'number':
      return 10
    case 'choice':
      return 14
    case 'list':
      return 24
    case 'group':
      return 16
    case 'link':
      return 24
    case 'photos':
      return 10
    case 'location':
      return 28
    case 'members':
      return 24
    case 'flag':
      return 8
    case 'instant':
      return 17
    case 'snapshot':
      return 0
    default:
      return unreachable(spec)
  }
}

function headerOf(spec: FieldSpec, context: TextContext): string {
  const label = pick(spec.label, context.locale)
  if (spec.type === 'number' && spec.unit && pick(spec.unit, context.locale) !== '') {
    return context.locale === 'zh-CN'
      ? `${label}（${pick(spec.unit, context.locale)}）`
      : `${label} (${pick(spec.unit, context.locale)})`
  }
  if (spec.type === 'photos') return `${label}${pick(PHOTO_UNIT, context.locale)}`
  return label
}

/** The columns one field becomes. `isInGroup`: the field sits in a group (attendance), where lists get counts. */
function columnsOf<R>(
  key: string,
  spec: FieldSpec,
  read: Read<R>,
  context: TextContext,
  isInGroup = false,
): ColumnDef<R>[] {
  const base = { key, header: headerOf(spec, context), width: widthOf(spec), isLong: false, isPrinted: true }
  const asText = (row: R, ctx: TextContext) => text(fieldText(spec, read(row), ctx))
  switch (spec.type) {
    case 'text':
    case 'time':
    case 'choice':
    case 'link':
    case 'flag':
      return [{ ...base, cell: asText }]
    case 'longText':
    case 'rows':
      return [{ ...base, isLong: true, cell: asText }]
    case 'location':
      return [{ ...base, isPrinted: false, cell: asText }]
    // Their names are in attendance.present, which the ledger shows and counts: a second column would repeat them.
    case 'members':
    case 'snapshot':
      return []
    case 'instant':
      return [{ ...base, cell: asText }]
    case 'date':
      return [
        {
          ...base,
          cell: (row, ctx) => {
            const value = read(row)
            return typeof value === 'string' && value !== ''
              ? { type: 'date', date: value, text: fieldText(spec, value, ctx) }
              : text('')
          },
        },
      ]
    case 'number':
      return [
        {
          ...base,
          cell: (row) => {
            const value = read(row)
            return typeof value === 'number' ? { type: 'number', value, text: String(value) } : text('')
          },
        },
      ]
    case 'photos':
      return [
        {
          ...base,
          cell: (row) => ({ type: 'number', value: photoCount(read(row)), text: String(photoCount(read(row))) }),
        },
      ]
    case 'list': {
      const list: ColumnDef<R> = { ...base, cell: asText }
      if (!isInGroup) return [list]
      const count = (row: R) => {
        const value = read(row)
        return Array.isArray(value) ? value.length : 0
      }
      return [
        list,
        {
          ...base,
          key: `${key}#count`,
          header: `${base.header}${pick(COUNT, context.locale)}`,
          width: 8,
          cell: (row) => ({ type: 'number', value: count(row), text: String(count(row)) }),
        },
      ]
    }
    case 'group':
      return Object.entries(spec.fields).flatMap(([inner, innerSpec]) =>
        columnsOf<R>(
          `${key}.${inner}`,
          innerSpec,
          (row) => {
            const value = read(row)
            return value && typeof value === 'object' ? (value as Record<string, unknown>)[inner] : undefined
          },
          context,
          true,
        ),
      )
    default:
      return unreachable(spec)
  }
}

function columnsOfSpecs<R>(
  specs: FieldSpecs,
  read: (row: R, key: string) => unknown,
  context: TextContext,
): ColumnDef<R>[] {
  // A field shown only for some records (a session's 一学一报, for collective kinds) is left blank for the others.
  return Object.entries(specs).flatMap(([key, spec]) =>
    columnsOf<R>(
      key,
      spec,
      (row) => (isFieldShown(spec, row as unknown as Record<string, unknown>) ? read(row, key) : undefined),
      context,
    ),
  )
}

function serialColumn(context: TextContext): LedgerColumn {
  return { key: '#', header: pick(SERIAL, context.locale), width: 6, isLong: false, isPrinted: true }
}

/** A row's conflicts as the sheet marks them: the record's fields with another version, and a deletion kept apart. */
interface RowConflicts {
  fields: ReadonlySet<string>
  isDeletedElsewhere: boolean
}

interface Marking<R> {
  conflictsOf: (row: R) => RowConflicts
  /** The record field a column shows (its top-level key): `attendance.present#count` → `attendance`. */
  fieldOf: (columnKey: string) => string
}

function conflictsOf(record: { conflicts?: readonly { kind: string; field: string }[] }): RowConflicts {
  const conflicts = record.conflicts ?? []
  return {
    fields: new Set(conflicts.filter((c) => c.kind === 'field').map((c) => c.field)),
    isDeletedElsewhere: conflicts.some((c) => c.kind === 'delete'),
  }
}

const topField = (columnKey: string) => columnKey.split('#')[0]!.split('.')[0]!

function sheetOf<R>(
  name: string,
  defs: ColumnDef<R>[],
  rows: readonly R[],
  context: TextContext,
  marking: Marking<R>,
): LedgerSheet {
  const columns = [serialColumn(context), ...defs.map(({ cell: _cell, ...column }) => column)]
  // Each field's note goes on its first column only: a group's or a problem's other columns say nothing more.
  const firstColumnOf = new Map<string, number>()
  defs.forEach((def, i) => {
    const field = marking.fieldOf(def.key)
    if (!firstColumnOf.has(field)) firstColumnOf.set(field, i)
  })
  return {
    name,
    columns,
    rows: rows.map((row, i) => {
      const conflicts = marking.conflictsOf(row)
      const serial: LedgerCell = { type: 'number', value: i + 1, text: String(i + 1) }
      if (conflicts.isDeletedElsewhere) serial.note = pick(DELETED_ELSEWHERE_NOTE, context.locale)
      return [
        serial,
        ...defs.map((def, c) => {
          const cell = def.cell(row, context)
          const field = marking.fieldOf(def.key)
          return conflicts.fields.has(field) && firstColumnOf.get(field) === c
            ? { ...cell, note: pick(CONFLICT_NOTE, context.locale) }
            : cell
        }),
      ]
    }),
  }
}

interface DatedRecord {
  date: string
  startTime?: string
  createdAt: string
}

/** Oldest first, as a ledger reads; same day by start time, then by when it was written. */
function byDate(a: DatedRecord, b: DatedRecord): number {
  const keyOf = (r: DatedRecord) => `${r.date}|${r.startTime ?? ''}|${r.createdAt}`
  const [ka, kb] = [keyOf(a), keyOf(b)]
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** Live records only (tombstones left out), oldest first. */
export function liveRecords<T extends RecordTable>(records: readonly StoredRecord<T>[]): StoredRecord<T>[] {
  return records.filter((r) => r.deletedAt === null).sort((a, b) => byDate(a as DatedRecord, b as DatedRecord))
}

export function ledgerSheet<T extends RecordTable>(
  table: T,
  records: readonly StoredRecord<T>[],
  context: TextContext,
): LedgerSheet {
  const type = recordTypes[table]
  const defs = columnsOfSpecs<StoredRecord<T>>(
    type.specs,
    (row, key) => (row as unknown as Record<string, unknown>)[key],
    context,
  )
  return sheetOf(pick(type.name, context.locale), defs, liveRecords(records), context, {
    conflictsOf,
    fieldOf: topField,
  })
}

interface ProblemRow {
  visit: StoredRecord<'visits'>
  problem: Record<string, unknown>
}

export function problemSheet(visits: readonly StoredRecord<'visits'>[], context: TextContext): LedgerSheet {
  const visitSpecs = recordTypes.visits.specs
  const problemSpec = visitSpecs.problems
  if (problemSpec?.type !== 'rows') throw new Error('visits have no problem rows')
  const prefix = pick(VISIT_PREFIX, context.locale)
  const visitDefs = PROBLEM_VISIT_FIELDS.flatMap((key) =>
    columnsOf<ProblemRow>(`visit.${key}`, visitSpecs[key]!, (row) => row.visit[key], context),
  ).map((def) => (def.header.startsWith(prefix.trim()) ? def : { ...def, header: `${prefix}${def.header}` }))
  const problemDefs = columnsOfSpecs<ProblemRow>(problemSpec.fields, (row, key) => row.problem[key], context)
  const rows = liveRecords(visits).flatMap((visit) =>
    visit.problems.map((problem) => ({ visit, problem: problem as unknown as Record<string, unknown> })),
  )
  // A visit's own columns are its fields (visit.date → date); every problem column belongs to its field problems.
  const fieldOf = (key: string) => (key.startsWith('visit.') ? key.slice('visit.'.length) : 'problems')
  return sheetOf(pick(PROBLEM_SHEET, context.locale), [...visitDefs, ...problemDefs], rows, context, {
    conflictsOf: (row) => conflictsOf(row.visit),
    fieldOf,
  })
}

export interface LedgerRecords {
  studySessions: readonly StoredRecord<'studySessions'>[]
  readingNotes: readonly StoredRecord<'readingNotes'>[]
  visits: readonly StoredRecord<'visits'>[]
}

/** The whole ledger: 学习记录, 读书笔记, 走访记录, 问题台账. */
export function ledgerWorkbook(records: LedgerRecords, context: TextContext): LedgerSheet[] {
  return [
    ledgerSheet('studySessions', records.studySessions, context),
    ledgerSheet('readingNotes', records.readingNotes, context),
    ledgerSheet('visits', records.visits, context),
    problemSheet(records.visits, context),
  ]
}

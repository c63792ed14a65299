/**
 * The record types in one registry: what every generic piece (repository, list, form, search, export, sync)
 * needs to know about a type, derived from its field definitions. The three a person writes are RECORD_TABLES; the
 * packet events of 一学一报 sync through the same pieces but are never listed or edited (SYNCED_TABLES).
 */
import type { FieldSpecs, PhotoRef } from '../fields'
import type { Localized } from '../localized'
import type { Conflict } from '../sync/protocol'
import { readingNoteFields, type ReadingNoteFields } from './reading-note'
import { REVIEW_EVENT_KIND_LABELS, reviewEventFields, type ReviewEventFields } from './review-event'
import { blankPacket, studySessionFields, type StudySessionFields } from './study-session'
import type { RecordTable, SyncedTable } from './tables'
import { visitFields, type VisitFields } from './visit'

export * from './reading-note'
export * from './review-event'
export * from './study-session'
export * from './visit'
export { isRecordTable, RECORD_TABLES, SYNCED_TABLES, type RecordTable, type SyncedTable } from './tables'

export interface FieldsOf {
  studySessions: StudySessionFields
  readingNotes: ReadingNoteFields
  visits: VisitFields
  reviewEvents: ReviewEventFields
}

/** Bookkeeping every stored record carries beside its fields. */
export interface RecordMeta {
  id: string
  createdAt: string
  updatedAt: string
  deviceId: string
  /** ISO time of deletion; a deleted record stays as a tombstone so the deletion can sync. */
  deletedAt: string | null
  /** Server revision this copy is based on; null until the record has been synced. */
  rev: number | null
  /** Changes that could not be merged, kept on the record until a person settles them (see sync/merge.ts). */
  conflicts: Conflict[]
  /** The unit that owns the record (docs/units.md); absent or null for a personal one. */
  unitId?: string | null
  /** The account that made the record, as the server said (absent until it did). */
  authorId?: string
  /** The units a personal record is shared with. */
  sharedWith?: string[]
}

export type StoredRecord<T extends SyncedTable = RecordTable> = FieldsOf[T] & RecordMeta
export type StudySession = StoredRecord<'studySessions'>
export type ReadingNote = StoredRecord<'readingNotes'>
export type Visit = StoredRecord<'visits'>

type SafeParse<T> = (
  value: unknown,
) => { success: true; data: T } | { success: false; error: { issues: readonly ZodIssueLike[] } }

interface RecordType<T extends SyncedTable> {
  table: T
  name: Localized
  schema: { safeParse: SafeParse<FieldsOf[T]> }
  /** Each field's own schema, to check one value alone (a conflict copy must be a value its field could hold). */
  fieldSchemas: Readonly<Record<string, { safeParse: SafeParse<unknown> }>>
  specs: FieldSpecs
  /** Fields that records stored before them lack, with the value those records stand for (see FieldDef.fallback). */
  fallbacks: Readonly<Record<string, () => unknown>>
  blank(today: string): FieldsOf[T]
  title(record: FieldsOf[T]): string
  /** The texts search looks inside: every word in them must be findable. */
  searchText(record: FieldsOf[T]): string[]
}

export interface ZodIssueLike {
  code: string
  path: PropertyKey[]
  message: string
  maximum?: unknown
  minimum?: unknown
  origin?: string
}

export const recordTypes: { [T in SyncedTable]: RecordType<T> } = {
  studySessions: {
    table: 'studySessions',
    name: { zh: '学习记录', en: 'Study session' },
    get schema() {
      return studySessionFields.schema
    },
    get fieldSchemas() {
      return studySessionFields.schema.shape
    },
    specs: studySessionFields.specs,
    fallbacks: studySessionFields.fallbacks,
    blank: (today) => ({
      kind: 'centerGroup',
      topic: '',
      date: today,
      startTime: '',
      durationHours: 2,
      place: '',
      host: '',
      leadSpeaker: '',
      materials: [],
      summary: '',
      rosterPresent: [],
      attendance: { expected: null, present: [], absent: [] },
      speeches: [],
      photos: [],
      packet: blankPacket(),
      tags: [],
    }),
    title: (r) => r.topic,
    searchText: (r) => [
      r.topic,
      r.summary,
      r.place,
      r.host,
      r.leadSpeaker,
      ...r.materials,
      ...r.speeches.flatMap((s) => [s.speaker, s.gist]),
      ...captionsOf(r.photos),
      ...r.tags,
    ],
  },
  readingNotes: {
    table: 'readingNotes',
    name: { zh: '读书笔记', en: 'Reading note' },
    get schema() {
      return readingNoteFields.schema
    },
    get fieldSchemas() {
      return readingNoteFields.schema.shape
    },
    specs: readingNoteFields.specs,
    fallbacks: readingNoteFields.fallbacks,
    blank: (today) => ({
      kind: 'excerpt',
      source: { title: '', author: '', chapter: '', page: '' },
      date: today,
      excerpt: '',
      reflection: '',
      photos: [],
      studySessionId: '',
      tags: [],
    }),
    title: (r) => r.source.title,
    searchText: (r) => [
      r.source.title,
      r.source.author,
      r.source.chapter,
      r.excerpt,
      r.reflection,
      ...captionsOf(r.photos),
      ...r.tags,
    ],
  },
  visits: {
    table: 'visits',
    name: { zh: '走访记录', en: 'Visit' },
    get schema() {
      return visitFields.schema
    },
    get fieldSchemas() {
      return visitFields.schema.shape
    },
    specs: visitFields.specs,
    fallbacks: visitFields.fallbacks,
    blank: (today) => ({
      kind: 'research',
      date: today,
      place: '',
      address: '',
      location: null,
      companions: [],
      households: [],
      findings: '',
      problems: [],
      photos: [],
      summary: '',
      endLocation: null,
      nextVisitDate: '',
      tags: [],
    }),
    title: (r) => r.place,
    searchText: (r) => [
      r.place,
      r.address,
      r.findings,
      r.summary,
      ...r.households.flatMap((h) => [h.name, h.situation]),
      ...r.problems.flatMap((p) => [p.description, p.resolution]),
      ...captionsOf(r.photos),
      ...r.tags,
    ],
  },
  reviewEvents: {
    table: 'reviewEvents',
    name: { zh: '报送审核记录', en: 'Packet step' },
    get schema() {
      return reviewEventFields.schema
    },
    get fieldSchemas() {
      return reviewEventFields.schema.shape
    },
    specs: reviewEventFields.specs,
    fallbacks: reviewEventFields.fallbacks,
    blank: () => ({
      kind: 'submitted',
      sessionId: '',
      answers: '',
      comment: '',
      authorName: '',
      deviceAt: '',
      receivedAt: '',
      snapshot: null,
      plan: null,
    }),
    title: (r) => REVIEW_EVENT_KIND_LABELS[r.kind].zh,
    // Packet steps are found through their session, not by search.
    searchText: () => [],
  },
}

/** A record stored before photos existed has no `photos` key, whatever its type says. */
function captionsOf(photos: readonly PhotoRef[] | undefined): string[] {
  return (photos ?? []).map((photo) => photo.caption)
}

/**
 * A record's fields (what syncs and what forms edit), without its bookkeeping. Picked by the type's field list,
 * so no bookkeeping key, local or synced, can slip into a form or a change. A field added after the record was
 * stored reads as its fallback, so an edit of an old record changes only what the person changed.
 */
export function fieldsOf<T extends SyncedTable>(table: T, record: FieldsOf[T]): FieldsOf[T] {
  const source = record as unknown as Record<string, unknown>
  const { specs, fallbacks } = recordTypes[table]
  const fields: Record<string, unknown> = {}
  for (const key of Object.keys(specs))
    fields[key] = source[key] === undefined && fallbacks[key] ? fallbacks[key]() : source[key]
  return fields as FieldsOf[T]
}

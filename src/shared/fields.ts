/**
 * One definition per field. A builder returns the field's zod schema together with its spec (label, widget,
 * limits); `defineFields` gathers them into the record's object schema and the spec map that forms, lists and
 * exports render from. Nothing else in the code base re-declares a field.
 *
 * The schemas are built on first use (`schema` is a getter): lists, 首页 and the sync store read the specs as the
 * app starts, and building every record's zod schemas then held up the first screen. Only validation builds them.
 */
import * as z from 'zod/mini'
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES, PHOTO_MAX_SIDE_PX, SHA256_HEX_PATTERN } from './attachments'
import type { Localized } from './localized'

export type ChoiceLabels<K extends string> = Readonly<Record<K, Localized>>

interface SpecBase {
  label: Localized
  isRequired: boolean
  placeholder?: Localized
}

export type FieldSpec =
  | (SpecBase & { type: 'text'; maxLength: number; isMultiline: boolean })
  | (SpecBase & { type: 'longText'; maxLength: number })
  | (SpecBase & { type: 'date' })
  | (SpecBase & { type: 'time' })
  | (SpecBase & { type: 'number'; min: number; max: number; step: number; unit?: Localized })
  | (SpecBase & { type: 'choice'; options: readonly string[]; optionLabels: Readonly<Record<string, Localized>> })
  | (SpecBase & { type: 'list'; itemLabel: Localized; maxItems: number; maxLength: number })
  | (SpecBase & { type: 'rows'; fields: FieldSpecs; addLabel: Localized; maxItems: number })
  | (SpecBase & { type: 'group'; fields: FieldSpecs; shownWhen?: ShownWhen })
  | (SpecBase & { type: 'flag' })
  | (SpecBase & { type: 'link'; table: string })
  | (SpecBase & { type: 'photos'; maxItems: number; maxCaptionLength: number })
  | (SpecBase & { type: 'location'; isTakenOnOpen: boolean })
  | (SpecBase & { type: 'members'; maxItems: number })
  | (SpecBase & { type: 'instant' })
  | (SpecBase & { type: 'snapshot'; table: string; fields: FieldSpecs })

export type FieldSpecs = Readonly<Record<string, FieldSpec>>

/** A field that only some records have a use for: shown when the record's `field` holds one of `values`. */
export interface ShownWhen {
  field: string
  values: readonly string[]
}

/** Whether a form or a detail screen shows this field for a record with these values. */
export function isFieldShown(spec: FieldSpec, record: Readonly<Record<string, unknown>>): boolean {
  if (spec.type !== 'group' || !spec.shownWhen) return true
  return spec.shownWhen.values.includes(String(record[spec.shownWhen.field]))
}

export interface FieldDef<S extends z.ZodMiniType = z.ZodMiniType> {
  schema: S
  spec: FieldSpec
  /**
   * For a field added after records were first stored: the value a record written before it existed stands for.
   * Records on devices and on the server lack the key; reading them through fieldsOf fills it in, so an old record
   * loads, validates, edits and syncs without a change to that field being made up.
   */
  fallback?: () => unknown
}

/** A field definition whose schema is built the first time it is read, then kept. */
function fieldDef<S extends z.ZodMiniType>(
  build: () => S,
  spec: FieldSpec,
  fallback?: () => unknown,
): { readonly schema: S; spec: FieldSpec; fallback?: () => unknown } {
  const schema = once(build)
  const def: { readonly schema: S; spec: FieldSpec; fallback?: () => unknown } = {
    get schema() {
      return schema()
    },
    spec,
  }
  if (fallback) def.fallback = fallback
  return def
}

/** `build`'s value, computed on the first call and returned by every later one. */
function once<T>(build: () => T): () => T {
  let value: { built: T } | undefined
  return () => (value ??= { built: build() }).built
}

interface Common {
  label: Localized
  placeholder?: Localized
}

const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/

function requiredText(maxLength: number) {
  return z.string().check(z.trim(), z.minLength(1), z.maxLength(maxLength))
}
function optionalText(maxLength: number) {
  return z.string().check(z.trim(), z.maxLength(maxLength))
}

/**
 * A line of text. `multiline`: a sentence or more (a problem as the villagers put it, a household's situation): the
 * form gives it an input that wraps and grows as it is typed, where a one-line input would hide all but its end.
 */
type TextOptions = Common & { maxLength?: number; multiline?: boolean }

export function text(o: TextOptions & { required: true }): FieldDef<ReturnType<typeof requiredText>>
export function text(o: TextOptions & { required?: false }): FieldDef<ReturnType<typeof optionalText>>
export function text(o: TextOptions & { required?: boolean }): FieldDef {
  const { multiline, required, ...common } = o
  const maxLength = o.maxLength ?? 200
  return fieldDef(() => (required ? requiredText(maxLength) : optionalText(maxLength)), {
    ...common,
    type: 'text',
    maxLength,
    isMultiline: multiline ?? false,
    isRequired: required ?? false,
  })
}

export function longText(o: Common & { maxLength?: number }) {
  const maxLength = o.maxLength ?? 20000
  return fieldDef(() => optionalText(maxLength), { ...o, type: 'longText', maxLength, isRequired: false })
}

const isoDate = () => z.string().check(z.minLength(1, { abort: true }), z.refine(isRealDate))

/** A 'YYYY-MM-DD' that exists on the calendar: 2026-02-30 fits the pattern but is refused. */
function isRealDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false
  const [y, m, d] = value.split('-').map(Number)
  const date = new Date(Date.UTC(y!, m! - 1, d!))
  return date.getUTCMonth() === m! - 1 && date.getUTCDate() === d
}

export function date(o: Common & { required: true }): FieldDef<ReturnType<typeof isoDate>>
export function date(
  o: Common & { required?: false },
): FieldDef<z.ZodMiniUnion<[ReturnType<typeof isoDate>, z.ZodMiniLiteral<''>]>>
export function date(o: Common & { required?: boolean }): FieldDef {
  return fieldDef(() => (o.required ? isoDate() : z.union([isoDate(), z.literal('')])), {
    ...o,
    type: 'date',
    isRequired: o.required ?? false,
  })
}

export function time(o: Common) {
  return fieldDef(() => z.union([z.string().check(z.regex(TIME_PATTERN)), z.literal('')]), {
    ...o,
    type: 'time',
    isRequired: false,
  })
}

export function number(o: Common & { min: number; max: number; step: number; unit?: Localized; required: true }) {
  return fieldDef(() => z.number().check(z.gte(o.min), z.lte(o.max), z.multipleOf(o.step)), {
    ...o,
    type: 'number',
    isRequired: true,
  })
}

/** An optional count: null when the user left it empty, never a made-up zero. */
export function optionalNumber(o: Common & { min: number; max: number; step: number; unit?: Localized }) {
  return fieldDef(() => z.nullable(z.number().check(z.gte(o.min), z.lte(o.max), z.multipleOf(o.step))), {
    ...o,
    type: 'number',
    isRequired: false,
  })
}

export function choice<const K extends string>(o: Common & { options: readonly [K, ...K[]]; labels: ChoiceLabels<K> }) {
  return fieldDef(() => z.enum(o.options as [K, ...K[]]), {
    label: o.label,
    type: 'choice',
    options: o.options,
    optionLabels: o.labels,
    isRequired: true,
  })
}

/** A list of short strings: names, titles, tags. Entered one at a time as chips. */
export function list(o: Common & { itemLabel: Localized; maxItems?: number; maxLength?: number }) {
  const maxItems = o.maxItems ?? 200
  const maxLength = o.maxLength ?? 100
  return fieldDef(() => z.array(requiredText(maxLength)).check(z.maxLength(maxItems)), {
    ...o,
    type: 'list',
    maxItems,
    maxLength,
    isRequired: false,
  })
}

/** A member of a unit picked from its roster: the account, and the name it had then (for reading offline). */
const memberRef = once(() => z.object({ accountId: z.string().check(z.uuid()), name: requiredText(50) }))
export type MemberRef = z.infer<ReturnType<typeof memberRef>>

/**
 * Members of the record's unit picked from its roster (docs/units.md, "Attendance from the roster"): who they are by
 * account, so that each gets the session in their own figures. Records from before units have none.
 */
export function members(o: Common & { maxItems?: number }) {
  const maxItems = o.maxItems ?? 1000
  const fallback = (): MemberRef[] => []
  return fieldDef(
    () => z._default(z.array(memberRef()).check(z.maxLength(maxItems)), fallback),
    { ...o, type: 'members', maxItems, isRequired: false },
    fallback,
  )
}

type Shape<T extends Record<string, FieldDef>> = { [K in keyof T]: T[K]['schema'] }

export interface DefinedFields<T extends Record<string, FieldDef>> {
  schema: z.ZodMiniObject<Shape<T>>
  specs: { readonly [K in keyof T]: FieldSpec }
  /** The fields that records stored before them lack, with the value such a record stands for. */
  fallbacks: Readonly<Record<string, () => unknown>>
}

export function defineFields<T extends Record<string, FieldDef>>(defs: T): DefinedFields<T> {
  const specs = {} as Record<string, FieldSpec>
  const fallbacks: Record<string, () => unknown> = {}
  for (const [key, def] of Object.entries(defs)) {
    specs[key] = def.spec
    if (def.fallback) fallbacks[key] = def.fallback
  }
  const schema = once(() => {
    const shape = {} as Record<string, z.ZodMiniType>
    for (const [key, def] of Object.entries(defs)) shape[key] = def.schema
    return z.object(shape as Shape<T>)
  })
  return {
    get schema() {
      return schema()
    },
    specs: specs as DefinedFields<T>['specs'],
    fallbacks,
  }
}

/** Repeatable rows (attendees absent, speeches, households, problems): quick to add on a phone. */
export function rows<T extends Record<string, FieldDef>>(
  o: Common & { addLabel: Localized; maxItems?: number },
  inner: DefinedFields<T>,
) {
  const maxItems = o.maxItems ?? 200
  return fieldDef(() => z.array(inner.schema).check(z.maxLength(maxItems)), {
    ...o,
    type: 'rows',
    fields: inner.specs,
    maxItems,
    isRequired: false,
  })
}

export function group<T extends Record<string, FieldDef>>(o: Common, inner: DefinedFields<T>) {
  return fieldDef(() => inner.schema, { ...o, type: 'group', fields: inner.specs, isRequired: false })
}

/**
 * A group added after records were first stored, for some records only (see ShownWhen): records from before
 * it, and pushes from older apps, stand for `fallback`.
 */
export function laterGroup<T extends Record<string, FieldDef>>(
  o: Common & { shownWhen?: ShownWhen; fallback: () => z.infer<DefinedFields<T>['schema']> },
  inner: DefinedFields<T>,
) {
  const { fallback, shownWhen, ...common } = o
  return fieldDef(
    // zod's default wants its own NoUndefined<> of the inferred type, which a generic T cannot be shown to meet.
    () => z._default(inner.schema, fallback as Parameters<typeof z._default<typeof inner.schema>>[1]),
    { ...common, type: 'group', fields: inner.specs, isRequired: false, ...(shownWhen ? { shownWhen } : {}) },
    fallback,
  )
}

/** A yes or no the person ticks by hand (a document is ready, say). */
export function flag(o: Common) {
  return fieldDef(() => z.boolean(), { ...o, type: 'flag', isRequired: false })
}

/** A reference to another record by id, or '' for none. */
export function link(o: Common & { table: string }) {
  return fieldDef(() => z.union([z.string().check(z.uuid()), z.literal('')]), {
    ...o,
    type: 'link',
    isRequired: false,
  })
}

/** A moment as an ISO time, '' for none: when a phone's button was pressed, when the server received something. */
export function instant(o: Common) {
  return fieldDef(() => z.union([isoDateTime(), z.literal('')]), { ...o, type: 'instant', isRequired: false })
}

/**
 * Another record's fields as they stood at one moment (what a packet sent upward held), checked by that record
 * type's own schema; null for none. Kept as evidence: never edited, never merged field by field.
 */
export function snapshot<T extends Record<string, FieldDef>>(
  o: Common & { table: string; isLater?: boolean },
  inner: DefinedFields<T>,
) {
  const { isLater, ...common } = o
  const spec: FieldSpec = { ...common, type: 'snapshot', fields: inner.specs, isRequired: false }
  // Added after the record type was first stored (see FieldDef.fallback): a record without it holds none.
  if (isLater)
    return fieldDef(
      () => z._default(z.nullable(inner.schema), null),
      spec,
      () => null,
    )
  return fieldDef(() => z.nullable(inner.schema), spec)
}

export const sha256Hex = () => z.string().check(z.regex(SHA256_HEX_PATTERN))
// Patterns and multipleOf rather than z.iso.datetime() and z.int(): the same rules without pulling more of zod
// into the chunk that every list and form loads.
const ISO_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/
export const isoDateTime = () =>
  z.string().check(
    z.regex(ISO_DATE_TIME_PATTERN),
    z.refine((value) => !Number.isNaN(Date.parse(value))),
  )
export const wholeNumber = (min: number, max: number) => z.number().check(z.multipleOf(1), z.gte(min), z.lte(max))
const sidePx = () => wholeNumber(1, PHOTO_MAX_SIDE_PX)

export const MAX_PHOTO_CAPTION_LENGTH = 200

/**
 * A photo as a record holds it: the SHA-256 of the stored full-size bytes and of its thumbnail (the blobs
 * themselves live on the device and the server, named by these hashes), what they are, and the person's caption.
 */
const photoRef = once(() =>
  z.object({
    hash: sha256Hex(),
    thumbHash: sha256Hex(),
    type: z.enum(ATTACHMENT_TYPES),
    bytes: wholeNumber(1, MAX_ATTACHMENT_BYTES),
    width: sidePx(),
    height: sidePx(),
    caption: optionalText(MAX_PHOTO_CAPTION_LENGTH),
    takenAt: z.optional(isoDateTime()),
  }),
)
export type PhotoRef = z.infer<ReturnType<typeof photoRef>>

/** Photos with captions (影像资料). Records from before photos existed have none. */
export function photos(o: Common & { maxItems?: number }) {
  const maxItems = o.maxItems ?? 30
  const fallback = (): PhotoRef[] => []
  return fieldDef(
    () => z._default(z.array(photoRef()).check(z.maxLength(maxItems)), fallback),
    { ...o, type: 'photos', maxItems, maxCaptionLength: MAX_PHOTO_CAPTION_LENGTH, isRequired: false },
    fallback,
  )
}

/** A GPS fix: degrees (WGS 84, as the phone reports them), accuracy in metres, and when it was taken. */
const geoPoint = once(() =>
  z.object({
    latitude: z.number().check(z.gte(-90), z.lte(90)),
    longitude: z.number().check(z.gte(-180), z.lte(180)),
    accuracy: z.number().check(z.gte(0), z.lte(1_000_000)),
    takenAt: isoDateTime(),
  }),
)
export type GeoPoint = z.infer<ReturnType<typeof geoPoint>>

/**
 * Where the person was, or null when no position was taken (refused, unavailable, or not asked). `takenOnOpen`: a new
 * record's form takes it as it opens, where the phone already allows it (a visit's position on arrival).
 */
export function location(o: Common & { takenOnOpen?: boolean }) {
  const { takenOnOpen, ...common } = o
  const fallback = (): GeoPoint | null => null
  return fieldDef(
    () => z._default(z.nullable(geoPoint()), fallback),
    { ...common, type: 'location', isRequired: false, isTakenOnOpen: takenOnOpen ?? false },
    fallback,
  )
}

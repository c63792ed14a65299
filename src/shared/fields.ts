/**
 * One definition per field. A builder returns the field's zod schema together with its spec (label, widget,
 * limits); `defineFields` gathers them into the record's object schema and the spec map that forms, lists and
 * exports render from. Nothing else in the code base re-declares a field.
 */
import * as z from 'zod/mini'
import type { Localized } from './localized'

export type ChoiceLabels<K extends string> = Readonly<Record<K, Localized>>

interface SpecBase {
  label: Localized
  isRequired: boolean
  placeholder?: Localized
}

export type FieldSpec =
  | (SpecBase & { type: 'text'; maxLength: number })
  | (SpecBase & { type: 'longText'; maxLength: number })
  | (SpecBase & { type: 'date' })
  | (SpecBase & { type: 'time' })
  | (SpecBase & { type: 'number'; min: number; max: number; step: number; unit?: Localized })
  | (SpecBase & { type: 'choice'; options: readonly string[]; optionLabels: Readonly<Record<string, Localized>> })
  | (SpecBase & { type: 'list'; itemLabel: Localized; maxItems: number; maxLength: number })
  | (SpecBase & { type: 'rows'; fields: FieldSpecs; addLabel: Localized; maxItems: number })
  | (SpecBase & { type: 'group'; fields: FieldSpecs })
  | (SpecBase & { type: 'link'; table: string })

export type FieldSpecs = Readonly<Record<string, FieldSpec>>

export interface FieldDef<S extends z.ZodMiniType = z.ZodMiniType> {
  schema: S
  spec: FieldSpec
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

export function text(o: Common & { maxLength?: number; required: true }): FieldDef<ReturnType<typeof requiredText>>
export function text(o: Common & { maxLength?: number; required?: false }): FieldDef<ReturnType<typeof optionalText>>
export function text(o: Common & { maxLength?: number; required?: boolean }): FieldDef {
  const maxLength = o.maxLength ?? 200
  const schema = o.required ? requiredText(maxLength) : optionalText(maxLength)
  return { schema, spec: { ...o, type: 'text', maxLength, isRequired: o.required ?? false } }
}

export function longText(o: Common & { maxLength?: number }) {
  const maxLength = o.maxLength ?? 20000
  return { schema: optionalText(maxLength), spec: { ...o, type: 'longText', maxLength, isRequired: false } } satisfies FieldDef
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
export function date(o: Common & { required?: false }): FieldDef<z.ZodMiniUnion<[ReturnType<typeof isoDate>, z.ZodMiniLiteral<''>]>>
export function date(o: Common & { required?: boolean }): FieldDef {
  const schema = o.required ? isoDate() : z.union([isoDate(), z.literal('')])
  return { schema, spec: { ...o, type: 'date', isRequired: o.required ?? false } }
}

export function time(o: Common) {
  const schema = z.union([z.string().check(z.regex(TIME_PATTERN)), z.literal('')])
  return { schema, spec: { ...o, type: 'time', isRequired: false } } satisfies FieldDef
}

export function number(o: Common & { min: number; max: number; step: number; unit?: Localized; required: true }) {
  const schema = z.number().check(z.gte(o.min), z.lte(o.max), z.multipleOf(o.step))
  return { schema, spec: { ...o, type: 'number', isRequired: true } } satisfies FieldDef
}

/** An optional count: null when the user left it empty, never a made-up zero. */
export function optionalNumber(o: Common & { min: number; max: number; step: number; unit?: Localized }) {
  const schema = z.nullable(z.number().check(z.gte(o.min), z.lte(o.max), z.multipleOf(o.step)))
  return { schema, spec: { ...o, type: 'number', isRequired: false } } satisfies FieldDef
}

export function choice<const K extends string>(o: Common & { options: readonly [K, ...K[]]; labels: ChoiceLabels<K> }) {
  const schema = z.enum(o.options as [K, ...K[]])
  return {
    schema,
    spec: { label: o.label, type: 'choice', options: o.options, optionLabels: o.labels, isRequired: true },
  } satisfies FieldDef
}

/** A list of short strings: names, titles, tags. Entered one at a time as chips. */
export function list(o: Common & { itemLabel: Localized; maxItems?: number; maxLength?: number }) {
  const maxItems = o.maxItems ?? 200
  const maxLength = o.maxLength ?? 100
  const schema = z.array(requiredText(maxLength)).check(z.maxLength(maxItems))
  return { schema, spec: { ...o, type: 'list', maxItems, maxLength, isRequired: false } } satisfies FieldDef
}

type Shape<T extends Record<string, FieldDef>> = { [K in keyof T]: T[K]['schema'] }

export interface DefinedFields<T extends Record<string, FieldDef>> {
  schema: z.ZodMiniObject<Shape<T>>
  specs: { readonly [K in keyof T]: FieldSpec }
}

export function defineFields<T extends Record<string, FieldDef>>(defs: T): DefinedFields<T> {
  const shape = {} as Record<string, z.ZodMiniType>
  const specs = {} as Record<string, FieldSpec>
  for (const [key, def] of Object.entries(defs)) {
    shape[key] = def.schema
    specs[key] = def.spec
  }
  return { schema: z.object(shape as Shape<T>), specs: specs as DefinedFields<T>['specs'] }
}

/** Repeatable rows (attendees absent, speeches, households, problems): quick to add on a phone. */
export function rows<T extends Record<string, FieldDef>>(
  o: Common & { addLabel: Localized; maxItems?: number },
  inner: DefinedFields<T>,
) {
  const maxItems = o.maxItems ?? 200
  const schema = z.array(inner.schema).check(z.maxLength(maxItems))
  return {
    schema,
    spec: { ...o, type: 'rows', fields: inner.specs, maxItems, isRequired: false },
  } satisfies FieldDef
}

export function group<T extends Record<string, FieldDef>>(o: Common, inner: DefinedFields<T>) {
  return { schema: inner.schema, spec: { ...o, type: 'group', fields: inner.specs, isRequired: false } } satisfies FieldDef
}

/** A reference to another record by id, or '' for none. */
export function link(o: Common & { table: string }) {
  const schema = z.union([z.string().check(z.uuid()), z.literal('')])
  return { schema, spec: { ...o, type: 'link', isRequired: false } } satisfies FieldDef
}

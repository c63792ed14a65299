/** The attachment hashes a record's fields refer to: every photo field's full-size and thumbnail hashes. */
import type { FieldSpecs, PhotoRef } from './fields'

/**
 * Walks `values` (a record's fields, or the changed fields of an outbox entry) by the record type's specs, so a
 * photo field added to any type later is covered without touching this.
 */
export function photoHashesIn(
  specs: FieldSpecs,
  values: Readonly<Record<string, unknown>>,
  into: Set<string> = new Set(),
): Set<string> {
  for (const [key, spec] of Object.entries(specs)) {
    const value = values[key]
    // What a packet sent upward held: its photos stay kept (and readable) as long as the packet, whatever the
    // session does later.
    if (spec.type === 'snapshot' && value !== null && typeof value === 'object') {
      photoHashesIn(spec.fields, value as Record<string, unknown>, into)
      continue
    }
    if (spec.type !== 'photos') continue
    if (!Array.isArray(value)) continue
    for (const photo of value as Partial<PhotoRef>[]) {
      if (typeof photo?.hash === 'string') into.add(photo.hash)
      if (typeof photo?.thumbHash === 'string') into.add(photo.thumbHash)
    }
  }
  return into
}

/** The photo references in a record's fields, in field order: what a device fetches thumbnails and originals for. */
export function photoRefsIn(specs: FieldSpecs, values: Readonly<Record<string, unknown>>): PhotoRef[] {
  const refs: PhotoRef[] = []
  for (const [key, spec] of Object.entries(specs)) {
    const value = values[key]
    if (spec.type === 'photos' && Array.isArray(value)) refs.push(...(value as PhotoRef[]))
  }
  return refs
}

/**
 * JSON the way a hostile client writes it, which JSON.stringify cannot: number tokens as typed (`-0`, `1e400`,
 * `5.0`), an object with the same key twice. A body is a tree of plain values with these two kinds of node in it;
 * `writeJson` turns it into the text that is sent, and JSON.parse of that text is what the server sees.
 */

/** A token written into the JSON text exactly as given (a number spelled oddly, a fragment). */
export class RawToken {
  constructor(readonly text: string) {}
}

/** An object written with its entries in this order, keys repeated as given (JSON.parse keeps the last). */
export class Entries {
  constructor(readonly entries: [string, unknown][]) {}
}

export function writeJson(value: unknown): string {
  if (value instanceof RawToken) return value.text
  if (value instanceof Entries)
    return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${writeJson(item)}`).join(',')}}`
  if (Array.isArray(value)) return `[${value.map((item) => writeJson(item)).join(',')}]`
  if (value === undefined) return 'null'
  if (typeof value === 'object' && value !== null) {
    // Own keys, `__proto__` included when it is an own key (defineProperty), which JSON.stringify also writes.
    return `{${Object.keys(value)
      .map((key) => `${JSON.stringify(key)}:${writeJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null'
  return JSON.stringify(value)
}

/** Sets a key on an object even when it is `__proto__`, as JSON.parse does. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** A deep copy of a tree (RawToken and Entries nodes kept as they are). */
export function copyTree(value: unknown): unknown {
  if (value instanceof RawToken) return value
  if (value instanceof Entries) return new Entries(value.entries.map(([key, item]) => [key, copyTree(item)]))
  if (Array.isArray(value)) return value.map(copyTree)
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {}
    for (const key of Object.keys(value)) setOwn(copy, key, copyTree((value as Record<string, unknown>)[key]))
    return copy
  }
  return value
}

/** A place in a tree: the container and the key (or index) of a value inside it. */
export interface Slot {
  parent: Record<string, unknown> | unknown[] | Entries
  key: string | number
  /** Dotted, for the report: `mutations.0.changes.topic`. */
  path: string
}

/** Every slot of the tree, outermost first; `limit` stops the walk on huge bodies. */
export function slotsOf(root: unknown, limit = 2000): Slot[] {
  const slots: Slot[] = []
  const at = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${String(key)}`)
  const visit = (value: unknown, path: string) => {
    if (slots.length >= limit) return
    if (value instanceof Entries) {
      value.entries.forEach(([key, item], i) => {
        slots.push({ parent: value, key: i, path: at(path, key) })
        visit(item, at(path, key))
      })
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        slots.push({ parent: value, key: i, path: at(path, i) })
        visit(item, at(path, i))
      })
    } else if (typeof value === 'object' && value !== null && !(value instanceof RawToken)) {
      for (const key of Object.keys(value)) {
        slots.push({ parent: value as Record<string, unknown>, key, path: at(path, key) })
        visit((value as Record<string, unknown>)[key], at(path, key))
      }
    }
  }
  visit(root, '')
  return slots
}

export function readSlot(slot: Slot): unknown {
  if (slot.parent instanceof Entries) return slot.parent.entries[slot.key as number]![1]
  return (slot.parent as Record<string | number, unknown>)[slot.key]
}

export function writeSlot(slot: Slot, value: unknown): void {
  if (slot.parent instanceof Entries) slot.parent.entries[slot.key as number]![1] = value
  else if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = value
  else setOwn(slot.parent, slot.key as string, value)
}

export function removeSlot(slot: Slot): void {
  if (slot.parent instanceof Entries) slot.parent.entries.splice(slot.key as number, 1)
  else if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1)
  else Reflect.deleteProperty(slot.parent, slot.key)
}

/**
 * Spoils a well-formed JSON body the ways clients get it wrong: one value replaced by a hostile one, a key dropped
 * or added (unknown, `__proto__`, `constructor`, repeated), an object where an array goes and back, numbers as
 * strings or fractions, deep nesting, and whole bodies that are not JSON, not UTF-8, cut short or padded past a
 * limit. Each operator returns a short description for the report.
 */
import { chance, intBetween, pick, type Random } from '../../fixtures/random'
import { deepNest, EDGE_NUMBERS, hostileString, hostileValue, protoObject, RAW_NUMBERS } from './hostile-values'
import { copyTree, Entries, RawToken, readSlot, removeSlot, setOwn, slotsOf, writeJson, writeSlot } from './raw-json'

export interface SpoiledBody {
  json?: unknown
  bytes?: Uint8Array | string
  what: string
}

function shortly(value: unknown): string {
  const text = value instanceof RawToken ? value.text : writeJson(value)
  return text.length > 40 ? `${text.slice(0, 37)}…(${text.length})` : text
}

type Operator = (rng: Random, root: unknown) => SpoiledBody | null

const replaceValue: Operator = (rng, root) => {
  const slots = slotsOf(root)
  if (slots.length === 0) return null
  const slot = pick(rng, slots)
  const old = readSlot(slot)
  let value: unknown
  if (typeof old === 'number' && chance(rng, 0.6)) {
    value = pick(rng, [
      () => pick(rng, EDGE_NUMBERS),
      () => new RawToken(pick(rng, RAW_NUMBERS)),
      () => String(old),
      () => old + 0.5,
      () => new RawToken(`${old}.0`),
      () => -old,
    ])()
  } else if (typeof old === 'string' && chance(rng, 0.6)) {
    value = pick(rng, [
      () => hostileString(rng),
      () => old + hostileString(rng),
      () => old.toUpperCase(),
      () => ` ${old}`,
      () => old.slice(0, -1),
    ])()
  } else value = hostileValue(rng)
  const where = slot.path
  writeSlot(slot, value)
  return { json: root, what: `${where} → ${shortly(value)}` }
}

const dropKey: Operator = (rng, root) => {
  const slots = slotsOf(root).filter((s) => !Array.isArray(s.parent))
  if (slots.length === 0) return null
  const slot = pick(rng, slots)
  const where = slot.path
  removeSlot(slot)
  return { json: root, what: `${where} removed` }
}

function objectsOf(root: unknown): Record<string, unknown>[] {
  const objects = [root, ...slotsOf(root).map(readSlot)].filter(
    (v): v is Record<string, unknown> =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RawToken) && !(v instanceof Entries),
  )
  return objects
}

const addKey: Operator = (rng, root) => {
  const objects = objectsOf(root)
  if (objects.length === 0) return null
  const target = pick(rng, objects)
  const key = pick(rng, [
    '__proto__',
    'constructor',
    'prototype',
    'isAdmin',
    'accountId',
    'rev',
    'deletedAt',
    'unknownKey',
    '',
    ' ',
    'a'.repeat(500),
    hostileString(rng).slice(0, 300),
  ])
  const value = key === '__proto__' ? pick(rng, [{ isAdmin: true }, null, [], 'x']) : hostileValue(rng)
  setOwn(target, key, value)
  return { json: root, what: `key ${shortly(key)} added (${shortly(value)})` }
}

const repeatKey: Operator = (rng, root) => {
  const slots = slotsOf(root).filter((s) => !Array.isArray(s.parent) && !(s.parent instanceof Entries))
  if (slots.length === 0) return null
  const slot = pick(rng, slots)
  const parent = slot.parent as Record<string, unknown>
  const entries = Object.keys(parent).map((key): [string, unknown] => [key, parent[key]])
  const hostile = hostileValue(rng)
  const isFirst = chance(rng, 0.5)
  const at = entries.findIndex(([key]) => key === slot.key)
  entries.splice(isFirst ? at : at + 1, 0, [slot.key as string, hostile])
  const replacement = new Entries(entries)
  if (parent === root)
    return {
      json: replacement,
      what: `key ${String(slot.key)} twice (${isFirst ? 'first' : 'last'} ${shortly(hostile)})`,
    }
  const holder = slotsOf(root).find((s) => readSlot(s) === parent)
  if (!holder) return null
  writeSlot(holder, replacement)
  return { json: root, what: `key ${slot.path} twice (${isFirst ? 'first' : 'last'} ${shortly(hostile)})` }
}

const reshape: Operator = (rng, root) => {
  const slots = slotsOf(root).filter((s) => typeof readSlot(s) === 'object' && readSlot(s) !== null)
  if (slots.length === 0) return null
  const slot = pick(rng, slots)
  const old = readSlot(slot)
  const value = Array.isArray(old)
    ? pick(rng, [
        () => Object.fromEntries(old.map((v, i) => [String(i), v])),
        () => old[0] ?? null,
        () => [...old, ...old],
        () => Array.from({ length: pick(rng, [201, 501, 2001]) }, () => copyTree(old[0] ?? 1)),
      ])()
    : pick(rng, [() => [old], () => Object.values(old as object), () => writeJson(old), () => ({ wrapped: old })])()
  const where = slot.path
  writeSlot(slot, value)
  return { json: root, what: `${where} reshaped → ${shortly(value)}` }
}

const nest: Operator = (rng, root) => {
  const slots = slotsOf(root)
  if (slots.length === 0) return null
  const slot = pick(rng, slots)
  const where = slot.path
  writeSlot(slot, deepNest(rng))
  return { json: root, what: `${where} nested deep` }
}

const protoValue: Operator = (rng, root) => {
  const slots = slotsOf(root)
  if (slots.length === 0) return null
  const slot = pick(rng, slots)
  const where = slot.path
  writeSlot(slot, protoObject(rng))
  return { json: root, what: `${where} → object with a prototype key` }
}

const encoder = new TextEncoder()

/** Whole-body spoilers: what arrives is not the JSON of any object. */
function spoilWhole(rng: Random, root: unknown): SpoiledBody {
  const text = writeJson(root)
  switch (intBetween(rng, 0, 11)) {
    case 0:
      return { bytes: '', what: 'empty body' }
    case 1:
      return {
        bytes: pick(rng, ['null', '[]', '{}', '"x"', '0', 'true', '-0', '1e400', '[[]]']),
        what: 'body not an object',
      }
    case 2:
      return { bytes: text.slice(0, intBetween(rng, 0, Math.max(0, text.length - 1))), what: 'body cut short' }
    case 3: {
      const bytes = encoder.encode(text)
      const at = intBetween(rng, 0, bytes.length)
      const bad = pick(rng, [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe4, 0xb8], [0xf4, 0x90, 0x80, 0x80], [0x80]])
      return {
        bytes: new Uint8Array([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at)]),
        what: `invalid UTF-8 ${bad.map((b) => b.toString(16)).join(' ')} at byte ${at}`,
      }
    }
    case 4:
      return { bytes: `\ufeff${text}`, what: 'byte order mark first' }
    case 5:
      return { bytes: `${text}${pick(rng, ['x', '}', ',', '\u0000', ' {"a":1}', '\n\n'])}`, what: 'trailing bytes' }
    case 6:
      return {
        bytes: pick(rng, [
          'name=admin&password=x',
          '<xml/>',
          '\u0000\u0000',
          'undefined',
          'NaN',
          "{'a':1}",
          '{"a":1,}',
          '{a:1}',
        ]),
        what: 'not JSON at all',
      }
    case 7: {
      const pad = pick(rng, [64 * 1024, 64 * 1024 + 1, 65 * 1024])
      return {
        bytes: text.slice(0, -1) + ' '.repeat(Math.max(0, pad - text.length)) + text.slice(-1),
        what: `padded to ${pad} bytes`,
      }
    }
    case 8: {
      const utf16 = new Uint8Array(text.length * 2)
      for (let i = 0; i < text.length; i++)
        [utf16[2 * i], utf16[2 * i + 1]] = [text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8]
      return { bytes: utf16, what: 'UTF-16 body' }
    }
    case 9:
      return { bytes: text.replace(/"/g, "'"), what: 'single quotes' }
    case 10:
      return { bytes: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, what: '100,000 nested arrays' }
    default:
      return { bytes: `{${Array.from({ length: 5000 }, (_, i) => `"k${i}":${i}`).join(',')}}`, what: '5,000 keys' }
  }
}

const OPERATORS: [Operator, number][] = [
  [replaceValue, 10],
  [dropKey, 3],
  [addKey, 3],
  [repeatKey, 2],
  [reshape, 2],
  [nest, 1],
  [protoValue, 1],
]

/** One to three spoilings of a body (a tree is copied first: the caller's stays whole). */
export function spoilBody(rng: Random, json: unknown): SpoiledBody {
  if (chance(rng, 0.12)) return spoilWhole(rng, json)
  let root = copyTree(json)
  const what: string[] = []
  const times = pick(rng, [1, 1, 1, 2, 3])
  for (let i = 0; i < times; i++) {
    const total = OPERATORS.reduce((sum, [, w]) => sum + w, 0)
    let roll = rng() * total
    const operator = OPERATORS.find(([, w]) => (roll -= w) < 0)![0]
    const spoiled = operator(rng, root)
    if (!spoiled) continue
    root = spoiled.json
    what.push(spoiled.what)
  }
  return { json: root, what: what.join('; ') || 'unchanged' }
}

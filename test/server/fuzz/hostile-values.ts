/**
 * The values a hostile or broken client puts where a well-formed one puts a number, a string or an object: the
 * edges of every integer width, numbers spelled as JavaScript reads them differently, text no database stores
 * faithfully, and shapes that break code walking them.
 */
import { chance, intBetween, pick, type Random } from '../../fixtures/random'
import { Entries, RawToken, setOwn } from './raw-json'

/** Integers and floats at the edges: 32-bit, 53-bit, 64-bit, signed zero, fractions where integers go. */
export const EDGE_NUMBERS: readonly number[] = [
  0,
  -1,
  1,
  2,
  0.5,
  1.5,
  2.000001,
  -0.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 32 + 1,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53),
  2 ** 63,
  2 ** 64,
  1e21,
  1e308,
  -1e308,
  5e-324,
  Number.MAX_VALUE,
  55,
  56,
  2000,
  2001,
  500,
  501,
]

/** Number tokens whose spelling matters: JSON.parse reads them as -0, Infinity, 0 or a rounded integer. */
export const RAW_NUMBERS: readonly string[] = [
  '-0',
  '-0.0',
  '0.0',
  '1.0',
  '5e0',
  '1E2',
  '1e400',
  '-1e400',
  '1e-400',
  '9007199254740993',
  '18446744073709551616',
  '123456789012345678901234567890',
  '0.1e1',
  '2.5e-1',
  '1e+2',
  '-9223372036854775809',
]

/** Numbers and words as strings, where a number or a boolean is expected. */
const NUMBER_WORDS = [
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '0',
  '-0',
  '1',
  '1e3',
  '0x10',
  '2147483648',
  '9007199254740993',
  'null',
  'true',
  'undefined',
  '',
]

const BIDI = ['\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c']
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e']

/** Strings that break storage, comparison, logs or a careless parser. */
export function hostileString(rng: Random): string {
  switch (intBetween(rng, 0, 23)) {
    case 0:
      return ''
    case 1:
      return ' '.repeat(intBetween(rng, 1, 5))
    case 2:
      return 'a'.repeat(pick(rng, [99, 100, 101, 200, 201, 1000, 1001, 5000, 20_001, 70_000]))
    case 3:
      return '学'.repeat(pick(rng, [100, 101, 201, 2001, 10_001, 30_000]))
    case 4:
      return `a\u0000b`
    case 5:
      return '\u0000'
    case 6:
      return pick(rng, ['\ud800', '\udfff', 'x\ud83d', '\ude00y', '\udc00\ud800'])
    case 7:
      return `${pick(rng, BIDI)}admin${pick(rng, BIDI)}`
    case 8:
      return `名${pick(rng, INVISIBLE)}字`
    case 9:
      return 'ａｄｍｉｎ'
    case 10:
      return pick(rng, NUMBER_WORDS)
    case 11:
      return pick(rng, ["' OR 1=1 --", "'; drop table accounts; --", '"; select pg_sleep(10); --', '\\', '"', "'", '`'])
    case 12:
      return pick(rng, [
        '../../etc/passwd',
        '%00',
        '%ff%fe',
        '<script>alert(1)</script>',
        '${7*7}',
        '{{7*7}}',
        '\r\nX-Injected: 1',
      ])
    case 13:
      return pick(rng, ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])
    case 14:
      return pick(rng, [
        '00000000-0000-0000-0000-000000000000',
        'ffffffff-ffff-ffff-ffff-ffffffffffff',
        '0190A000-0000-7000-8000-000000000000',
        '0190a000-0000-7000-8000-00000000000',
        '0190a000000070008000000000000000',
      ])
    case 15:
      return pick(rng, [
        '2026-13-45T99:99',
        '0000-00-00T00:00',
        '9999-12-31T23:59:59.999999999Z',
        '2026-11-10T10:00+14:00',
        '2026-02-30T00:00:00Z',
        '2026-11-10',
        '-271821-04-20T00:00:00Z',
        '+275760-09-13T00:00:00.000Z',
      ])
    case 16:
      return 'e\u0301'.repeat(intBetween(rng, 1, 500))
    case 17:
      return '👨‍👩‍👧‍👦'.repeat(intBetween(rng, 1, 30))
    case 18:
      return String.fromCharCode(...Array.from({ length: 8 }, () => intBetween(rng, 1, 31)))
    case 19:
      return 'f'.repeat(pick(rng, [63, 64, 65]))
    case 20:
      return pick(rng, ['image/jpeg', 'image/webp', 'IMAGE/JPEG', 'image/png', 'text/html'])
    case 21:
      return '\u{10ffff}\ufffe\uffff'
    case 22:
      return pick(rng, [
        'centerGroup',
        'excerpt',
        'research',
        'create',
        'update',
        'delete',
        'restore',
        'resolve',
        'studySessions',
        'visits',
        'readingNotes',
      ])
    default:
      return `𠀀${'\u3000'.repeat(3)}`
  }
}

/** Nesting deep enough to pass any sensible limit, as arrays or objects. */
export function deepNest(rng: Random, depth: number = pick(rng, [31, 32, 33, 100, 1000, 5000])): unknown {
  const asArray = chance(rng, 0.5)
  const inner = pick(rng, ['1', '"x"', 'null', '{}'])
  // Past a hundred levels, as text: walking such a tree would overflow the fuzz's own stack before the server's.
  if (depth > 100)
    return new RawToken(
      asArray
        ? `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`,
    )
  let value: unknown = JSON.parse(inner)
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value }
  return value
}

/** An object with the key every prototype-walking bug meets, as JSON.parse would build it. */
export function protoObject(rng: Random): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  setOwn(
    object,
    pick(rng, ['__proto__', 'constructor', 'prototype']),
    chance(rng, 0.5) ? { isAdmin: true, polluted: 1 } : hostileString(rng),
  )
  return object
}

/** Any hostile value at all: a number, a string, a wrong type, a wrong shape. */
export function hostileValue(rng: Random): unknown {
  switch (intBetween(rng, 0, 11)) {
    case 0:
      return pick(rng, EDGE_NUMBERS)
    case 1:
      return new RawToken(pick(rng, RAW_NUMBERS))
    case 2:
    case 3:
      return hostileString(rng)
    case 4:
      return pick(rng, [null, true, false])
    case 5:
      return pick(rng, [[], {}, [null], [[]], [{}]])
    case 6:
      return deepNest(rng)
    case 7:
      return protoObject(rng)
    case 8:
      return new Entries([
        ['a', 1],
        ['a', hostileString(rng)],
      ])
    case 9:
      return Array.from({ length: pick(rng, [2, 20, 201, 2001]) }, () => pick(rng, [1, 'x', null]))
    case 10:
      return { [hostileString(rng).slice(0, 200)]: hostileString(rng) }
    default:
      return String(pick(rng, EDGE_NUMBERS))
  }
}

/** A UUID (version 4) drawn from the seeded generator, so a seed sends the same ids every time. */
export function seededUuid(rng: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16))
  hex[12] = '4'
  hex[16] = pick(rng, ['8', '9', 'a', 'b'])
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** Text as one path segment, percent-encoded; a lone surrogate becomes the bytes UTF-8 would give it (invalid there). */
export function pathSegment(text: string): string {
  return (
    [...text]
      .map((char) =>
        /[\uD800-\uDFFF]/.test(char) && char.length === 1
          ? `%${[0xed, 0xa0 | ((char.charCodeAt(0) >> 6) & 0x1f), 0x80 | (char.charCodeAt(0) & 0x3f)].map((b) => b.toString(16)).join('%')}`
          : encodeURIComponent(char),
      )
      .join('') || 'x'
  )
}

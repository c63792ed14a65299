/**
 * What a phone keyboard may type for the same character, folded to one form, one UTF-16 unit for one: full-width
 * digits and letters (a Chinese keyboard's ３ and Ａ) become ASCII, the full-width space a space, capitals small.
 * Length-preserving on purpose: a position in the folded text is the same position in the text as typed, so the
 * words found can be marked in the text the person wrote.
 *
 * Separators (spaces, punctuation, symbols, invisible format marks) are not part of any word: curly and straight
 * quotes, 、 and , are all alike to search.
 */

const FULL_WIDTH_FIRST = 0xff01
const FULL_WIDTH_LAST = 0xff5e
const FULL_WIDTH_OFFSET = 0xfee0
const IDEOGRAPHIC_SPACE = 0x3000
/** Above this only CJK and other scripts without case: toLowerCase is left out of their hot path. */
const CASED_LIMIT = 0x3000

const SEPARATOR = /[\s\p{P}\p{S}\p{Cc}\p{Cf}]/u

// Each BMP unit is classified once, when first met: 0 unknown, 1 separator, 2 part of a word.
const kinds = new Uint8Array(0x10000)
// 0 means not yet computed (no unit folds to U+0000 except itself, which is a separator and never asked).
const folded = new Uint16Array(0x10000)

function classify(code: number): number {
  const text = String.fromCharCode(code)
  // Lone surrogates are halves of a character outside the BMP (rare CJK): part of a word.
  const kind = code >= 0xd800 && code <= 0xdfff ? 2 : SEPARATOR.test(text) ? 1 : 2
  kinds[code] = kind
  return kind
}

/** Whether this UTF-16 unit separates words (after folding). */
export function isSeparatorCode(code: number): boolean {
  const kind = kinds[code] || classify(code)
  return kind === 1
}

function computeFold(code: number): number {
  let out = code
  if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) out = code - FULL_WIDTH_OFFSET
  else if (code === IDEOGRAPHIC_SPACE) out = 0x20
  if (out < CASED_LIMIT && !(out >= 0xd800 && out <= 0xdfff)) {
    const lower = String.fromCharCode(out).toLowerCase()
    // A few capitals lower-case to two units (İ): kept as they are, so lengths never change.
    if (lower.length === 1) out = lower.charCodeAt(0)
  }
  folded[code] = out
  return out
}

/** The folded form of one UTF-16 unit. */
export function foldCode(code: number): number {
  return folded[code] || computeFold(code)
}

/** The text folded unit by unit: the same length as the input. */
export function foldText(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(foldCode(text.charCodeAt(i)))
  return out
}

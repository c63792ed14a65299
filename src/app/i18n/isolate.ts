/**
 * Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms and supplementary
 * blocks), the right-to-left and Arabic letter marks, and the explicit embedding, override and isolate controls:
 * the characters that can move text around them. Text without any is laid out left to right like its sentence.
 */
const MOVES_TEXT =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}\u200F\u061C\u202A-\u202E\u2066-\u2069]/u

/**
 * Text set apart from the words around it for the bidi algorithm, between U+2068 FIRST STRONG ISOLATE and U+2069
 * POP DIRECTIONAL ISOLATE (both invisible): an override (U+202E) or right-to-left letters in what a person typed
 * then reorder only that text, never the sentence or the line it is put into. For text inside a string (fillIn
 * does it for every placeholder); an element of its own takes the `user-text` class (styles.css) instead.
 * Text that cannot move anything is left as it is: between two CJK brackets (》（) an invisible mark would keep
 * the browser from closing up their spacing.
 */
export function isolate(text: string): string {
  return MOVES_TEXT.test(text) ? `\u2068${text}\u2069` : text
}

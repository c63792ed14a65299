/**
 * A segment: the posting lists of a batch of documents, one list per gram. The index is a set of segments (one per
 * write, merged in quiet moments), so a write adds small lists instead of rewriting long ones.
 */
import { PostingWriter, readPostings } from './postings'
import { STEP, type TokenizedText } from './tokens'

export interface SegmentList {
  gram: string
  data: Uint8Array
  /** Documents in the list. */
  count: number
}

export class SegmentBuilder {
  /** Keyed by the gram's two UTF-16 units as one number (first × 65536 + second): no string per character. */
  private readonly writers = new Map<number, PostingWriter>()
  documents = 0

  /** Documents must come in ascending ordinal order. */
  add(ordinal: number, tokens: TokenizedText): void {
    const { chars, positions } = tokens
    const n = chars.length
    // A document's grams and their positions (ascending, as the characters come).
    const grams = new Map<number, number[]>()
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n && positions[i + 1] === positions[i]! + STEP ? chars.charCodeAt(i + 1) : 0
      const key = chars.charCodeAt(i) * 65536 + next
      const run = grams.get(key)
      if (run) run.push(positions[i]!)
      else grams.set(key, [positions[i]!])
    }
    for (const [key, run] of grams) {
      let writer = this.writers.get(key)
      if (!writer) {
        writer = new PostingWriter()
        this.writers.set(key, writer)
      }
      writer.add(ordinal, run)
    }
    this.documents++
  }

  lists(): SegmentList[] {
    return [...this.writers].map(([key, writer]) => ({
      gram: gramOf(key),
      data: writer.out.toBytes(),
      count: writer.count,
    }))
  }
}

function gramOf(key: number): string {
  return String.fromCharCode(Math.floor(key / 65536), key % 65536)
}

/** One gram's lists from several segments as one list, without the documents `keep` refuses; null when none is left. */
export function mergeLists(
  lists: readonly Uint8Array[],
  keep: (ordinal: number) => boolean,
): { data: Uint8Array; count: number } | null {
  const entries: { ordinal: number; positions: number[] }[] = []
  for (const data of lists) readPostings(data, (ordinal, positions) => entries.push({ ordinal, positions }), keep)
  if (entries.length === 0) return null
  entries.sort((a, b) => a.ordinal - b.ordinal)
  const writer = new PostingWriter()
  for (const { ordinal, positions } of entries) writer.add(ordinal, positions)
  return { data: writer.out.toBytes(), count: writer.count }
}

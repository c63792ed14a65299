/** The index kept in memory for tests: the same segments and lists the app stores in IndexedDB. */
import type { PostingSource, StoredList } from '../../../src/shared/search/evaluate'
import { SegmentBuilder, type SegmentList } from '../../../src/shared/search/segment'
import { tokenize, type TermLookup } from '../../../src/shared/search/tokens'

export class MemorySource implements PostingSource {
  readonly segments: SegmentList[][] = []

  /** Each call adds one segment: documents get ordinals from `first` on. */
  addSegment(first: number, docs: readonly (readonly string[])[]): void {
    const builder = new SegmentBuilder()
    docs.forEach((texts, i) => builder.add(first + i, tokenize(texts)))
    this.segments.push(builder.lists())
  }

  lists(lookup: TermLookup): Promise<StoredList[]> {
    const matches = (gram: string) => (lookup.prefix ? gram.startsWith(lookup.gram) : gram === lookup.gram)
    return Promise.resolve(this.segments.flatMap((lists) => lists.filter((l) => matches(l.gram))))
  }
}

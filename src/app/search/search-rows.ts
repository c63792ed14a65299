/**
 * The search index as IndexedDB keeps it (schema version 5; docs/architecture.md, "Search"). Derived from the records
 * and rebuilt from them when missing, so nothing here is ever synced or backed up.
 */

/** One gram's posting list in one segment (shared/search/postings.ts). */
export interface SearchPostingRow {
  gram: string
  seg: number
  data: Uint8Array
  /** Documents in the list. */
  count: number
}

/** What the index knows of one record, by `${table}:${id}`. */
export interface SearchDocRow {
  key: string
  /** The ordinal its lists use; −1 when there is nothing to find (deleted, or no text). */
  ord: number
  /** The state's seq when this was written: a build that read the record earlier must not overwrite it. */
  seq: number
}

/** Ordinals per block row of SearchBlockRow. */
export const SEARCH_BLOCK = 2048

/**
 * What a query needs of each ordinal, SEARCH_BLOCK ordinals to a row: all of them read at once, so typed arrays and
 * one string per row, never thousands of small strings to deserialize at a query.
 */
export interface SearchBlockRow {
  block: number
  /** `${table}:${id}` of each ordinal, one after another: ordinal i's ends at keyEnds[i]. */
  keys: string
  keyEnds: Int32Array
  /** 1 for an ordinal that is its record's current one. */
  live: Uint8Array
  /** 最新's order (shared/search/rank.ts, dateRank): the date and time given, then the id's creation time. */
  dates: Float64Array
  stamps: Float64Array
  /** Characters of words. */
  lengths: Int32Array
  titleEnds: Int32Array
  /** The segment holding the ordinal's postings. */
  segs: Int32Array
}

export interface SearchSegment {
  seg: number
  /** Ordinals written into it. */
  docs: number
  /** Of those, how many are no longer current: merged away when they are most of it. */
  dead: number
}

/** The layout of the lists: a different number makes the index start over. */
export const SEARCH_FORMAT = 2

export interface SearchStateRow {
  key: 'state'
  format: number
  nextOrd: number
  nextSeg: number
  /** Bumped by every commit: caches of the doc table are current while it is unchanged. */
  seq: number
  /** Ordinals that are some record's current one. */
  live: number
  /** Sum of their lengths, for the mean length BM25 needs. */
  totalLength: number
  /** Segments whose lists queries read. */
  segments: SearchSegment[]
  /** Segments whose lists are being written; their writer commits or abandons them (or, if it died, cleanup). */
  pending: { seg: number; at: string }[]
  /**
   * The walk over the records that indexes those the index does not know: the table (index into RECORD_TABLES) and
   * the last id done in it. Null when there is none to do. Until it ends, a query also reads what is past it.
   */
  pass: { table: number; after: string } | null
}

import { describe, expect, it } from 'vitest'
import { matchIndex, matchText, runOf } from '../../../src/shared/search/evaluate'
import { decodePostings, PostingWriter } from '../../../src/shared/search/postings'
import { mergeLists } from '../../../src/shared/search/segment'
import { parseQuery, tokenize } from '../../../src/shared/search/tokens'
import { MemorySource } from './memory-source'

/** A small deterministic generator: the same texts on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

const ALPHABET = [
  '文',
  '化',
  '中',
  '心',
  '旅',
  '游',
  '党',
  '建',
  '设',
  '意',
  '识',
  '３',
  '3',
  'A',
  'ａ',
  '，',
  '、',
  ' ',
  '。',
  '“',
  '"',
]

function text(rng: () => number, length: number): string {
  return Array.from({ length }, () => ALPHABET[Math.floor(rng() * ALPHABET.length)]).join('')
}

describe('postings', () => {
  it('round-trips ordinals and positions, large ones too', () => {
    const writer = new PostingWriter()
    writer.add(0, [0, 2, 300])
    writer.add(5, [7])
    writer.add(2 ** 31 + 5, [2 ** 20])
    expect(decodePostings(writer.out.toBytes())).toEqual([
      { ordinal: 0, positions: [0, 2, 300] },
      { ordinal: 5, positions: [7] },
      { ordinal: 2 ** 31 + 5, positions: [2 ** 20] },
    ])
  })

  it('merges lists of several segments, leaving out dead documents', () => {
    const a = new PostingWriter()
    a.add(1, [4])
    a.add(9, [2])
    const b = new PostingWriter()
    b.add(3, [6])
    const merged = mergeLists([b.out.toBytes(), a.out.toBytes()], (ordinal) => ordinal !== 9)
    expect(merged!.count).toBe(2)
    expect(decodePostings(merged!.data).map((e) => e.ordinal)).toEqual([1, 3])
  })
})

describe('the index answers as reading the texts would', () => {
  it('on random records and queries, spread over segments, with dead documents left out', async () => {
    const rng = random(7)
    const docs = Array.from({ length: 300 }, () =>
      Array.from({ length: 1 + Math.floor(rng() * 3) }, () => text(rng, 5 + Math.floor(rng() * 40))),
    )
    const source = new MemorySource()
    source.addSegment(0, docs.slice(0, 100))
    source.addSegment(100, docs.slice(100, 250))
    source.addSegment(250, docs.slice(250))
    const dead = new Set([3, 17, 120, 260])
    const queries = Array.from({ length: 200 }, () => text(rng, 1 + Math.floor(rng() * 5)))
    queries.push('文化 中心', '建设、意识', '党、化', '3 a', '“文化”')
    let nonEmpty = 0
    for (const query of queries) {
      const terms = parseQuery(query)
      if (terms.length === 0) continue
      const expected = new Map<number, number[][]>()
      docs.forEach((texts, ordinal) => {
        const starts = matchText(tokenize(texts), terms)
        if (starts && !dead.has(ordinal)) expected.set(ordinal, starts)
      })
      const live = new Uint8Array(docs.length).map((_, ordinal) => (dead.has(ordinal) ? 0 : 1))
      const found = await matchIndex(terms, source, live)
      const starts = new Map(
        Array.from(found.ords, (ordinal, i) => [ordinal, found.terms.map((set) => Array.from(runOf(set, i)))]),
      )
      expect(starts, query).toEqual(expected)
      if (expected.size > 0) nonEmpty++
    }
    expect(nonEmpty).toBeGreaterThan(100)
  })
})

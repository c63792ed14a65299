import { describe, expect, it } from 'vitest'
import { SearchIndex } from '../../../src/shared/search/search-index'

function keysOf(index: SearchIndex, query: string): string[] {
  return index.candidates(query).map((hit) => hit.key)
}

describe('SearchIndex', () => {
  it('finds a word inside a longer Chinese sentence', () => {
    const index = new SearchIndex()
    index.upsert('visit-1', '2026-11-20', ['石门村', '村文化中心利用率不高，平时来活动的多是老人'])
    index.upsert('visit-2', '2026-11-21', ['凤凰山景区', '旅游资源开发层次较浅'])
    expect(index.candidates('文化中心')).toEqual([{ key: 'visit-1', sortKey: '2026-11-20' }])
    expect(keysOf(index, '开发层次')).toEqual(['visit-2'])
  })

  it('finds documents by a single character', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['深入学习党的二十大精神'])
    index.upsert('b', '2026-01-02', ['文创产品缺乏特色'])
    expect(keysOf(index, '党')).toEqual(['a'])
    expect(keysOf(index, '创')).toEqual(['b'])
  })

  it('does not find a word whose characters are split by punctuation in the text', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['推进文化、中心工作'])
    expect(keysOf(index, '文化中心')).toEqual([])
    expect(keysOf(index, '中心工作')).toEqual(['a'])
  })

  it('ignores the case of Latin letters', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['通过学习强国APP开展线上学习'])
    expect(keysOf(index, 'app')).toEqual(['a'])
    expect(keysOf(index, 'ApP')).toEqual(['a'])
  })

  it('returns nothing for a query that occurs nowhere', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['村文化中心利用率不高'])
    expect(index.candidates('高铁站')).toEqual([])
    expect(index.candidates('铁')).toEqual([])
    expect(index.candidates('')).toEqual([])
    expect(index.candidates('，。')).toEqual([])
  })

  it('no longer finds a removed document', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['宣传推介力度不够'])
    index.upsert('b', '2026-01-02', ['宣传推介力度不够，游客不多'])
    index.remove('a')
    expect(keysOf(index, '宣传推介')).toEqual(['b'])
    expect(index.size).toBe(1)
  })

  it('ignores removing a key it does not hold', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['宣传推介力度不够'])
    index.remove('missing')
    expect(keysOf(index, '宣传')).toEqual(['a'])
    expect(index.size).toBe(1)
  })

  it('replaces the old text when a document is saved again', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['旅游资源开发层次较浅'])
    index.upsert('a', '2026-01-05', ['文创产品缺乏特色'])
    expect(keysOf(index, '开发层次')).toEqual([])
    expect(index.candidates('文创产品')).toEqual([{ key: 'a', sortKey: '2026-01-05' }])
    expect(index.size).toBe(1)
  })

  it('lists hits newest first', () => {
    const index = new SearchIndex()
    index.upsert('mid', '2026-06-01T09:00', ['理论学习中心组学习'])
    index.upsert('new', '2026-11-20T14:30', ['理论学习中心组学习'])
    index.upsert('old', '2025-01-15T08:30', ['理论学习中心组学习'])
    index.upsert('same-day-later', '2026-06-01T15:00', ['理论学习中心组学习'])
    expect(keysOf(index, '中心组')).toEqual(['new', 'same-day-later', 'mid', 'old'])
  })

  it('keeps live documents findable after most documents are removed', () => {
    const index = new SearchIndex()
    for (let i = 0; i < 100; i++) {
      const day = String((i % 28) + 1).padStart(2, '0')
      index.upsert(`doc-${i}`, `2026-${String((i % 12) + 1).padStart(2, '0')}-${day}#${String(i).padStart(3, '0')}`, [`第${i}次走访：村文化中心利用率不高`, i % 2 === 0 ? '旅游资源开发层次较浅' : '文创产品缺乏特色'])
    }
    for (let i = 0; i < 100; i++) if (i % 5 !== 0) index.remove(`doc-${i}`)
    const live = Array.from({ length: 20 }, (_, k) => `doc-${k * 5}`)
    expect(index.size).toBe(20)
    expect(keysOf(index, '文化中心').sort()).toEqual([...live].sort())
    expect(keysOf(index, '开发层次').sort()).toEqual(live.filter((key) => Number(key.slice(4)) % 2 === 0).sort())
    expect(keysOf(index, '文创产品').sort()).toEqual(live.filter((key) => Number(key.slice(4)) % 2 === 1).sort())

    // The index keeps working for writes after the sweep.
    index.upsert('doc-1', '2027-01-01', ['村文化中心利用率不高'])
    index.remove('doc-0')
    const hits = keysOf(index, '文化中心')
    expect(hits[0]).toBe('doc-1')
    expect(hits).toHaveLength(20)
    expect(hits).not.toContain('doc-0')
  })

  it('finds nothing once every document is removed, and works again after', () => {
    const index = new SearchIndex()
    for (let i = 0; i < 10; i++) index.upsert(`k${i}`, `2026-01-0${i}`, ['慰问走访留守老人'])
    for (let i = 0; i < 10; i++) index.remove(`k${i}`)
    expect(index.size).toBe(0)
    expect(index.candidates('留守老人')).toEqual([])
    index.upsert('k3', '2026-02-01', ['慰问走访脱贫户'])
    expect(keysOf(index, '留守')).toEqual([])
    expect(keysOf(index, '脱贫户')).toEqual(['k3'])
  })

  it('returns documents that hold every bigram even when not adjacent, for the caller to confirm', () => {
    const index = new SearchIndex()
    index.upsert('a', '2026-01-01', ['中心组学习文化化中'])
    expect(keysOf(index, '文化中心')).toEqual(['a'])
  })
})

describe('regressions', () => {
  it('finds a pasted phrase that contains punctuation', () => {
    const index = new SearchIndex()
    index.upsert('a', '1', ['带着感情学、带着责任学'])
    expect(index.candidates('感情学、带着').map((h) => h.key)).toEqual(['a'])
  })
})

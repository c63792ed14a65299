import { describe, expect, it } from 'vitest'
import { foldText } from '../../../src/shared/search/fold'
import { END, gramsOf, parseQuery, termStarts, tokenize } from '../../../src/shared/search/tokens'
import { textMatches } from '../../../src/shared/search/text-match'

describe('folding what a phone keyboard types', () => {
  it('folds full-width digits, letters and the full-width space, keeping the length', () => {
    expect(foldText('第３季度ＡＰＰ　推广')).toBe('第3季度app 推广')
    expect(foldText('ＡＢＣ').length).toBe(3)
  })

  it('finds 3 with ３ and ３ with 3: on the old code ３ found nothing while 3 found five notes', () => {
    expect(textMatches(['第3季度走访'], '３')).toBe(true)
    expect(textMatches(['第３季度走访'], '3')).toBe(true)
    expect(textMatches(['第３季度走访'], '3季度')).toBe(true)
    expect(textMatches(['APP推广'], 'ａｐｐ')).toBe(true)
  })

  it('treats curly and straight quotes alike: around a query they are dropped', () => {
    expect(textMatches(['学习"两学一做"的体会'], '“两学一做”')).toBe(true)
    expect(textMatches(['学习“两学一做”的体会'], '"两学一做"')).toBe(true)
    expect(textMatches(['学习“两学一做”的体会'], '‘两学一做’')).toBe(true)
  })
})

describe('tokenize', () => {
  it('gives each character one gram: with the next character, or END before a separator', () => {
    const grams = gramsOf(tokenize(['文化中心，利用']))
    expect([...grams.keys()].sort()).toEqual(['中心', '化中', '利用', `心${END}`, '文化', `用${END}`].sort())
  })

  it('never makes a gram across two texts of one record', () => {
    expect(gramsOf(tokenize(['文化', '中心'])).has('化中')).toBe(false)
  })

  it('marks where the title ends', () => {
    const tokens = tokenize(['柳河村', '文化中心'])
    expect(tokens.positions[2]! < tokens.titleEnd).toBe(true)
    expect(tokens.positions[3]! >= tokens.titleEnd).toBe(true)
  })
})

describe('parseQuery', () => {
  it('splits at spaces, the full-width space too', () => {
    expect(parseQuery('文化中心 旅游').map((t) => t.chars)).toEqual(['文化中心', '旅游'])
    expect(parseQuery('文化中心　旅游').map((t) => t.chars)).toEqual(['文化中心', '旅游'])
  })

  it('keeps punctuation inside a term as part of its phrase', () => {
    const [term] = parseQuery('建设、意识')
    expect(parseQuery('建设、意识')).toHaveLength(1)
    expect(term!.chars).toBe('建设意识')
    expect(term!.lookups.map((l) => l.gram)).toEqual(['建设', '意识'])
  })

  it('looks a lone character up by every gram it starts', () => {
    expect(parseQuery('党')[0]!.lookups).toEqual([{ gram: '党', offset: 0, prefix: true }])
    expect(parseQuery('党、政')[0]!.lookups.map((l) => [l.gram, l.prefix])).toEqual([
      ['党', true],
      ['政', true],
    ])
  })

  it('drops a repeated term and punctuation around terms', () => {
    expect(parseQuery(' 《党》 党 ').map((t) => t.chars)).toEqual(['党'])
  })
})

describe('phrases across punctuation', () => {
  it('finds 建设、意识 as pasted, and with other punctuation between, but not words far apart: the old code matched words hundreds of characters apart', () => {
    expect(textMatches(['加强阵地建设、意识形态工作'], '建设、意识')).toBe(true)
    expect(textMatches(['加强阵地建设，意识形态工作'], '建设、意识')).toBe(true)
    expect(textMatches(['加强阵地建设 意识形态工作'], '建设、意识')).toBe(true)
    expect(textMatches([`加强阵地建设。${'其他内容'.repeat(50)}。提高意识`], '建设、意识')).toBe(false)
    expect(textMatches(['建设x意识'], '建设、意识')).toBe(false)
    expect(textMatches(['建设意识'], '建设、意识')).toBe(false)
    expect(textMatches(['阵地建设', '意识形态'], '建设、意识')).toBe(false)
  })

  it('finds the terms of a query with a space anywhere in the record', () => {
    expect(textMatches(['文化中心建设', '发展旅游'], '文化中心 旅游')).toBe(true)
    expect(textMatches(['文化中心建设'], '文化中心 旅游')).toBe(false)
  })

  it('finds a word only as typed, not its characters scattered', () => {
    expect(textMatches(['文化和中心'], '文化中心')).toBe(false)
    expect(termStarts(tokenize(['中心文化中心']), parseQuery('文化中心')[0]!)).toEqual([4])
  })
})

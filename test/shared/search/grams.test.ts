import { describe, expect, it } from 'vitest'
import { gramsOf, queryGrams, queryTerms, textMatches } from '../../../src/shared/search/grams'

describe('gramsOf', () => {
  it('indexes every character and every adjacent pair', () => {
    expect([...gramsOf(['文化中心'])].sort()).toEqual(['中', '中心', '化', '化中', '心', '文', '文化'].sort())
  })

  it('does not make a gram across punctuation or spaces', () => {
    const grams = gramsOf(['村文化中心，利用率不高。旅游 资源'])
    expect(grams.has('中心')).toBe(true)
    expect(grams.has('利用')).toBe(true)
    expect(grams.has('心利')).toBe(false)
    expect(grams.has('游资')).toBe(false)
    expect(grams.has('，')).toBe(false)
    expect(grams.has(' ')).toBe(false)
  })

  it('does not make a gram across two texts of one record', () => {
    const grams = gramsOf(['文化', '中心'])
    expect(grams.has('文化')).toBe(true)
    expect(grams.has('化中')).toBe(false)
  })

  it('skips the book-title marks around a title', () => {
    const grams = gramsOf(['《中国共产党章程》'])
    expect(grams.has('《')).toBe(false)
    expect(grams.has('章程')).toBe(true)
    expect(grams.has('《中')).toBe(false)
  })

  it('lower-cases Latin letters', () => {
    const grams = gramsOf(['APP 推广'])
    expect(grams.has('ap')).toBe(true)
    expect(grams.has('pp')).toBe(true)
    expect(grams.has('AP')).toBe(false)
  })
})

describe('queryGrams', () => {
  it('asks for each bigram of a Chinese query once', () => {
    expect(queryGrams('文化中心')).toEqual(['文化', '化中', '中心'])
    expect(queryGrams('哈哈哈')).toEqual(['哈哈'])
  })

  it('asks for the character itself when the query is one character', () => {
    expect(queryGrams('党')).toEqual(['党'])
    expect(queryGrams(' 《党》 ')).toEqual(['党'])
  })

  it('asks for nothing when the query has no searchable characters', () => {
    expect(queryGrams('')).toEqual([])
    expect(queryGrams(' ，。！ ')).toEqual([])
  })

  it('lower-cases the query', () => {
    expect(queryGrams('PDF')).toEqual(['pd', 'df'])
  })
})

describe('queryTerms', () => {
  it('splits at spaces, punctuation and symbols and lower-cases each term', () => {
    expect(queryTerms('学习强国 App：“灯塔”+')).toEqual(['学习强国', 'app', '灯塔'])
  })

  it('keeps each term once', () => {
    expect(queryTerms('文化 文化')).toEqual(['文化'])
  })
})

describe('queries with punctuation or several words', () => {
  it('asks for no bigram across the punctuation of a pasted phrase', () => {
    expect(queryGrams('感情学、带着')).toEqual(['感情', '情学', '带着'])
  })

  it('matches a pasted phrase with punctuation, and two words that are not adjacent', () => {
    expect(textMatches(['带着感情学、带着责任学'], '感情学、带着')).toBe(true)
    expect(textMatches(['村文化中心利用率不高', '旅游资源开发层次较浅'], '文化中心 旅游')).toBe(true)
    expect(textMatches(['村文化中心利用率不高'], '文化中心 旅游')).toBe(false)
  })
})

describe('textMatches', () => {
  it('finds a word inside a longer sentence', () => {
    expect(textMatches(['走访发现村文化中心利用率不高'], '文化中心')).toBe(true)
  })

  it('does not match characters that only occur apart', () => {
    expect(textMatches(['中心组学习文化'], '文化中心')).toBe(false)
  })

  it('looks in every text of the record', () => {
    expect(textMatches(['桃源镇石门村', '旅游资源开发层次较浅'], '开发层次')).toBe(true)
  })

  it('ignores case', () => {
    expect(textMatches(['学习强国APP'], 'app')).toBe(true)
    expect(textMatches(['学习强国app'], 'App')).toBe(true)
  })

  it('never matches an empty or punctuation-only query', () => {
    expect(textMatches(['任何内容'], '')).toBe(false)
    expect(textMatches(['任何内容，。'], '，。')).toBe(false)
  })
})

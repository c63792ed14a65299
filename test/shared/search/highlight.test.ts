import { describe, expect, it } from 'vitest'
import { markedParts, plainText, snippet, type TextPart } from '../../../src/shared/search/highlight'
import { parseQuery } from '../../../src/shared/search/tokens'

function marks(parts: readonly TextPart[] | null): string[] {
  return (parts ?? []).filter((p) => p.marked).map((p) => p.text)
}

describe('markedParts', () => {
  it('marks the words as the person wrote them: full-width digits, capitals, punctuation inside a phrase', () => {
    expect(marks(markedParts('第３季度走访', parseQuery('3季度')))).toEqual(['３季度'])
    expect(marks(markedParts('推广ＡＰＰ和App', parseQuery('app')))).toEqual(['ＡＰＰ', 'App'])
    expect(marks(markedParts('加强阵地建设、意识形态工作', parseQuery('建设、意识')))).toEqual(['建设、意识'])
    expect(plainText(markedParts('加强阵地建设、意识形态工作', parseQuery('建设、意识')))).toBe(
      '加强阵地建设、意识形态工作',
    )
  })

  it('marks each term of a two-word query, and nothing when the text has neither', () => {
    expect(marks(markedParts('文化中心与旅游', parseQuery('文化 旅游')))).toEqual(['文化', '旅游'])
    expect(markedParts('无关的话', parseQuery('文化'))).toEqual([{ text: '无关的话', marked: false }])
  })
})

describe('snippet', () => {
  const far = `村文化中心利用率不高，${'图书室开放时间短，'.repeat(12)}乡村旅游资源开发层次较浅。`

  it('shows both words of a two-word query even when they are far apart: the old snippet showed only the first', () => {
    const parts = snippet(['柳河村', far], parseQuery('文化中心 旅游'))
    expect(marks(parts)).toEqual(['文化中心', '旅游'])
    expect(plainText(parts!)).toContain('…')
    expect(plainText(parts!).length).toBeLessThan(90)
  })

  it('shows one passage when the words are close, with both marked', () => {
    const parts = snippet(['柳河村', '发展文化旅游产业，带动群众增收。'], parseQuery('旅游 文化'))
    expect(marks(parts)).toEqual(['文化', '旅游'])
    expect(plainText(parts!)).toBe('发展文化旅游产业，带动群众增收。')
  })

  it('finds the words in different texts of the record', () => {
    const parts = snippet(['柳河村', '村文化中心利用率不高', '农家书屋新书补充较少'], parseQuery('文化 书屋'))
    expect(marks(parts)).toEqual(['文化', '书屋'])
  })

  it('leaves to the title a word the title shows, and shows the other', () => {
    const parts = snippet(['文旅局座谈', '讲到乡村振兴的几个问题'], parseQuery('文旅 振兴'))
    expect(marks(parts)).toEqual(['振兴'])
    expect(snippet(['文旅局座谈', '没有提到的内容'], parseQuery('文旅'))).toBeNull()
  })
})

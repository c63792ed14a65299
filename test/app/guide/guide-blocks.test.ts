import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { guideBlocks, type GuideBlock } from '../../../src/app/guide/guide-blocks'

const guide = readFileSync(new URL('../../../docs/ios.md', import.meta.url), 'utf8')
const headings = (blocks: GuideBlock[]) => blocks.flatMap((b) => (b.kind === 'heading' ? [b.text] : []))

describe('the iPhone guide as the app shows it', () => {
  it('has the same sections in Chinese and English, each with the five steps and screenshots that exist', () => {
    for (const [locale, stepsHeading] of [
      ['zh-CN', '添加到主屏幕的步骤'],
      ['en-US', 'Adding it to the Home Screen'],
    ] as const) {
      const blocks = guideBlocks(guide, locale)
      expect(headings(blocks)).toHaveLength(7)
      const steps = blocks
        .slice(blocks.findIndex((b) => b.kind === 'heading' && b.text === stepsHeading))
        .find((b) => b.kind === 'list')
      expect(steps).toMatchObject({ kind: 'list', isOrdered: true })
      expect(steps?.kind === 'list' && steps.items).toHaveLength(5)
      const images = blocks.filter((b) => b.kind === 'image')
      expect(images.length).toBeGreaterThanOrEqual(2)
      for (const image of images)
        expect(existsSync(new URL(`../../../docs/screenshots/ios/${image.file}`, import.meta.url)), image.file).toBe(
          true,
        )
    }
  })

  it('drops inline marks, joins a paragraph’s lines, and falls back to the first language', () => {
    const blocks = guideBlocks(
      '# T\n<!-- lang: zh-CN -->\n## 标题\n第一行 **加粗**\n第二行 [链接](https://example.cn)\n\n- 甲\n- 乙\n1. 一\n<!-- lang: en-US -->\n## Title\n',
      'fr-FR',
    )
    expect(blocks).toEqual([
      { kind: 'heading', level: 2, text: '标题' },
      { kind: 'paragraph', text: '第一行 加粗 第二行 链接' },
      { kind: 'list', isOrdered: false, items: ['甲', '乙'] },
      { kind: 'list', isOrdered: true, items: ['一'] },
    ])
  })
})

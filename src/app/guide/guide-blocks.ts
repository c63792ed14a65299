/**
 * The iPhone guide (docs/ios.md) read into the few kinds of block it uses, so the app shows the same text as the
 * repository without a Markdown library. The file holds one section per language, each opened by a line
 * `<!-- lang: zh-CN -->`; headings (## and ###), paragraphs, lists (- and 1.) and images alone on a line are
 * understood, and inline marks are dropped (**bold** and [link](url) keep their text).
 */
export type GuideBlock =
  | { kind: 'heading'; level: 2 | 3; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; isOrdered: boolean; items: string[] }
  | { kind: 'image'; alt: string; file: string }

const LANG_MARK = /^<!--\s*lang:\s*([\w-]+)\s*-->$/
const IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)\)$/
const ORDERED = /^\d+\.\s+/
const UNORDERED = /^[-*]\s+/

function plain(text: string): string {
  return text
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
}

/** The blocks of the section in `locale`; the first section when the file has none in that language. */
export function guideBlocks(markdown: string, locale: string): GuideBlock[] {
  const sections = new Map<string, string[]>()
  let current: string[] | null = null
  for (const line of markdown.split('\n')) {
    const mark = LANG_MARK.exec(line.trim())
    if (mark) sections.set(mark[1]!, (current = []))
    else current?.push(line)
  }
  const lines = sections.get(locale) ?? [...sections.values()][0] ?? []
  const blocks: GuideBlock[] = []
  let paragraph: string[] = []
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: plain(paragraph.join(' ')) })
    paragraph = []
  }
  for (const raw of lines) {
    const line = raw.trim()
    const last = blocks[blocks.length - 1]
    const isOrdered = ORDERED.test(line)
    if (line === '') endParagraph()
    else if (line.startsWith('### ') || line.startsWith('## ')) {
      endParagraph()
      blocks.push({ kind: 'heading', level: line.startsWith('### ') ? 3 : 2, text: plain(line.replace(/^#+\s+/, '')) })
    } else if (IMAGE.test(line)) {
      endParagraph()
      const [, alt, path] = IMAGE.exec(line)!
      blocks.push({ kind: 'image', alt: alt!, file: path!.split('/').pop()! })
    } else if (isOrdered || UNORDERED.test(line)) {
      endParagraph()
      const item = plain(line.replace(isOrdered ? ORDERED : UNORDERED, ''))
      if (last?.kind === 'list' && last.isOrdered === isOrdered && paragraph.length === 0) last.items.push(item)
      else blocks.push({ kind: 'list', isOrdered, items: [item] })
    } else if (last?.kind === 'list' && paragraph.length === 0 && raw.startsWith('  ')) {
      // A list item's continuation line.
      last.items[last.items.length - 1] += ` ${plain(line)}`
    } else paragraph.push(line)
  }
  endParagraph()
  return blocks
}

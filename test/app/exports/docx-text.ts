/** Reads a .docx the way a test needs: its XML parts, and the text of its paragraphs by style. */
import { strFromU8, unzipSync } from 'fflate'

export interface DocxParts {
  document: string
  styles: string
  fontTable: string
}

export function docxParts(bytes: Uint8Array): DocxParts {
  const files = unzipSync(bytes)
  const part = (path: string) => {
    const file = files[path]
    if (!file) throw new Error(`${path} is missing from the .docx`)
    return strFromU8(file)
  }
  return { document: part('word/document.xml'), styles: part('word/styles.xml'), fontTable: part('word/fontTable.xml') }
}

function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1]!)
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

/** Every paragraph as { style, text }, in document order (table cells included). */
export function paragraphs(documentXml: string): { style: string; text: string }[] {
  return [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"/.exec(m[0])?.[1] ?? '',
    text: textOf(m[0]),
  }))
}

/**
 * The look of a Chinese government document, after GB/T 9704: A4 with 37/35/28/26 mm margins, the title in
 * 方正小标宋简体 二号, level-1 headings in 黑体 三号, level-2 in 楷体 三号, body in 仿宋_GB2312 三号 at a fixed
 * 28.95 pt line (22 lines a page), page numbers "— 1 —" in 宋体 四号. The fonts are named in the file; a computer
 * without 仿宋_GB2312 or 方正小标宋简体 takes the alternative the font table names (仿宋, 宋体), as Word and WPS do.
 */
import type * as Docx from 'docx'

/** Half-points, as Word counts font sizes. */
export const SIZE = { title: 44, body: 32, table: 24, pageNumber: 28 } as const

export const FONT = {
  title: '方正小标宋简体',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  body: '仿宋_GB2312',
  pageNumber: '宋体',
} as const

/** Each font the document names, with the one a computer without it should use. */
const ALTERNATIVES: Readonly<Record<string, string>> = {
  [FONT.title]: '宋体',
  [FONT.heading2]: '楷体',
  [FONT.body]: '仿宋',
}

/** 28.95 pt in twips: 22 lines on the type area's 225 mm. */
export const LINE_TWIPS = 579
/** Two characters of 三号 (16 pt) in twips: the first-line indent of body text and headings. */
export const INDENT_TWIPS = 640

export function fontOf(name: string): Docx.IFontAttributesProperties {
  // Latin letters and digits in the same face keep a line even; hint eastAsia makes shared punctuation Chinese.
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' }
}

export function documentStyles(docx: typeof Docx): Docx.IStylesOptions {
  const fixedLine = { line: LINE_TWIPS, lineRule: docx.LineRuleType.EXACT, before: 0, after: 0 }
  return {
    default: {
      document: {
        run: { font: fontOf(FONT.body), size: SIZE.body },
        paragraph: { spacing: fixedLine },
      },
    },
    paragraphStyles: [
      {
        id: 'Title',
        name: 'Title',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font: fontOf(FONT.title), size: SIZE.title },
        paragraph: {
          alignment: docx.AlignmentType.CENTER,
          spacing: { line: 720, lineRule: docx.LineRuleType.EXACT, before: 0, after: 0 },
        },
      },
      {
        id: 'Heading1',
        name: 'heading 1',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font: fontOf(FONT.heading1), size: SIZE.body, bold: false },
        paragraph: { outlineLevel: 0, indent: { firstLine: INDENT_TWIPS }, spacing: fixedLine, keepNext: true },
      },
      {
        id: 'Heading2',
        name: 'heading 2',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { font: fontOf(FONT.heading2), size: SIZE.body, bold: false },
        paragraph: { outlineLevel: 1, indent: { firstLine: INDENT_TWIPS }, spacing: fixedLine, keepNext: true },
      },
      {
        id: 'TableText',
        name: 'Table Text',
        basedOn: 'Normal',
        quickFormat: true,
        run: { font: fontOf(FONT.body), size: SIZE.table },
        paragraph: { spacing: { line: 360, lineRule: docx.LineRuleType.AT_LEAST, before: 0, after: 0 } },
      },
    ],
  }
}

/** A4 with GB/T 9704's margins, the footer 7 mm below the type area. */
export function pageProperties(): Docx.ISectionPropertiesOptions {
  // Rounded, not truncated as the library's own conversion does (A4 is 11906 × 16838 twips, not 11905 × 16837).
  const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4)
  return {
    page: {
      size: { width: mm(210), height: mm(297) },
      margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(28) },
    },
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/**
 * word/fontTable.xml naming each font with its alternative (w:altName) and the GB2312 character set (86). The
 * docx library writes no entries for fonts it does not embed, so without this a missing font is replaced by
 * whatever the word processor guesses.
 */
export function fontTableXml(): string {
  const fonts = [...new Set(Object.values(FONT))].map((name) => {
    const alternative = ALTERNATIVES[name]
    return `<w:font w:name="${escapeXml(name)}">${alternative ? `<w:altName w:val="${escapeXml(alternative)}"/>` : ''}<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`
  })
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">${fonts.join('')}</w:fonts>`
  )
}

/**
 * A table across the type area, as both reports draw them: the header row repeats on each page, numbers and headers
 * centred, a line break in a value a line in its cell, each column `widths[i]` parts of the width.
 */
export function docxTable(
  docx: typeof Docx,
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  widths: readonly number[],
): Docx.Table {
  const total = widths.reduce((sum, w) => sum + w, 0)
  const cell = (value: string | number, isHeader: boolean, width: number) =>
    new docx.TableCell({
      width: { size: Math.round((width / total) * 100), type: docx.WidthType.PERCENTAGE },
      verticalAlign: docx.VerticalAlignTable.CENTER,
      children: String(value)
        .split('\n')
        .map(
          (line) =>
            new docx.Paragraph({
              style: 'TableText',
              alignment: isHeader || typeof value === 'number' ? docx.AlignmentType.CENTER : docx.AlignmentType.LEFT,
              children: [new docx.TextRun({ text: line, font: isHeader ? fontOf(FONT.heading1) : undefined })],
            }),
        ),
    })
  return new docx.Table({
    width: { size: 100, type: docx.WidthType.PERCENTAGE },
    rows: [
      new docx.TableRow({
        tableHeader: true,
        cantSplit: true,
        children: headers.map((h, i) => cell(h, true, widths[i]!)),
      }),
      ...rows.map(
        (row) =>
          new docx.TableRow({ cantSplit: true, children: row.map((value, i) => cell(value, false, widths[i]!)) }),
      ),
    ],
  })
}

/** — 1 — centred at the foot of each page, as government documents number them. */
export function pageNumberFooter(docx: typeof Docx): Docx.Footer {
  return new docx.Footer({
    children: [
      new docx.Paragraph({
        alignment: docx.AlignmentType.CENTER,
        children: [
          new docx.TextRun({
            children: ['— ', docx.PageNumber.CURRENT, ' —'],
            font: fontOf(FONT.pageNumber),
            size: SIZE.pageNumber,
          }),
        ],
      }),
    ],
  })
}

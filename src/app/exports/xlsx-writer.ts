/**
 * The ledger as an .xlsx workbook, one sheet per LedgerSheet. write-excel-file writes real SpreadsheetML (zipped by
 * fflate) and is loaded only here, by import(), so the first screen never pays for it: ~73 KB raw against exceljs's
 * ~930 KB, which is over the 500 KB a chunk may weigh (docs/benchmarks.md, "Exports").
 * Dates are real date cells shown as 2026年11月1日, so the sheet sorts and filters by them. A cell with a note (another
 * version waits for a choice) is text with the note under its value, on a yellow ground: the value is not final.
 */
import type { Cell, Row, Sheet } from 'write-excel-file/universal'
import type { LedgerCell, LedgerSheet } from '../../shared/reporting/ledger'

/** Excel keeps at most this many characters in a cell; longer text is cut with a mark. */
export const MAX_CELL_CHARS = 32_767
const CHINESE_DATE_FORMAT = 'yyyy"年"m"月"d"日"'
const HEADER_STYLE = {
  fontWeight: 'bold',
  backgroundColor: '#F2F2F2',
  align: 'center',
  alignVertical: 'center',
  wrap: true,
  borderStyle: 'thin',
} as const
const BODY_STYLE = { alignVertical: 'top', borderStyle: 'thin' } as const
const NOTED_STYLE = { ...BODY_STYLE, backgroundColor: '#FFF2CC', wrap: true } as const

function clipped(text: string): string {
  return text.length <= MAX_CELL_CHARS ? text : `${text.slice(0, MAX_CELL_CHARS - 1)}…`
}

function cellOf(cell: LedgerCell): Cell {
  if (cell.note)
    return {
      ...NOTED_STYLE,
      value: clipped(cell.text === '' ? `（${cell.note}）` : `${cell.text}\n（${cell.note}）`),
      type: String,
    }
  switch (cell.type) {
    case 'number':
      return { ...BODY_STYLE, value: cell.value, type: Number }
    case 'date': {
      const [y, m, d] = cell.date.split('-').map(Number)
      // UTC midnight: the library turns a Date into Excel's day number from its epoch time.
      return { ...BODY_STYLE, value: new Date(Date.UTC(y!, m! - 1, d!)), type: Date, format: CHINESE_DATE_FORMAT }
    }
    // Every text wraps: a 台账 is read on paper too, where a cut-off 学习形式 or place says nothing.
    case 'text':
      return cell.text === ''
        ? { ...BODY_STYLE, value: '' }
        : { ...BODY_STYLE, value: clipped(cell.text), type: String, wrap: true }
  }
}

function sheetOf(sheet: LedgerSheet): Sheet<Blob> {
  const header: Row = sheet.columns.map((column) => ({ ...HEADER_STYLE, value: column.header, type: String }))
  const body: Row[] = sheet.rows.map((row) => row.map((cell) => cellOf(cell)))
  return {
    // Excel refuses sheet names over 31 characters or with []:*?/\.
    sheet: sheet.name.replace(/[[\]:*?/\\]/g, '·').slice(0, 31),
    data: [header, ...body],
    columns: sheet.columns.map((column) => ({ width: column.width })),
    stickyRowsCount: 1,
    orientation: 'landscape',
  }
}

export async function ledgerXlsx(sheets: readonly LedgerSheet[]): Promise<Blob> {
  const { default: writeXlsxFile } = await import('write-excel-file/universal')
  return writeXlsxFile(sheets.map(sheetOf), { fontFamily: '宋体', fontSize: 11 }).toBlob()
}

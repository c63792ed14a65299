/**
 * The two facts of a camera's EXIF block the app uses: the orientation (how the stored pixels must be turned to be
 * seen upright) and the capture time (DateTimeOriginal, with OffsetTimeOriginal when the camera wrote one). Read from
 * the first bytes of a JPEG only; anything else, or a block that does not parse, gives no facts.
 */

export interface ExifFacts {
  /** 1–8 as in the EXIF standard (1: as stored); absent when the file says nothing. */
  orientation?: number
  /** When the picture was taken, when the file says so (ms since the epoch). */
  takenAt?: number
}

/** APP1 is at most 64 KB and comes before the image data: this much of the file always holds it. */
export const EXIF_HEAD_BYTES = 128 * 1024

const TAG_ORIENTATION = 0x0112
const TAG_EXIF_IFD = 0x8769
const TAG_DATE_TIME_ORIGINAL = 0x9003
const TAG_OFFSET_TIME_ORIGINAL = 0x9011
const TYPE_ASCII = 2

/** The EXIF facts of a picked file (reads only its head). */
export async function exifOf(file: Blob): Promise<ExifFacts> {
  try {
    return exifFacts(new DataView(await file.slice(0, EXIF_HEAD_BYTES).arrayBuffer()))
  } catch {
    return {}
  }
}

/** The EXIF facts in a JPEG's first bytes; {} for anything else. Never throws. */
export function exifFacts(view: DataView): ExifFacts {
  try {
    const tiff = tiffStart(view)
    return tiff === null ? {} : readTiff(view, tiff)
  } catch {
    // A truncated or malformed block reads past the end: the file simply has no usable facts.
    return {}
  }
}

/** Where the TIFF header of the Exif APP1 segment starts, or null. */
function tiffStart(view: DataView): number | null {
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null
  let offset = 2
  while (offset + 4 <= view.byteLength) {
    const marker = view.getUint16(offset)
    if ((marker & 0xff00) !== 0xff00) return null
    // Start of scan: the image data begins, no metadata after it.
    if (marker === 0xffda) return null
    const length = view.getUint16(offset + 2)
    if (
      marker === 0xffe1 &&
      length >= 8 &&
      view.getUint32(offset + 4) === 0x45786966 &&
      view.getUint16(offset + 8) === 0
    )
      return offset + 10
    offset += 2 + length
  }
  return null
}

function readTiff(view: DataView, tiff: number): ExifFacts {
  const order = view.getUint16(tiff)
  if (order !== 0x4949 && order !== 0x4d4d) return {}
  const little = order === 0x4949
  if (view.getUint16(tiff + 2, little) !== 42) return {}
  const facts: ExifFacts = {}
  let exifIfd: number | null = null
  for (const entry of entriesOf(view, tiff, tiff + view.getUint32(tiff + 4, little), little)) {
    if (entry.tag === TAG_ORIENTATION) {
      const value = view.getUint16(entry.at + 8, little)
      if (value >= 1 && value <= 8) facts.orientation = value
    } else if (entry.tag === TAG_EXIF_IFD) {
      exifIfd = tiff + view.getUint32(entry.at + 8, little)
    }
  }
  if (exifIfd === null) return facts
  let dateTime: string | null = null
  let offsetTime: string | null = null
  for (const entry of entriesOf(view, tiff, exifIfd, little)) {
    if (entry.tag === TAG_DATE_TIME_ORIGINAL) dateTime = asciiOf(view, tiff, entry, little)
    else if (entry.tag === TAG_OFFSET_TIME_ORIGINAL) offsetTime = asciiOf(view, tiff, entry, little)
  }
  const takenAt = dateTime === null ? undefined : captureTime(dateTime, offsetTime)
  if (takenAt !== undefined) facts.takenAt = takenAt
  return facts
}

interface IfdEntry {
  tag: number
  type: number
  count: number
  /** Offset of the 12-byte entry in the view. */
  at: number
}

function entriesOf(view: DataView, tiff: number, ifd: number, little: boolean): IfdEntry[] {
  if (ifd <= tiff || ifd + 2 > view.byteLength) return []
  const count = view.getUint16(ifd, little)
  const entries: IfdEntry[] = []
  for (let i = 0; i < count; i++) {
    const at = ifd + 2 + i * 12
    if (at + 12 > view.byteLength) break
    entries.push({
      tag: view.getUint16(at, little),
      type: view.getUint16(at + 2, little),
      count: view.getUint32(at + 4, little),
      at,
    })
  }
  return entries
}

function asciiOf(view: DataView, tiff: number, entry: IfdEntry, little: boolean): string | null {
  if (entry.type !== TYPE_ASCII || entry.count === 0 || entry.count > 64) return null
  // Up to four bytes sit in the entry itself; longer values elsewhere, at an offset from the TIFF header.
  const start = entry.count <= 4 ? entry.at + 8 : tiff + view.getUint32(entry.at + 8, little)
  if (start + entry.count > view.byteLength) return null
  let text = ''
  for (let i = 0; i < entry.count; i++) {
    const byte = view.getUint8(start + i)
    if (byte === 0) break
    text += String.fromCharCode(byte)
  }
  return text
}

/**
 * "YYYY:MM:DD HH:MM:SS" as the camera's clock read it. With an offset ("+08:00") that is an instant; without one
 * it is taken as this phone's local time (the phone that took it, or one in the same place). Unset fields
 * ("0000:00:00 00:00:00", blanks) and impossible dates give nothing.
 */
export function captureTime(dateTime: string, offset: string | null): number | undefined {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(dateTime.trim())
  if (!m) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return undefined
  const local = new Date(year, month - 1, day, hour, minute, second)
  // 31 February and the like roll over into the next month: not a date a camera writes.
  if (local.getDate() !== day) return undefined
  const zone = offset === null ? null : /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim())
  if (!zone) return local.getTime()
  const minutes = (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3]))
  return Date.UTC(year, month - 1, day, hour, minute, second) - minutes * 60_000
}

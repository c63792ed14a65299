/**
 * Posting lists as bytes: for one gram, the documents (by ordinal, ascending) that hold it and the positions it is
 * at in each. Ordinals and positions are delta-coded as unsigned LEB128 varints, so a typical posting takes three
 * or four bytes: the index of 30,000 records fits in a few tens of megabytes on disk and is never all in memory.
 *
 * Entry: varint(ordinal − previous ordinal − 1), varint(count), count × varint(position − previous position).
 */

/** A growable byte buffer. */
export class ByteWriter {
  private buffer: Uint8Array
  length = 0

  constructor(capacity = 64) {
    this.buffer = new Uint8Array(capacity)
  }

  varint(value: number): void {
    this.reserve(5)
    this.varintUnchecked(value)
  }

  /** Room for `bytes` more bytes. */
  reserve(bytes: number): void {
    if (this.length + bytes > this.buffer.length) this.grow(this.length + bytes)
  }

  /** A varint where reserve() made room for it. */
  varintUnchecked(value: number): void {
    const buffer = this.buffer
    let v = value
    while (v >= 0x80) {
      buffer[this.length++] = (v & 0x7f) | 0x80
      v = Math.floor(v / 0x80)
    }
    buffer[this.length++] = v
  }

  bytes(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) this.grow(this.length + bytes.length)
    this.buffer.set(bytes, this.length)
    this.length += bytes.length
  }

  /** A copy of what was written, exactly as long. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length)
  }

  private grow(needed: number): void {
    const next = new Uint8Array(Math.max(needed, this.buffer.length * 2))
    next.set(this.buffer.subarray(0, this.length))
    this.buffer = next
  }
}

/** Builds one gram's list: documents must come in ascending ordinal order. */
export class PostingWriter {
  readonly out = new ByteWriter(16)
  private last = -1
  count = 0

  add(ordinal: number, positions: readonly number[] | Int32Array): void {
    if (ordinal <= this.last) throw new Error(`postings out of order: ${ordinal} after ${this.last}`)
    const out = this.out
    out.reserve(5 * (positions.length + 2))
    out.varintUnchecked(ordinal - this.last - 1)
    out.varintUnchecked(positions.length)
    let previous = 0
    for (let i = 0; i < positions.length; i++) {
      out.varintUnchecked(positions[i]! - previous)
      previous = positions[i]!
    }
    this.last = ordinal
    this.count++
  }
}

/** Reads one list; `visit` gets each ordinal and, when `wants(ordinal)`, its positions. */
export function readPostings(
  data: Uint8Array,
  visit: (ordinal: number, positions: number[]) => void,
  wants: (ordinal: number) => boolean = () => true,
): void {
  const reader = new VarintReader(data)
  let ordinal = -1
  while (reader.at < data.length) {
    ordinal += reader.next() + 1
    const count = reader.next()
    if (!wants(ordinal)) {
      reader.skip(count)
      continue
    }
    const positions = new Array<number>(count)
    let position = 0
    for (let i = 0; i < count; i++) {
      position += reader.next()
      positions[i] = position
    }
    visit(ordinal, positions)
  }
}

/** Reads varints one after another. */
export class VarintReader {
  at = 0
  constructor(private readonly data: Uint8Array) {}

  next(): number {
    const data = this.data
    let byte = data[this.at++]!
    if (byte < 0x80) return byte
    let value = byte & 0x7f
    let factor = 0x80
    do {
      byte = data[this.at++]!
      value += (byte & 0x7f) * factor
      factor *= 0x80
    } while (byte >= 0x80)
    return value
  }

  /** Passes over `count` varints. */
  skip(count: number): void {
    const data = this.data
    for (let i = 0; i < count; i++) while (data[this.at++]! >= 0x80);
  }
}

/** Every entry of a list, for merging lists. */
export function decodePostings(data: Uint8Array): { ordinal: number; positions: number[] }[] {
  const entries: { ordinal: number; positions: number[] }[] = []
  readPostings(data, (ordinal, positions) => entries.push({ ordinal, positions }))
  return entries
}

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids sort by creation time, which keeps
 * IndexedDB and server indexes append-mostly. Within one millisecond a counter in the random bits keeps ids
 * made by one device strictly increasing.
 */
let lastMs = -1
let counter = 0

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16)
  globalThis.crypto.getRandomValues(bytes)
  if (now <= lastMs) {
    now = lastMs
    counter = (counter + 1) & 0xfff
    if (counter === 0) now = ++lastMs
  } else {
    lastMs = now
    counter = bytes[6]! & 0x07 // start low so the counter has room to grow
  }
  const ms = BigInt(now)
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  bytes[6] = 0x70 | (counter >> 8)
  bytes[7] = counter & 0xff
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

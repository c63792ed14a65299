/**
 * What an image's first bytes say it is. The server stores a photo only if its bytes are the type the upload
 * declared (a Content-Type is only a claim), so it is never served back under a type it is not.
 */
import type { AttachmentType } from './attachments'

/** Bytes needed to tell the accepted types apart: WebP's "WEBP" ends at byte 12. */
export const SNIFF_BYTES = 12

const JPEG = [0xff, 0xd8, 0xff]
const RIFF = [0x52, 0x49, 0x46, 0x46]
const WEBP = [0x57, 0x45, 0x42, 0x50]

/** The accepted type the bytes begin like (JPEG: FF D8 FF; WebP: "RIFF", a size, "WEBP"), or null. */
export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  if (startsWith(head, JPEG, 0)) return 'image/jpeg'
  if (startsWith(head, RIFF, 0) && startsWith(head, WEBP, 8)) return 'image/webp'
  return null
}

function startsWith(bytes: Uint8Array, expected: number[], at: number): boolean {
  return bytes.length >= at + expected.length && expected.every((byte, i) => bytes[at + i] === byte)
}

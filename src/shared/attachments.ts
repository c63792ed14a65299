/**
 * Photos (影像资料) are content-addressed: a stored image is named by the SHA-256 of its bytes, so the same bytes
 * uploaded twice are one blob and a record refers to its photos by hash. These limits are shared by the app (what it
 * stores after compressing), the server (what it accepts) and the protocol document.
 */

/** A SHA-256 digest as 64 lowercase hexadecimal digits. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/

export function isSha256Hex(value: string): boolean {
  return SHA256_HEX_PATTERN.test(value)
}

/** What the app stores after compressing (full size and thumbnail), and so all the server accepts. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/webp'] as const
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number]

export function isAttachmentType(value: string): value is AttachmentType {
  return (ATTACHMENT_TYPES as readonly string[]).includes(value)
}

/** A compressed photo (1920 px on its longest side, quality 0.8) is 0.3–1.5 MB; 10 MB leaves room and stops abuse. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

/** Upload chunk: small enough that a 2G link (≈ 30 KB/s) finishes one in seconds, so a drop loses little. */
export const UPLOAD_CHUNK_BYTES = 256 * 1024

/** Longest side of a full-size photo and of its thumbnail, in pixels. */
export const PHOTO_MAX_SIDE_PX = 1920
export const THUMBNAIL_MAX_SIDE_PX = 320

/** SHA-256 of a blob's bytes as 64 lowercase hex digits: the name of a stored photo (shared/attachments.ts). */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Bearer tokens: 256 random bits, sent once to the device and stored on the server only as their SHA-256. */
import { createHash, randomBytes } from 'node:crypto'

export function newToken(): string {
  return `xsj_${randomBytes(32).toString('base64url')}`
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

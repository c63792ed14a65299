/** A stored photo or thumbnail: the bytes and what the screens and the upload queue need to know about them. */
import type { AttachmentType } from '../../shared/attachments'

export type AttachmentRole = 'photo' | 'thumbnail'

/**
 * 'pending' until the upload queue has put the bytes on the server; then 'uploaded'. 'refused': the server will
 * never take these bytes (they no longer match their hash: the phone's storage damaged them); kept, not retried.
 */
export type UploadState = 'pending' | 'uploaded' | 'refused'

export interface AttachmentRow {
  /** SHA-256 of the stored bytes, 64 lowercase hex digits. */
  hash: string
  /** Null once the full-size copy was dropped to free space (only after upload; the thumbnail stays). */
  blob: Blob | null
  type: AttachmentType
  bytes: number
  width: number
  height: number
  role: AttachmentRole
  createdAt: string
  uploadState: UploadState
  /**
   * True from the moment a photo is picked until its first chunk is sent: the server cannot hold any of it, so its
   * upload starts at 0 without asking where it stands (GET …/status answers 404 for it, which the browser logs as an
   * error). Rows without it (fetched, restored, older) ask first.
   */
  isUnsent?: boolean
}

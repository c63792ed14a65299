/**
 * Photos of a record the person opened (issue 4: "another device downloads photos lazily when a record is
 * opened"): the thumbnails it lacks, then the originals. Nothing happens signed out or offline; a photo the server
 * does not have yet (its phone is still uploading) is counted, so the screen can say so.
 */
import type { PhotoRef } from '../../shared/fields'
import type { XsjDatabase } from '../db/schema'
import { ApiFailure } from './api-client'
import type { BlobClient } from './blob-client'
import { fetchAttachment, lackingBytes } from './photo-transfer'
import { readAccount } from './sync-meta'

export interface PhotoFetchSummary {
  /** Thumbnails or originals stored by this call. */
  fetched: number
  /** Photos whose bytes the server does not hold yet: still uploading from the phone that took them. */
  notYetOnServer: number
  /** Signed out, offline or the server did not answer: nothing more could be fetched now. */
  isUnreachable: boolean
}

export async function fetchPhotosOfRecord(
  db: XsjDatabase,
  blobs: BlobClient,
  photos: readonly PhotoRef[],
  withOriginal: boolean,
): Promise<PhotoFetchSummary> {
  const summary: PhotoFetchSummary = { fetched: 0, notYetOnServer: 0, isUnreachable: false }
  const token = (await readAccount(db))?.token
  if (!token) return { ...summary, isUnreachable: photos.length > 0 }
  const wanted = [
    ...(await lackingBytes(db, photos, 'thumbnail')).map((photo) => ({ photo, role: 'thumbnail' as const })),
    ...(withOriginal ? await lackingBytes(db, photos, 'photo') : []).map((photo) => ({
      photo,
      role: 'photo' as const,
    })),
  ]
  const notYet = new Set<string>()
  for (const { photo, role } of wanted) {
    try {
      const outcome = await fetchAttachment(db, blobs, token, photo, role)
      if (outcome === 'stored') summary.fetched++
      else if (outcome === 'notOnServer') notYet.add(photo.hash)
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error
      summary.isUnreachable = true
      break
    }
  }
  summary.notYetOnServer = notYet.size
  return summary
}

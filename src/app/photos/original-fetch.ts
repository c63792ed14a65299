/**
 * A full-size photo the viewer lacks (dropped by 释放空间, or taken on another phone): fetched from the server
 * through sync (sync/photo-fetch.ts), checked against its hash and stored, so the next view shows it.
 */
import type { PhotoRef } from '../../shared/fields'
import { useSyncStore } from '../stores/sync'

export async function fetchOriginalFromServer(photo: PhotoRef): Promise<boolean> {
  const summary = await useSyncStore()
    .fetchPhotos([photo], true)
    .catch(() => null)
  return (summary?.fetched ?? 0) > 0
}

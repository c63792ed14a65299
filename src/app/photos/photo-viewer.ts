/**
 * Full-size photos with pinch-zoom (Vant's ImagePreview), loaded on demand with its stylesheet: the first screen
 * never pays for it. A photo whose original was dropped to free space shows its thumbnail and says so.
 */
import 'vant/es/image-preview/style/index.mjs'
import { showImagePreview } from 'vant/es/image-preview'
import { showToast } from '../ui/vant'
import type { PhotoRef } from '../../shared/fields'
import type { XsjDatabase } from '../db/schema'
import { fetchOriginalFromServer } from './original-fetch'

export interface ViewerMessages {
  /** Shown when the photo on screen is only its thumbnail: the original is on the server. */
  originalOnServer: string
}

interface Shown {
  url: string
  isThumbnail: boolean
}

async function urlOf(db: XsjDatabase, photo: PhotoRef): Promise<Shown> {
  const full = await db.attachments.get(photo.hash)
  if (full?.blob) return { url: URL.createObjectURL(full.blob), isThumbnail: false }
  const thumbnail = await db.attachments.get(photo.thumbHash)
  return { url: thumbnail?.blob ? URL.createObjectURL(thumbnail.blob) : '', isThumbnail: true }
}

export async function openPhotoViewer(
  db: XsjDatabase,
  photos: readonly PhotoRef[],
  start: number,
  messages: ViewerMessages,
): Promise<void> {
  const shown = await Promise.all(photos.map((photo) => urlOf(db, photo)))
  const explain = (index: number): void => {
    const photo = photos[index]
    if (!photo || !shown[index]?.isThumbnail) return
    showToast({ message: messages.originalOnServer, position: 'bottom', duration: 3000 })
    void fetchOriginalFromServer(photo)
  }
  showImagePreview({
    images: shown.map((s) => s.url),
    startPosition: start,
    closeable: true,
    showIndex: photos.length > 1,
    onChange: explain,
    onClose: () => {
      for (const s of shown) if (s.url) URL.revokeObjectURL(s.url)
    },
  })
  explain(start)
}

import { photoEnUS } from './photo-en-US'
import { photoZhCN, type PhotoMessageKey } from './photo-zh-CN'
import { useScopedI18n, type ScopedTranslate, type UseScopedI18nReturn } from './use-scoped-i18n'

export type PhotoTranslate = ScopedTranslate<PhotoMessageKey>
export type UsePhotoI18nReturn = UseScopedI18nReturn<PhotoMessageKey>

/** useI18n for photos and positions: their strings come with the screens that use them, in their own chunks. */
export function usePhotoI18n(): UsePhotoI18nReturn {
  return useScopedI18n(photoZhCN, photoEnUS)
}

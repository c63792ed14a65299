import { storeToRefs } from 'pinia'
import { useSettingsStore } from '../stores/settings'
import { photoEnUS } from './photo-en-US'
import { photoZhCN, type PhotoMessageKey } from './photo-zh-CN'
import { fillIn, useI18n, type UseI18nReturn } from './use-i18n'
import type { MessageKey } from './zh-CN'

export type PhotoTranslate = (key: MessageKey | PhotoMessageKey, params?: Record<string, string | number>) => string

export interface UsePhotoI18nReturn extends Omit<UseI18nReturn, 't'> {
  /** Any UI string: the app's own, or one of the photo and position strings. */
  t: PhotoTranslate
}

/** useI18n for photos and positions: their strings come with the screens that use them, in their own chunks. */
export function usePhotoI18n(): UsePhotoI18nReturn {
  const base = useI18n()
  const { locale } = storeToRefs(useSettingsStore())
  const isPhotoKey = (key: MessageKey | PhotoMessageKey): key is PhotoMessageKey => Object.hasOwn(photoZhCN, key)
  return {
    ...base,
    t: (key, params) => (isPhotoKey(key) ? fillIn((locale.value === 'en-US' ? photoEnUS : photoZhCN)[key], params) : base.t(key, params)),
  }
}

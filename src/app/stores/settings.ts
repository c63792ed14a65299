/**
 * Display settings. Kept in localStorage, not IndexedDB, because they must be known synchronously before the
 * first paint (no flash of the wrong language, size or theme).
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { Locale } from '../../shared/localized'

export type TextSize = 'standard' | 'large'

const STORAGE_KEY = 'xsj.settings'

interface StoredSettings {
  locale: Locale
  textSize: TextSize
  isDark: boolean
  /** Draw date, time and place onto new photos (evidence photos in the field carry it). Off unless chosen. */
  isPhotoStampOn: boolean
}

function readStored(): StoredSettings {
  const defaults: StoredSettings = { locale: 'zh-CN', textSize: 'standard', isDark: false, isPhotoStampOn: false }
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return defaults
    const parsed = JSON.parse(raw) as Partial<StoredSettings>
    return {
      locale: parsed.locale === 'en-US' ? 'en-US' : 'zh-CN',
      textSize: parsed.textSize === 'large' ? 'large' : 'standard',
      isDark: parsed.isDark === true,
      isPhotoStampOn: parsed.isPhotoStampOn === true,
    }
  } catch {
    return defaults
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const stored = readStored()
  const locale = ref<Locale>(stored.locale)
  const textSize = ref<TextSize>(stored.textSize)
  const isDark = ref(stored.isDark)
  const isPhotoStampOn = ref(stored.isPhotoStampOn)

  watch([locale, textSize, isDark, isPhotoStampOn], () => {
    try {
      const settings: StoredSettings = {
        locale: locale.value,
        textSize: textSize.value,
        isDark: isDark.value,
        isPhotoStampOn: isPhotoStampOn.value,
      }
      localStorage.setItem(STORAGE_KEY, JSON.stringify(settings))
    } catch {
      // A full or blocked localStorage only loses the preference, never a record.
    }
    applyToDocument()
  })

  function applyToDocument(): void {
    const root = document.documentElement
    root.lang = locale.value
    root.classList.toggle('text-large', textSize.value === 'large')
    root.classList.toggle('van-theme-dark', isDark.value)
    root.style.colorScheme = isDark.value ? 'dark' : 'light'
  }

  return { locale, textSize, isDark, isPhotoStampOn, applyToDocument }
})

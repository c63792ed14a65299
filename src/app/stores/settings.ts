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
}

function readStored(): StoredSettings {
  const defaults: StoredSettings = { locale: 'zh-CN', textSize: 'standard', isDark: false }
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return defaults
    const parsed = JSON.parse(raw) as Partial<StoredSettings>
    return {
      locale: parsed.locale === 'en-US' ? 'en-US' : 'zh-CN',
      textSize: parsed.textSize === 'large' ? 'large' : 'standard',
      isDark: parsed.isDark === true,
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

  watch([locale, textSize, isDark], () => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ locale: locale.value, textSize: textSize.value, isDark: isDark.value }))
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

  return { locale, textSize, isDark, applyToDocument }
})

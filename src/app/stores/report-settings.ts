/**
 * The reporting rules and the person's name, unit and branch (see shared/reporting/report-settings.ts). Kept in
 * localStorage beside the display settings: small, read at once, and included in a backup.
 */
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { reportSettingsOf, type ReportSettings } from '../../shared/reporting/report-settings'

export const REPORT_SETTINGS_KEY = 'xsj.reportSettings'

function readStored(): ReportSettings {
  try {
    const raw = localStorage.getItem(REPORT_SETTINGS_KEY)
    return reportSettingsOf(raw ? JSON.parse(raw) : null)
  } catch {
    return reportSettingsOf(null)
  }
}

export const useReportSettingsStore = defineStore('reportSettings', () => {
  const settings = ref<ReportSettings>(readStored())

  watch(
    settings,
    (value) => {
      try {
        localStorage.setItem(REPORT_SETTINGS_KEY, JSON.stringify(value))
      } catch {
        // A full or blocked localStorage keeps the settings for this visit only; records are not affected.
      }
    },
    { deep: true },
  )

  /** Replaces every setting at once (the settings form after validation, or a restored backup). */
  function replace(next: ReportSettings): void {
    settings.value = { ...next }
  }

  return { settings, replace }
})

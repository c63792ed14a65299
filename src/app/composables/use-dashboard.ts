import { computed, type ComputedRef, type Ref } from 'vue'
import { localDate } from '../../shared/dates'
import { dashboardOf, type Dashboard, type DashboardInput } from '../../shared/reporting/dashboard'
import { remindersOf, type Reminder } from '../../shared/reporting/reminders'
import { dashboardInput } from '../db/reporting-queries'
import { useDataStore } from '../stores/data'
import { useReportSettingsStore } from '../stores/report-settings'
import { useLiveQuery } from './use-live-query'

export interface UseDashboardOptions {
  /**
   * Keep the records the figures were counted from (a figure's own page lists them). Off, only the figures and the
   * reminders stay in memory: on 首页 with years of records, the records read were 24 MB of heap (bench, "UI").
   * @default false
   */
  keepRecords?: boolean
  onError?: (error: unknown) => void
}

export interface UseDashboardReturn {
  /** The records counted; only with `keepRecords`. */
  input: ComputedRef<DashboardInput | undefined>
  dashboard: ComputedRef<Dashboard | undefined>
  reminders: ComputedRef<Reminder[]>
  isLoading: Ref<boolean>
}

/** 首页's figures and the reminders, kept up to date as records and the reporting settings change. */
export function useDashboard(options: UseDashboardOptions = {}): UseDashboardReturn {
  const { db } = useDataStore()
  const reportSettings = useReportSettingsStore()
  // Read once per mount: a page left open past midnight shows yesterday's figures until it is opened again.
  const today = localDate()
  const { data, isLoading } = useLiveQuery(
    async () => {
      const settings = reportSettings.settings
      const input = await dashboardInput(db, today, settings.reportDeadlineDays)
      return {
        input: options.keepRecords ? input : undefined,
        dashboard: dashboardOf(input, settings, today),
        reminders: remindersOf(input, settings, today),
      }
    },
    { deps: [() => reportSettings.settings], onError: options.onError },
  )
  return {
    input: computed(() => data.value?.input),
    dashboard: computed(() => data.value?.dashboard),
    reminders: computed(() => data.value?.reminders ?? []),
    isLoading,
  }
}

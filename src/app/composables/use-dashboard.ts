import { computed, type ComputedRef, type Ref } from 'vue'
import { localDate } from '../../shared/dates'
import { dashboardOf, type Dashboard, type DashboardInput } from '../../shared/reporting/dashboard'
import { remindersOf, type Reminder } from '../../shared/reporting/reminders'
import { dashboardInput } from '../db/reporting-queries'
import { useDataStore } from '../stores/data'
import { useReportSettingsStore } from '../stores/report-settings'
import { useLiveQuery } from './use-live-query'

export interface UseDashboardReturn {
  input: Ref<DashboardInput | undefined>
  dashboard: ComputedRef<Dashboard | undefined>
  reminders: ComputedRef<Reminder[]>
  isLoading: Ref<boolean>
}

/** 首页's figures and the reminders, kept up to date as records change (one query feeds both). */
export function useDashboard(options: { onError?: (error: unknown) => void } = {}): UseDashboardReturn {
  const { db } = useDataStore()
  const reportSettings = useReportSettingsStore()
  // Read once per mount: a page left open past midnight shows yesterday's figures until it is opened again.
  const today = localDate()
  const { data: input, isLoading } = useLiveQuery(() => dashboardInput(db, today), { onError: options.onError })
  const dashboard = computed(() => (input.value ? dashboardOf(input.value, reportSettings.settings, today) : undefined))
  const reminders = computed(() => (input.value ? remindersOf(input.value, reportSettings.settings, today) : []))
  return { input, dashboard, reminders, isLoading }
}

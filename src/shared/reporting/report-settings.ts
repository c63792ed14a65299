/**
 * The reporting rules a person sets under 我的 (the seeds hide them as ***: the monthly minimum N and the deadline
 * M), the yearly study-hours target, and who they are for exports. Defined once as fields, so the settings form,
 * its validation and a backup's check all come from here.
 */
import * as z from 'zod/mini'
import { defineFields, number, text } from '../fields'
import type { Locale, Localized } from '../localized'
import { describeIssue, type FieldError } from '../validation'

export const reportSettingsFields = defineFields({
  monthlyMinimum: number({
    label: { zh: '每月集体学习至少', en: 'Collective sessions a month, at least' },
    min: 0,
    max: 31,
    step: 1,
    unit: { zh: '次', en: '' },
    required: true,
  }),
  reportDeadlineDays: number({
    label: { zh: '学习后报送时限', en: 'Report within' },
    min: 0,
    max: 60,
    step: 1,
    unit: { zh: '天', en: 'days' },
    required: true,
  }),
  yearlyHoursTarget: number({
    label: { zh: '年度学习学时目标', en: 'Study hours a year' },
    min: 0,
    max: 2000,
    step: 0.5,
    unit: { zh: '学时', en: 'h' },
    required: true,
  }),
  name: text({ label: { zh: '姓名', en: 'Name' }, maxLength: 50 }),
  unit: text({
    label: { zh: '单位', en: 'Unit' },
    maxLength: 100,
    placeholder: { zh: '如：市文化广电和旅游局', en: 'e.g. the city culture and tourism bureau' },
  }),
  branch: text({
    label: { zh: '所在支部', en: 'Party branch' },
    maxLength: 100,
    placeholder: { zh: '如：机关第一党支部', en: 'e.g. the first branch' },
  }),
})

export type ReportSettings = z.infer<typeof reportSettingsFields.schema>

/** The seeds' N = 1 and M = 3 (domain.md), and 50 hours a year, until the person sets their own. */
export const DEFAULT_REPORT_SETTINGS: ReportSettings = {
  monthlyMinimum: 1,
  reportDeadlineDays: 3,
  yearlyHoursTarget: 50,
  name: '',
  unit: '',
  branch: '',
}

export const REPORT_SETTINGS_TITLE: Localized = { zh: '学习制度与个人信息', en: 'Rules and profile' }

/**
 * Settings read back from storage or a backup: each valid field is kept, each missing or invalid one is its
 * default, so one bad value never throws away the rest.
 */
export function reportSettingsOf(stored: unknown): ReportSettings {
  const source = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {}
  const result: Record<string, unknown> = { ...DEFAULT_REPORT_SETTINGS }
  for (const key of Object.keys(DEFAULT_REPORT_SETTINGS) as (keyof ReportSettings)[]) {
    const field = reportSettingsFields.schema.shape[key]
    const parsed = field.safeParse(source[key])
    if (parsed.success) result[key] = parsed.data
  }
  return result as ReportSettings
}

export type SettingsValidation = { ok: true; value: ReportSettings } | { ok: false; errors: FieldError[] }

/** The settings form's check: each wrong field named in the person's language, as record forms do. */
export function validateReportSettings(input: unknown, locale: Locale = 'zh-CN'): SettingsValidation {
  const result = reportSettingsFields.schema.safeParse(input)
  if (result.success) return { ok: true, value: result.data }
  const errors = result.error.issues.map((issue) => describeIssue(issue, reportSettingsFields.specs, locale))
  return { ok: false, errors: errors.filter((error, i) => errors.findIndex((e) => e.path === error.path) === i) }
}

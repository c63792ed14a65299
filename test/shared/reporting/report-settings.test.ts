import { describe, expect, it } from 'vitest'
import { DEFAULT_REPORT_SETTINGS, reportSettingsOf } from '../../../src/shared/reporting/report-settings'

describe('report settings', () => {
  it('default to the seeds’ N = 1 and M = 3 and 50 hours', () => {
    expect(reportSettingsOf(null)).toEqual(DEFAULT_REPORT_SETTINGS)
    expect(reportSettingsOf('not an object')).toEqual(DEFAULT_REPORT_SETTINGS)
    expect(DEFAULT_REPORT_SETTINGS).toMatchObject({ monthlyMinimum: 1, reportDeadlineDays: 3, yearlyHoursTarget: 50 })
  })

  it('keep each valid stored value and replace only the invalid ones with their default', () => {
    const read = reportSettingsOf({
      monthlyMinimum: 2,
      reportDeadlineDays: -4,
      yearlyHoursTarget: 'many',
      name: '王明',
      unit: 'x'.repeat(101),
    })
    expect(read).toEqual({ ...DEFAULT_REPORT_SETTINGS, monthlyMinimum: 2, name: '王明' })
  })

  it('refuse a fractional count of sessions or days', () => {
    expect(reportSettingsOf({ monthlyMinimum: 1.5, reportDeadlineDays: 2.5 })).toMatchObject({
      monthlyMinimum: 1,
      reportDeadlineDays: 3,
    })
  })
})

describe('the settings form’s check', () => {
  it('accepts the defaults and names each wrong field in Chinese', async () => {
    const { validateReportSettings } = await import('../../../src/shared/reporting/report-settings')
    expect(validateReportSettings(DEFAULT_REPORT_SETTINGS)).toEqual({ ok: true, value: DEFAULT_REPORT_SETTINGS })
    const result = validateReportSettings({ ...DEFAULT_REPORT_SETTINGS, monthlyMinimum: 40, reportDeadlineDays: -1 })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => e.path)).toEqual(['monthlyMinimum', 'reportDeadlineDays'])
    expect(result.errors[0]!.message).toContain('每月集体学习至少')
    expect(result.errors[0]!.message).toContain('31')
  })
})

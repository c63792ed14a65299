import { describe, expect, it } from 'vitest'
import { unitsEnUS } from '../../../src/app/i18n/units-en-US'
import { unitsZhCN, type UnitsMessageKey } from '../../../src/app/i18n/units-zh-CN'
import { lastSeenText } from '../../../src/app/units/last-seen'

const zh = (key: UnitsMessageKey | string) => (unitsZhCN as Record<string, string>)[key] ?? key
const en = (key: UnitsMessageKey | string) => (unitsEnUS as Record<string, string>)[key] ?? key

describe('when a member last used the app', () => {
  // Local times: the server's hour is shown as the day it is here.
  const now = new Date(2026, 11, 4, 9, 30)
  it('says today and yesterday by the local calendar, not 24-hour spans', () => {
    expect(lastSeenText(new Date(2026, 11, 4, 0, 0).toISOString(), zh, 'zh-CN', now)).toBe('今天')
    expect(lastSeenText(new Date(2026, 11, 3, 23, 0).toISOString(), zh, 'zh-CN', now)).toBe('昨天')
    expect(lastSeenText(new Date(2026, 11, 3, 1, 0).toISOString(), en, 'en-US', now)).toBe('yesterday')
  })

  it('gives the month and day within the year, and the year before it', () => {
    expect(lastSeenText(new Date(2026, 2, 5, 10, 0).toISOString(), zh, 'zh-CN', now)).toBe('3月5日')
    expect(lastSeenText(new Date(2025, 10, 20, 10, 0).toISOString(), zh, 'zh-CN', now)).toBe('2025年11月20日')
    expect(lastSeenText(new Date(2026, 2, 5, 10, 0).toISOString(), en, 'en-US', now)).toBe('March 5')
  })
})

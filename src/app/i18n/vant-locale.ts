import type { Locale as AppLocale } from '../../shared/localized'
import zhCN from 'vant/es/locale/lang/zh-CN'
import { Locale } from '../ui/vant-shell'

/** Vant's Chinese strings are part of its core anyway; the English ones load only when someone switches. */
export async function applyVantLocale(locale: AppLocale): Promise<void> {
  if (locale === 'en-US') {
    const { default: enUS } = await import('vant/es/locale/lang/en-US')
    Locale.use('en-US', enUS)
  } else {
    Locale.use('zh-CN', zhCN)
  }
}

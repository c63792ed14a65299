/** A text in the two languages the UI speaks. Chinese first: it is the one users read. */
export interface Localized {
  zh: string
  en: string
}

export type Locale = 'zh-CN' | 'en-US'

export function pick(text: Localized, locale: Locale): string {
  return locale === 'zh-CN' ? text.zh : text.en
}

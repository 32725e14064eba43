import type { Language } from '@shared/contract'
import { i18n } from './index'

/**
 * Dates in the language of the screen. Chinese keeps the forms the app has always shown (2026-12-04,
 * 12月4日); English uses Intl's en-US forms (Dec 4, 2026). Times are 24-hour in both. Money needs no
 * helper: `formatFen` (src/shared/money.ts) writes ¥1,234.56, which is the en-US number form as well.
 */

/** The language the screens are in now (settings → 语言, src/renderer/src/stores/settings.ts). */
export function currentLocale(): Language {
  return i18n.global.locale.value
}

const isZh = (locale: string) => locale.startsWith('zh')
const pad = (n: number) => String(n).padStart(2, '0')

const formatters = new Map<string, Intl.DateTimeFormat>()
function intl(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options)
    formatters.set(key, formatter)
  }
  return formatter
}

const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }

/** 'YYYY-MM-DD' (zh) or 'Dec 4, 2026' (en). */
export function formatDate(ms: number, locale: string = currentLocale()): string {
  const d = new Date(ms)
  if (isZh(locale)) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return intl(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(d)
}

/** 'MM-DD HH:mm' (zh) or 'Dec 4, 07:46' (en): a moment of this year, e.g. a row under its month. */
export function formatDayTime(ms: number, locale: string = currentLocale()): string {
  const d = new Date(ms)
  if (isZh(locale)) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return intl(locale, { month: 'short', day: 'numeric', ...TIME }).format(d)
}

/** 'YYYY-MM-DD HH:mm:ss' (zh) or 'Dec 4, 2026, 07:46:05' (en). */
export function formatDateTime(ms: number, locale: string = currentLocale()): string {
  const d = new Date(ms)
  if (isZh(locale))
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  return intl(locale, { year: 'numeric', month: 'short', day: 'numeric', ...TIME, second: '2-digit' }).format(d)
}

/**
 * 'HH:mm' today; another day of this year 'M月D日 HH:mm' / 'Dec 4, 07:46'; an earlier year with the
 * year too ('2025年M月D日 HH:mm' / 'Dec 4, 2025, 07:46').
 */
export function formatWhen(ms: number, locale: string = currentLocale(), now = Date.now()): string {
  const d = new Date(ms)
  const today = new Date(now)
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
  if (d.toDateString() === today.toDateString()) return time
  const thisYear = d.getFullYear() === today.getFullYear()
  if (isZh(locale)) {
    const day = `${d.getMonth() + 1}月${d.getDate()}日 ${time}`
    return thisYear ? day : `${d.getFullYear()}年${day}`
  }
  return intl(locale, { ...(thisYear ? {} : { year: 'numeric' }), month: 'short', day: 'numeric', ...TIME }).format(d)
}

/** A month 'YYYY-MM' as its header: '2026年12月' (zh) or 'Dec 2026' (en). */
export function formatMonth(month: string, locale: string = currentLocale()): string {
  const [y, m] = month.split('-').map(Number)
  if (isZh(locale)) return `${y}年${m}月`
  return intl(locale, { year: 'numeric', month: 'short' }).format(new Date(y!, m! - 1, 1))
}

/** A whole number with the language's grouping: 12,345 in both. */
export function formatCount(n: number, locale: string = currentLocale()): string {
  return n.toLocaleString(locale)
}

import { formatFen } from '@shared/money'
import type { TxRow } from '@renderer/db/replica'
import { currentLocale, formatDayTime, formatWhen } from '@renderer/i18n/format'

const pad = (n: number) => String(n).padStart(2, '0')

/** 'HH:mm' for today, 'M月D日 HH:mm' (or 'Dec 4, 07:46') for another day this year, with the year before that. */
export function whenLabel(ms: number, locale: string, now = Date.now()): string {
  return formatWhen(ms, locale, now)
}

/** 'MM-DD HH:mm' (or 'Dec 4, 07:46' in English), for rows under a month header. */
export function shortDateTime(ms: number, locale: string = currentLocale()): string {
  return formatDayTime(ms, locale)
}

/** 'YYYY-MM-DD HH:mm:ss', local time, in every language (the CSV: a spreadsheet reads it as a date). */
export function fullDateTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

/** 'YYYY-MM-DD' of a local date. */
export function isoDate(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

/** Local midnight of a 'YYYY-MM-DD' date, or undefined when the text is not one. */
export function parseIsoDate(text: string | undefined | null): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '')
  if (!m) return undefined
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return Number.isNaN(d.getTime()) || d.getDate() !== Number(m[3]) ? undefined : d.getTime()
}

/** The day after a local midnight (DST-safe). */
export function nextDay(ms: number): number {
  const d = new Date(ms)
  d.setDate(d.getDate() + 1)
  return d.getTime()
}

/** '+¥12.00' for money in, '-¥12.00' for money out. */
export function signedAmount(row: Pick<TxRow, 'direction' | 'amountFen'>): string {
  return formatFen(row.direction === 'in' ? row.amountFen : -row.amountFen, { sign: 'always' })
}

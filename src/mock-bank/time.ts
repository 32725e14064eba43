/**
 * Calendar arithmetic in China Standard Time (UTC+8, no daylight saving), which is what "today" means
 * for daily limits, bill periods and yield accrual regardless of the machine's time zone.
 */
const OFFSET_MS = 8 * 3600_000
export const DAY_MS = 86_400_000

/** Days since the epoch in UTC+8. */
export function dayKey(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS)
}

/** The instant a UTC+8 day starts. */
export function dayStart(day: number): number {
  return day * DAY_MS - OFFSET_MS
}

export function yearKey(ms: number): number {
  return new Date(ms + OFFSET_MS).getUTCFullYear()
}

/** 'YYYY-MM-DD' in UTC+8. */
export function isoDay(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10)
}

/** 'YYYY-MM' in UTC+8: a billing period. */
export function isoMonth(ms: number): string {
  return isoDay(ms).slice(0, 7)
}

/** Saturday or Sunday in UTC+8 (the mock bank knows no public holidays). */
export function isWeekend(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay()
  return weekday === 0 || weekday === 6
}

/**
 * The business day `n` business days after `day`: a request made on a weekend counts from the next
 * business day (T), so T+1 asked on a Friday arrives on Monday, asked on a Saturday or Sunday on Tuesday.
 */
export function addBusinessDays(day: number, n: number): number {
  let d = day
  while (isWeekend(d)) d++
  for (let i = 0; i < n; i++) {
    d++
    while (isWeekend(d)) d++
  }
  return d
}

/** The same UTC+8 date and time a year later (29 February becomes 1 March). */
export function oneYearLater(ms: number): number {
  const d = new Date(ms + OFFSET_MS)
  d.setUTCFullYear(d.getUTCFullYear() + 1)
  return d.getTime() - OFFSET_MS
}

import Papa from 'papaparse'
import { fenToYuanString } from '@shared/money'
import type { TxRow } from '@renderer/db/replica'
import { fullDateTime } from '@renderer/features/transactions/format'

export const CSV_COLUMNS = [
  'time',
  'type',
  'direction',
  'amount',
  'discount',
  'status',
  'title',
  'counterparty',
  'account',
  'memo',
  'category',
  'channel',
  'reference',
  'balanceAfter',
] as const
export type CsvColumn = (typeof CSV_COLUMNS)[number]

export interface CsvLabels {
  header: Record<CsvColumn, string>
  type(v: string): string
  status(v: string): string
  category(v: string): string
  channel(v: string): string
  direction(v: string): string
}

/** The byte order mark that makes Excel read the file as UTF-8 (and show the Chinese text). */
export const BOM = '\uFEFF'

/** Text a spreadsheet would run as a formula is quoted with a leading apostrophe. */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** One CSV record; amounts are exact yuan strings from fen, signed by direction. */
export function csvRecord(row: TxRow, labels: CsvLabels): string[] {
  const record: Record<CsvColumn, string> = {
    time: fullDateTime(row.occurredAt),
    type: labels.type(row.type),
    direction: labels.direction(row.direction),
    amount: fenToYuanString(row.direction === 'in' ? row.amountFen : -row.amountFen),
    discount: fenToYuanString(row.discountFen),
    status: labels.status(row.status),
    title: safeText(row.title),
    counterparty: safeText(row.counterparty),
    account: safeText(row.counterpartyAccount),
    memo: safeText(row.memo),
    category: labels.category(row.category),
    channel: labels.channel(row.channel),
    reference: safeText(row.reference),
    balanceAfter: row.balanceAfterFen === null ? '' : fenToYuanString(row.balanceAfterFen),
  }
  return CSV_COLUMNS.map((c) => record[c])
}

/** The whole file: BOM, header, records, CRLF line ends (what Excel expects). */
export function toCsv(records: string[][], labels: Pick<CsvLabels, 'header'>): string {
  return (
    BOM +
    Papa.unparse({ fields: CSV_COLUMNS.map((c) => labels.header[c]), data: records }, { newline: '\r\n', escapeFormulae: false })
  )
}

export function csvFileName(base: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${base}_${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.csv`
}

/** Saves text as a file through the browser's download (a Blob URL on a temporary link). */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

import type { Collection, InsertType } from 'dexie'
import type { TxStatus, TxType } from '../../../shared/contract/sync'
import { bucketRange, normaliseText } from '../../../shared/contract/replica-format'
import type { SealedTx } from '../../../shared/contract/replica'
import { replicaWrites, type StatCell, type TxRow, type WalletDb } from './replica'
import { keyGeneration, openBalance, openStats, openTerm, openTxs, sealStats } from './seal'

/**
 * The replica's read side: everything 首页 and 账单 ask of Dexie. Pure functions over a WalletDb, so
 * they run the same under fake-indexeddb in tests and in Chromium.
 *
 * 账单 is shown month by month. For one month a query answers with the primary keys of its rows, newest
 * first, read from the one time-ordered index that fits the filter ([type+occurredAt],
 * [status+occurredAt] or occurredAt); search and the amount range narrow that with key sets read from
 * their own indexes (keyed tokens, src/shared/contract/replica.ts). Rows are sealed: they are read and
 * opened (src/renderer/src/db/seal.ts) only for what is on screen, a month's totals, or an export.
 */

export interface HistoryFilter {
  type?: TxType | null
  status?: TxStatus | null
  /** Epoch ms, inclusive. */
  from?: number | null
  /** Epoch ms, exclusive. */
  to?: number | null
  minFen?: number | null
  maxFen?: number | null
  /** Searched in counterparty and memo (substring, case-insensitive). */
  text?: string | null
}

export interface MonthSummary {
  count: number
  inFen: number
  outFen: number
  /** Spending (direction out) per category. */
  outByCategory: Record<string, number>
}

/** Statuses whose amounts count in totals: money that moved or is moving. */
export const COUNTED_STATUSES: ReadonlySet<TxStatus> = new Set<TxStatus>(['succeeded', 'pending'])

const MIN_TIME = -8_640_000_000_000_000
const MAX_TIME = 8_640_000_000_000_000

// ---------------------------------------------------------------------------------------------
// Months (local time, as TxRow.month)

export function monthStart(month: string): number {
  const [y, m] = month.split('-').map(Number)
  return new Date(y!, m! - 1, 1).getTime()
}

/** Start of the next month: month ranges are [monthStart, monthEnd). */
export function monthEnd(month: string): number {
  const [y, m] = month.split('-').map(Number)
  return new Date(y!, m!, 1).getTime()
}

function monthKeyOf(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`
}

/** Months from the one holding `newest` back to the one holding `oldest`, newest first. */
export function monthsBetween(oldest: number, newest: number): string[] {
  const out: string[] = []
  const first = new Date(oldest)
  const d = new Date(newest)
  d.setDate(1)
  d.setHours(0, 0, 0, 0)
  const stop = new Date(first.getFullYear(), first.getMonth(), 1).getTime()
  while (d.getTime() >= stop) {
    out.push(monthKeyOf(d))
    d.setMonth(d.getMonth() - 1)
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Home

export async function recentTransactions(db: WalletDb, limit = 10): Promise<TxRow[]> {
  return openTxs(await db.sealedTx.orderBy('occurredAt').reverse().limit(limit).toArray())
}

/** The newest balance snapshot the replica holds (for when the bank cannot be asked). */
export async function latestBalance(db: WalletDb): Promise<{ balanceFen: number; at: number } | null> {
  const sealed = await db.sealedBalances.orderBy('seq').last()
  if (!sealed) return null
  const snapshot = await openBalance(sealed)
  return { balanceFen: snapshot.balanceFen, at: snapshot.at }
}

export async function lastSyncedAt(db: WalletDb): Promise<number | null> {
  const value = (await db.meta.get('lastSyncedAt'))?.value
  return typeof value === 'number' ? value : null
}

export async function lastSeq(db: WalletDb): Promise<number> {
  return Number((await db.meta.get('lastSeq'))?.value ?? 0)
}

// ---------------------------------------------------------------------------------------------
// Plans

/** A filter made ready to run: its bounds, the index that drives it, and its key sets. */
export interface HistoryPlan {
  filter: HistoryFilter
  from: number
  to: number
  /** Rows allowed by search and the amount range; null = no such condition. */
  keySet: ReadonlySet<string> | null
}

function normalizedText(text: string | null | undefined): string {
  return normaliseText(text ?? '')
}

/** One entry of the sealed dictionary, opened: its token and what it stands for. */
export interface Term {
  token: string
  /** Counterparty or memo (normalised), or the bucket number. */
  value: string
}

export interface SearchValues {
  counterparties: Term[]
  memos: Term[]
  buckets: Term[]
}

/**
 * The dictionary opened, kept while the same key is held and extended with what later pages added
 * (entries never change). A new key (or none) starts it afresh (src/renderer/src/db/seal.ts).
 */
let dictionary: { db: WalletDb; generation: number; terms: Map<string, { kind: string; value: string }> } | undefined

/** Every distinct counterparty, memo and amount bucket: few compared with rows, so matching them in memory is cheap. */
export async function searchValues(db: WalletDb): Promise<SearchValues> {
  if (dictionary?.db !== db || dictionary.generation !== keyGeneration())
    dictionary = { db, generation: keyGeneration(), terms: new Map() }
  const known = dictionary.terms
  const tokens = await db.terms.toCollection().primaryKeys()
  const missing = tokens.filter((t) => !known.has(t))
  if (missing.length) {
    const records = (await db.terms.bulkGet(missing)).filter((r) => r !== undefined)
    const values = await Promise.all(records.map(openTerm))
    records.forEach((r, i) => known.set(r.t, { kind: r.k, value: r.k === 'a' ? values[i]! : normaliseText(values[i]!) }))
  }
  const out: SearchValues = { counterparties: [], memos: [], buckets: [] }
  for (const [token, { kind, value }] of known) {
    const list = kind === 'p' ? out.counterparties : kind === 'm' ? out.memos : out.buckets
    list.push({ token, value })
  }
  return out
}

/** Forgets the opened dictionary (the key went). */
export function forgetDictionary(): void {
  dictionary = undefined
  primed = undefined
}

/** Primary keys of the rows whose counterparty or memo contains `text`, each match read from its token's index. */
export async function searchKeys(db: WalletDb, text: string, values?: SearchValues): Promise<Set<string>> {
  const needle = normalizedText(text)
  const known = values ?? (await searchValues(db))
  const parties = known.counterparties.filter((v) => v.value.includes(needle)).map((v) => v.token)
  const memos = known.memos.filter((v) => v.value.includes(needle)).map((v) => v.token)
  const lists = await Promise.all([
    parties.length ? db.sealedTx.where('p').anyOf(parties).primaryKeys() : [],
    memos.length ? db.sealedTx.where('m').anyOf(memos).primaryKeys() : [],
  ])
  const keys = new Set<string>()
  for (const list of lists) for (const key of list) keys.add(key)
  return keys
}

/**
 * Primary keys of the rows whose amount is within [minFen, maxFen]: buckets wholly inside the range
 * come from the index as they are; the rows of the (at most two) buckets that straddle an end are
 * opened and checked.
 */
export async function amountKeys(
  db: WalletDb,
  minFen: number | null | undefined,
  maxFen: number | null | undefined,
  values?: SearchValues,
): Promise<Set<string>> {
  const lo = minFen ?? 0
  const hi = maxFen ?? Number.MAX_SAFE_INTEGER
  if (hi < lo) return new Set()
  const known = values ?? (await searchValues(db))
  const inside: string[] = []
  const edges: string[] = []
  for (const { token, value } of known.buckets) {
    const [bLo, bHi] = bucketRange(Number(value))
    if (bHi < lo || bLo > hi) continue
    if (bLo >= lo && bHi <= hi) inside.push(token)
    else edges.push(token)
  }
  const [whole, straddling] = await Promise.all([
    inside.length ? db.sealedTx.where('a').anyOf(inside).primaryKeys() : [],
    edges.length ? db.sealedTx.where('a').anyOf(edges).toArray() : [],
  ])
  const keys = new Set<string>(whole)
  for (const row of await openTxs(straddling)) if (row.amountFen >= lo && row.amountFen <= hi) keys.add(row.key)
  return keys
}

function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  if (!a) return b
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  const out = new Set<string>()
  for (const key of small) if (large.has(key)) out.add(key)
  return out
}

export function hasAmountRange(filter: HistoryFilter): boolean {
  return (filter.minFen ?? null) !== null || (filter.maxFen ?? null) !== null
}

/** The plan without search and amount range (which need reading indexes first): known at once. */
export function basicPlan(filter: HistoryFilter): HistoryPlan {
  return { filter, from: filter.from ?? MIN_TIME, to: filter.to ?? MAX_TIME, keySet: null }
}

export function needsKeySet(filter: HistoryFilter): boolean {
  return normalizedText(filter.text) !== '' || hasAmountRange(filter)
}

/** The rows search and the amount range allow (null when the filter has neither). */
export async function filterKeySet(db: WalletDb, filter: HistoryFilter, values?: SearchValues): Promise<Set<string> | null> {
  let keySet: Set<string> | null = null
  if (normalizedText(filter.text) !== '') keySet = await searchKeys(db, filter.text!, values)
  if (hasAmountRange(filter) && (keySet === null || keySet.size > 0))
    keySet = intersect(keySet, await amountKeys(db, filter.minFen, filter.maxFen, values))
  return keySet
}

export async function planHistory(db: WalletDb, filter: HistoryFilter, values?: SearchValues): Promise<HistoryPlan> {
  return { ...basicPlan(filter), keySet: await filterKeySet(db, filter, values) }
}

/** The rows of [lo, hi) that the plan's type or status selects, from the time-ordered index that fits. */
function driverRange(
  db: WalletDb,
  plan: HistoryPlan,
  lo: number,
  hi: number,
): Collection<SealedTx, string, InsertType<SealedTx, 'id'>> {
  const { type, status } = plan.filter
  if (type) return db.sealedTx.where('[type+occurredAt]').between([type, lo], [type, hi], true, false)
  if (status) return db.sealedTx.where('[status+occurredAt]').between([status, lo], [status, hi], true, false)
  return db.sealedTx.where('occurredAt').between(lo, hi, true, false)
}

/** Whether a row passes every condition of the filter (what the indexes answer, said once more in code). */
export function matches(filter: HistoryFilter): (row: TxRow) => boolean {
  const needle = normalizedText(filter.text)
  const lo = filter.minFen ?? 0
  const hi = filter.maxFen ?? Number.MAX_SAFE_INTEGER
  const from = filter.from ?? MIN_TIME
  const to = filter.to ?? MAX_TIME
  return (r) =>
    (!filter.type || r.type === filter.type) &&
    (!filter.status || r.status === filter.status) &&
    r.occurredAt >= from &&
    r.occurredAt < to &&
    r.amountFen >= lo &&
    r.amountFen <= hi &&
    (needle === '' ||
      (r.counterparty !== '' && normaliseText(r.counterparty).includes(needle)) ||
      (r.memo !== '' && normaliseText(r.memo).includes(needle)))
}

const FIRST_ROWS = 30
/** How long a read started at start-up may stand in for the first query of 账单. */
const PRIMED_MS = 10_000

function isWholeHistory(plan: HistoryPlan): boolean {
  const f = plan.filter
  return !f.type && !f.status && !needsKeySet(f) && plan.from === MIN_TIME && plan.to === MAX_TIME && plan.keySet === null
}

interface Primed {
  db: WalletDb
  writes: number
  at: number
  rows: Promise<TxRow[]>
  /** The rows, once read. */
  value?: TxRow[]
}
let primed: Primed | undefined

/**
 * Starts reading the newest rows of the whole history while the app is still starting (it opens on
 * 账单): the first query of 账单 then takes this answer instead of asking again. Used once, and only
 * if the replica has not been written to since.
 */
export function primeFirstRows(db: WalletDb): void {
  const rows = readFirstRows(db, basicPlan({}), FIRST_ROWS, 0)
  const entry: Primed = { db, writes: replicaWrites(), at: Date.now(), rows }
  rows.then(
    (value) => (entry.value = value),
    () => {},
  )
  primed = entry
}

function takePrimed(db: WalletDb): Primed | undefined {
  const p = primed
  primed = undefined
  if (!p || p.db !== db || p.writes !== replicaWrites() || Date.now() - p.at > PRIMED_MS) return undefined
  return p
}

/**
 * The first rows of a result, read straight from the newest rows of the index that drives it: a
 * screenful in one small request, before the layout of the whole result is known. When the index
 * answers the filter exactly these are its first `want` rows; otherwise the newest `scan` rows are
 * read and filtered, and fewer may come back (the full query finds the rest).
 */
export async function firstRows(db: WalletDb, plan: HistoryPlan, want = 30, scan = 600): Promise<TxRow[]> {
  if (want === FIRST_ROWS && isWholeHistory(plan)) {
    const early = takePrimed(db)
    if (early) return early.rows
  }
  return readFirstRows(db, plan, want, scan)
}

/**
 * The first rows of the whole history when the start-up read has already answered (else undefined, and
 * nothing taken): 账单 then renders them with the view itself, not one render later.
 */
export function firstRowsNow(db: WalletDb, plan: HistoryPlan): TxRow[] | undefined {
  if (!primed?.value || !isWholeHistory(plan)) return undefined
  return takePrimed(db)?.value
}

/** Whether `firstRows` reads a result's first rows straight from its index (none filtered out after reading). */
export function firstRowsExact(plan: HistoryPlan): boolean {
  return !needsKeySet(plan.filter) && !(plan.filter.type && plan.filter.status)
}

async function readFirstRows(db: WalletDb, plan: HistoryPlan, want: number, scan: number): Promise<TxRow[]> {
  const exact = firstRowsExact(plan)
  const range = driverRange(db, plan, plan.from, plan.to).reverse()
  if (exact) return openTxs(await range.limit(want).toArray())
  const test = matches(plan.filter)
  return (await openTxs(await range.limit(scan).toArray())).filter(test).slice(0, want)
}

/** Rows (newest first) as month groups of their keys. */
export function groupByMonth(rows: readonly TxRow[]): { month: string; keys: string[] }[] {
  const out: { month: string; keys: string[] }[] = []
  for (const r of rows) {
    const last = out[out.length - 1]
    if (last?.month === r.month) last.keys.push(r.key)
    else out.push({ month: r.month, keys: [r.key] })
  }
  return out
}

/** A range this short is listed month by month without asking where its rows begin and end. */
const SHORT_RANGE_MS = 92 * 86_400_000

/** The months that hold rows of this plan, newest first (empty when there are none). */
export async function planMonths(db: WalletDb, plan: HistoryPlan): Promise<string[]> {
  if (plan.keySet?.size === 0) return []
  if (plan.from > MIN_TIME && plan.to < MAX_TIME && plan.to - plan.from <= SHORT_RANGE_MS) {
    return plan.to > plan.from ? monthsBetween(plan.from, plan.to - 1) : []
  }
  const range = () => driverRange(db, plan, plan.from, plan.to)
  const [oldest, newest] = await Promise.all([range().first(), range().last()])
  if (!oldest || !newest) return []
  return monthsBetween(oldest.occurredAt, newest.occurredAt)
}

/**
 * A month's primary keys and, read in the same round trip, its first `head` rows (only when one index
 * answers the filter exactly; otherwise `head` is empty and rows are read by key).
 */
export async function monthSlice(
  db: WalletDb,
  plan: HistoryPlan,
  month: string,
  head: number,
): Promise<{ keys: string[]; head: TxRow[] }> {
  const lo = Math.max(plan.from, monthStart(month))
  const hi = Math.min(plan.to, monthEnd(month))
  const exact = plan.keySet === null && !(plan.filter.type && plan.filter.status)
  if (!exact || head <= 0 || hi <= lo) return { keys: await monthKeys(db, plan, month), head: [] }
  const [keys, rows] = await Promise.all([
    driverRange(db, plan, lo, hi).reverse().primaryKeys(),
    driverRange(db, plan, lo, hi).reverse().limit(head).toArray(),
  ])
  return { keys, head: await openTxs(rows) }
}

/** Primary keys of the plan's rows in one month, newest first. */
export async function monthKeys(db: WalletDb, plan: HistoryPlan, month: string): Promise<string[]> {
  const lo = Math.max(plan.from, monthStart(month))
  const hi = Math.min(plan.to, monthEnd(month))
  if (hi <= lo || plan.keySet?.size === 0) return []
  const { type, status } = plan.filter
  const [keys, statusKeys] = await Promise.all([
    driverRange(db, plan, lo, hi).reverse().primaryKeys(),
    type && status
      ? db.sealedTx.where('[status+occurredAt]').between([status, lo], [status, hi], true, false).primaryKeys()
      : Promise.resolve(null),
  ])
  let out = keys
  if (statusKeys) {
    const allowed = new Set(statusKeys)
    out = out.filter((k) => allowed.has(k))
  }
  const keySet = plan.keySet
  if (keySet) out = out.filter((k) => keySet.has(k))
  return out
}

// ---------------------------------------------------------------------------------------------
// Totals

export function emptySummary(): MonthSummary {
  return { count: 0, inFen: 0, outFen: 0, outByCategory: {} }
}

function add(
  summary: MonthSummary,
  direction: 'in' | 'out',
  status: TxStatus,
  category: string,
  count: number,
  fen: number,
): void {
  summary.count += count
  if (!COUNTED_STATUSES.has(status)) return
  if (direction === 'in') summary.inFen += fen
  else {
    summary.outFen += fen
    summary.outByCategory[category] = (summary.outByCategory[category] ?? 0) + fen
  }
}

export function summarizeRows(rows: Iterable<TxRow>, into: MonthSummary = emptySummary()): MonthSummary {
  for (const r of rows) add(into, r.direction, r.status, r.category, 1, r.amountFen)
  return into
}

export function summarizeCells(cells: readonly StatCell[], filter: Pick<HistoryFilter, 'type' | 'status'>): MonthSummary {
  const out = emptySummary()
  for (const [type, status, direction, category, count, fen] of cells) {
    if (filter.type && type !== filter.type) continue
    if (filter.status && status !== filter.status) continue
    add(out, direction, status, category, count, fen)
  }
  return out
}

function cellsOf(rows: Iterable<TxRow>, cells = new Map<string, StatCell>()): Map<string, StatCell> {
  for (const r of rows) {
    const key = `${r.type}|${r.status}|${r.direction}|${r.category}`
    const cell = cells.get(key)
    if (cell) {
      cell[4] += 1
      cell[5] += r.amountFen
    } else cells.set(key, [r.type, r.status, r.direction, r.category, 1, r.amountFen])
  }
  return cells
}

/** One request per day, so no single answer is large enough to stall the page. */
function dayRanges(month: string): [number, number][] {
  const out: [number, number][] = []
  const end = monthEnd(month)
  const d = new Date(monthStart(month))
  while (d.getTime() < end) {
    const lo = d.getTime()
    d.setDate(d.getDate() + 1)
    out.push([lo, Math.min(d.getTime(), end)])
  }
  return out
}

/**
 * A month's totals cells, from the sealedStats cache or computed from its rows and cached. They are
 * kept only when no page was applied meanwhile (applyPage deletes the months it touches).
 */
export async function monthCells(db: WalletDb, month: string): Promise<StatCell[]> {
  const cached = await db.sealedStats.get(month)
  if (cached) return openStats(cached)
  // The month's sealed rows and the position they are at, read together; opened outside the
  // transaction (IndexedDB would commit it while WebCrypto works).
  const { seq, days } = await db.transaction('r', db.sealedTx, db.meta, async () => {
    const before = lastSeq(db)
    const days = await Promise.all(
      dayRanges(month).map(([lo, hi]) => db.sealedTx.where('occurredAt').between(lo, hi, true, false).toArray()),
    )
    return { seq: await before, days }
  })
  const cellMap = new Map<string, StatCell>()
  for (const day of days) cellsOf(await openTxs(day), cellMap)
  const cells = [...cellMap.values()]
  const sealed = await sealStats(month, cells)
  await db.transaction('rw', db.sealedStats, db.meta, async () => {
    if ((await lastSeq(db)) === seq) await db.sealedStats.put(sealed)
  })
  return cells
}

/** Whether the month's totals can come from sealedStats: whole month, filtered by type or status only. */
export function summaryFromCells(plan: HistoryPlan, month: string): boolean {
  return plan.keySet === null && plan.from <= monthStart(month) && plan.to >= monthEnd(month)
}

/** Reads rows by key in slices, so a large month never arrives as one long task. */
export async function* rowsByKeys(db: WalletDb, keys: readonly string[], slice = 400): AsyncGenerator<TxRow[]> {
  for (let i = 0; i < keys.length; i += slice) {
    yield await openTxs(await db.sealedTx.bulkGet(keys.slice(i, i + slice)))
  }
}

/**
 * Totals of the plan's rows in one month (whose keys the caller already has). Reading rows stops, with
 * null, as soon as `wanted()` says the answer is no longer needed (the filter changed).
 */
export async function monthSummary(
  db: WalletDb,
  plan: HistoryPlan,
  month: string,
  keys: readonly string[],
  wanted: () => boolean = () => true,
): Promise<MonthSummary | null> {
  if (summaryFromCells(plan, month)) return summarizeCells(await monthCells(db, month), plan.filter)
  const summary = emptySummary()
  for await (const rows of rowsByKeys(db, keys)) {
    if (!wanted()) return null
    summarizeRows(rows, summary)
  }
  return summary
}

/** Every row of the plan, newest first, in slices (CSV export). */
export async function* planRows(db: WalletDb, plan: HistoryPlan, months?: readonly string[]): AsyncGenerator<TxRow[]> {
  for (const month of months ?? (await planMonths(db, plan))) {
    yield* rowsByKeys(db, await monthKeys(db, plan, month))
  }
}

import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  Household,
  type Bill,
  type BillPayInput,
  type BillersList,
  type HouseholdList,
  type PaymentResult,
  type SaveHouseholdInput,
} from '../../../shared/contract/payments'
import { AppError } from '../../../shared/errors'
import * as api from '../../../shared/bank-api'
import type { PaymentContext } from './context'
import { checkAmount, checkPayPassword, checkText, invalid } from './validate'

const BILLERS_DOC = 'billers'
const BillersDoc = z.object({
  cities: z.array(api.City),
  billers: z.array(api.Biller),
  at: z.number(),
})
const HOUSEHOLDS_DOC = 'households'
const HouseholdsDoc = z.object({ version: z.literal(1), households: z.array(Household) })

function checkHousehold(value: string): string {
  const household = value.replace(/\s/g, '')
  if (household === '') throw invalid('household', 'EMPTY')
  if (!/^[0-9A-Za-z-]{4,32}$/.test(household)) throw invalid('household', 'FORMAT')
  return household
}

/** 生活缴费: water, electricity and gas bills, and saved households for one-click repeat. */
export function createBillService(ctx: PaymentContext) {
  const { store, clock } = ctx.deps

  /** Every city and biller; kept so households can be saved and shown offline. */
  async function allBillers(): Promise<z.infer<typeof BillersDoc>> {
    try {
      const fresh = await ctx.get('billers')
      const doc = { ...fresh, at: clock.now() }
      await store.write(BILLERS_DOC, doc)
      return doc
    } catch (error) {
      const kept = await store.read(BILLERS_DOC, BillersDoc)
      if (kept && error instanceof AppError && error.code === 'OFFLINE') return kept
      throw error
    }
  }

  async function billers(input: { city?: string | undefined }): Promise<BillersList> {
    const all = await allBillers()
    return { cities: all.cities, billers: input.city ? all.billers.filter((b) => b.cityCode === input.city) : all.billers }
  }

  async function query(input: { billerId: string; household: string }): Promise<Bill> {
    const q = { billerId: checkText(input.billerId, 'billerId', 64), household: checkHousehold(input.household) }
    return (await ctx.get('bill', { query: q })).bill
  }

  async function households(): Promise<Household[]> {
    return (await store.read(HOUSEHOLDS_DOC, HouseholdsDoc))?.households ?? []
  }

  async function listHouseholds(): Promise<HouseholdList> {
    const all = await households()
    return { households: [...all].sort((a, b) => (b.lastPaidAt ?? b.createdAt) - (a.lastPaidAt ?? a.createdAt)) }
  }

  async function writeHouseholds(list: Household[]): Promise<void> {
    await store.write(HOUSEHOLDS_DOC, { version: 1, households: list })
  }

  async function saveHousehold(input: SaveHouseholdInput): Promise<Household> {
    const billerId = checkText(input.billerId, 'billerId', 64)
    const household = checkHousehold(input.household)
    const all = await allBillers()
    const biller = all.billers.find((b) => b.billerId === billerId)
    if (!biller) throw invalid('billerId', 'NOT_FOUND', 'no such biller')
    const city = all.cities.find((c) => c.cityCode === biller.cityCode)?.name ?? biller.cityCode
    const alias = input.alias?.trim() || biller.name
    const list = await households()
    const existing = list.find((h) => h.billerId === billerId && h.household === household)
    if (existing) {
      existing.alias = input.alias?.trim() || existing.alias
      await writeHouseholds(list)
      return existing
    }
    const saved: Household = {
      id: randomUUID(),
      utility: biller.type,
      cityCode: biller.cityCode,
      city,
      billerId,
      billerName: biller.name,
      household,
      alias,
      createdAt: clock.now(),
      lastPaidAt: null,
    }
    list.push(saved)
    await writeHouseholds(list)
    return saved
  }

  async function removeHousehold(id: string): Promise<HouseholdList> {
    await writeHouseholds((await households()).filter((h) => h.id !== id))
    return listHouseholds()
  }

  /** After a bill was paid (now, or later from the outbox). */
  async function paid(billerId: string, household: string): Promise<void> {
    const list = await households()
    const found = list.find((h) => h.billerId === billerId && h.household === household)
    if (!found) return
    found.lastPaidAt = clock.now()
    await writeHouseholds(list)
  }

  async function pay(input: BillPayInput): Promise<PaymentResult> {
    const body = {
      billerId: checkText(input.billerId, 'billerId', 64),
      household: checkHousehold(input.household),
      amountFen: checkAmount(input.amountFen),
      payPassword: checkPayPassword(input.payPassword),
      ...(input.couponId ? { couponId: input.couponId } : {}),
    }
    const { result } = await ctx.move('bill.pay', body)
    if (input.save) await saveHousehold({ billerId: body.billerId, household: body.household }).catch(() => undefined)
    if (!result.queued) await paid(body.billerId, body.household)
    return result
  }

  return {
    billers,
    query,
    pay,
    listHouseholds,
    saveHousehold,
    removeHousehold,
    paid,
    /** The saved households as stored, for backups (src/main/core/backup.ts). */
    households: { read: households, write: writeHouseholds },
  }
}

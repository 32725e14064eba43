import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  LARGE_AMOUNT_FEN,
  type CardTransferInput,
  type Payee,
  type PayeeList,
  type PayeeLookup,
  type PaymentLimits,
  type PaymentResult,
  type WalletTransferInput,
} from '../../../shared/contract/payments'
import { bankOfCard, maskCard, maskName, maskPhone } from '../../../shared/validators'
import type { PaymentContext } from './context'
import { checkAmount, checkMemo, checkPan, checkPayPassword, checkPhone, checkText, invalid } from './validate'

const DOC = 'payees'
/** The full phone or card number stays here, in main's sealed store; the renderer sees it masked. */
const StoredPayee = z.object({
  id: z.string(),
  kind: z.enum(['wallet', 'card']),
  /** Phone (wallet) or card number (card). */
  number: z.string(),
  /** Masked name. */
  name: z.string(),
  /** A card payee's full name as typed (the bank needs it for the next transfer). */
  holder: z.string().nullable(),
  bankName: z.string().nullable(),
  transfers: z.number().int(),
  createdAt: z.number(),
  lastUsedAt: z.number(),
})
type StoredPayee = z.infer<typeof StoredPayee>
const PayeesDoc = z.object({ version: z.literal(1), payees: z.array(StoredPayee) })

function view(p: StoredPayee): Payee {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    account: p.kind === 'wallet' ? maskPhone(p.number) : maskCard(p.number),
    bankName: p.bankName,
    transfers: p.transfers,
    createdAt: p.createdAt,
    lastUsedAt: p.lastUsedAt,
  }
}

/** 转账: to a wallet by phone (confirmed against the masked name) or to a bank card; the payee book. */
export function createTransferService(ctx: PaymentContext) {
  const { store, clock, wallet } = ctx.deps
  /** Masked names seen in look-ups, so a transfer queued offline can still name its payee. */
  const lookedUp = new Map<string, string>()

  async function book(): Promise<StoredPayee[]> {
    return (await store.read(DOC, PayeesDoc))?.payees ?? []
  }

  async function save(payees: StoredPayee[]): Promise<void> {
    await store.write(DOC, { version: 1, payees })
  }

  async function list(): Promise<PayeeList> {
    const payees = await book()
    return { payees: [...payees].sort((a, b) => b.lastUsedAt - a.lastUsedAt).map(view) }
  }

  async function remove(id: string): Promise<PayeeList> {
    await save((await book()).filter((p) => p.id !== id))
    return list()
  }

  /** After a transfer went through (now, or later from the outbox). */
  async function remember(kind: 'wallet' | 'card', number: string, name: string, holder: string | null = null): Promise<void> {
    const payees = await book()
    const now = clock.now()
    const existing = payees.find((p) => p.kind === kind && p.number === number)
    if (existing) {
      existing.transfers += 1
      existing.lastUsedAt = now
      if (name) existing.name = name
      if (holder) existing.holder = holder
    } else {
      const bankName = kind === 'card' ? (bankOfCard(number)?.name ?? null) : null
      payees.push({ id: randomUUID(), kind, number, name, holder, bankName, transfers: 1, createdAt: now, lastUsedAt: now })
    }
    await save(payees)
  }

  async function payee(id: string, kind: 'wallet' | 'card'): Promise<StoredPayee> {
    const found = (await book()).find((p) => p.id === id && p.kind === kind)
    if (!found) throw invalid('payeeId', 'NOT_FOUND', 'no such payee in the payee book')
    return found
  }

  async function lookup(input: { phone: string }): Promise<PayeeLookup> {
    const phone = checkPhone(input.phone)
    const found = await ctx.get('lookupPayee', { query: { phone } })
    lookedUp.set(phone, found.nameMasked)
    const firstTime = !(await book()).some((p) => p.kind === 'wallet' && p.number === phone)
    return { ...found, firstTime }
  }

  async function toWallet(input: WalletTransferInput): Promise<PaymentResult> {
    if ((input.phone === undefined) === (input.payeeId === undefined))
      throw invalid('phone', 'EMPTY', 'give either phone or payeeId')
    const saved = input.payeeId === undefined ? undefined : await payee(input.payeeId, 'wallet')
    const phone = saved ? saved.number : checkPhone(input.phone ?? '')
    const memo = checkMemo(input.memo)
    const body = {
      phone,
      amountFen: checkAmount(input.amountFen),
      payPassword: checkPayPassword(input.payPassword),
      ...(memo ? { memo } : {}),
    }
    const name = lookedUp.get(phone) ?? saved?.name ?? ''
    const { result, response } = await ctx.move('transfer.wallet', body, {
      payeeName: name,
    })
    if (response) await remember('wallet', phone, response.transaction.counterparty.name)
    return result
  }

  async function toCard(input: CardTransferInput): Promise<PaymentResult> {
    const saved = input.payeeId === undefined ? undefined : await payee(input.payeeId, 'card')
    if (!saved && input.pan === undefined) throw invalid('pan', 'EMPTY', 'give pan and name, or payeeId')
    const pan = saved ? saved.number : checkPan(input.pan ?? '')
    const name = checkText(input.name ?? saved?.holder ?? '', 'name', 40)
    const memo = checkMemo(input.memo)
    const body = {
      pan,
      name,
      amountFen: checkAmount(input.amountFen),
      payPassword: checkPayPassword(input.payPassword),
      ...(memo ? { memo } : {}),
    }
    const { result, response } = await ctx.move('transfer.card', body)
    if (response) await remember('card', pan, maskName(name), name)
    return result
  }

  async function limits(): Promise<PaymentLimits> {
    const s = await wallet.summary()
    return {
      tier: s.profile.tier,
      tierName: s.profile.tierName,
      remaining: s.remaining,
      caps: s.profile.caps,
      usage: s.usage,
      balanceFen: s.balanceFen,
      payPasswordLockedUntil: s.payPasswordLockedUntil,
      largeAmountFen: LARGE_AMOUNT_FEN,
      asOf: s.asOf,
      stale: s.stale,
    }
  }

  return {
    lookup,
    toWallet,
    toCard,
    limits,
    list,
    remove,
    remember,
    /** The payee book as stored, whole numbers included, for backups (src/main/core/backup.ts) only. */
    book: { read: book, write: save },
  }
}

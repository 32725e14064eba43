import { z } from 'zod'
import {
  PAYCODE_POLL_MS,
  type PayCode,
  type PaymentDone,
  type PosCharge,
  type SmallAmountSettings,
} from '../../../shared/contract/payments'
import { AppError } from '../../../shared/errors'
import type * as api from '../../../shared/bank-api'
import type { PaymentContext } from './context'
import { toPaymentDone, toTxSummary } from './mapping'
import { counterToShow, payCodeFor, stepOf, type PayCodeDevice } from './otp'
import { checkPayPassword, checkText } from './validate'

/** SecretStore account of this device's pay-code secret. */
export const PAYCODE_SECRET_ACCOUNT = 'paycode-secret'
/** The renderer says when the code leaves the screen; in case it never does, polling stops after this. */
const WATCH_MAX_MS = 10 * 60_000

const StoredDevice = z.object({
  phone: z.string(),
  deviceCode: z.string().regex(/^\d{8}$/),
  secret: z.string().min(16),
  prefix: z.string().regex(/^\d{2}$/),
  digits: z.number().int().min(6).max(10),
  periodMs: z.number().int().positive(),
  window: z.number().int().nonnegative(),
})
type StoredDevice = z.infer<typeof StoredDevice>

function toPosCharge(c: api.PosCharge): PosCharge {
  return {
    chargeId: c.chargeId,
    merchantId: c.merchantId,
    merchantName: c.merchantName,
    amountFen: c.amountFen,
    description: c.description ?? null,
    status: c.status,
    createdAt: c.createdAt,
    expiresAt: c.expiresAt,
    txId: c.txId,
  }
}

/**
 * 付款码: the code is made here from a secret the bank issued to this device once, so it can be shown
 * offline. While the code is on screen, main asks the bank every few seconds whether a till took it
 * (the change feed) or a charge waits for the payment password (/paycode/pending).
 */
export function createPayCodeService(ctx: PaymentContext) {
  const { secrets, session, bank, events, clock } = ctx.deps
  const pollMs = ctx.deps.pollMs ?? PAYCODE_POLL_MS
  let usedUpTo: number | undefined
  let lastShown: number | undefined
  let timer: NodeJS.Timeout | undefined
  let watchUntil = 0
  let polling: Promise<void> | undefined
  let feedCursor: string | undefined
  const seenCharges = new Set<string>()
  const seenTx = new Set<string>()

  async function device(): Promise<StoredDevice> {
    const phone = (await session.phone()) ?? ''
    const raw = await secrets.get(PAYCODE_SECRET_ACCOUNT)
    if (raw) {
      let parsed: ReturnType<typeof StoredDevice.safeParse> | undefined
      try {
        parsed = StoredDevice.safeParse(JSON.parse(raw))
      } catch {
        parsed = undefined
      }
      if (parsed?.success && parsed.data.phone === phone) return parsed.data
    }
    let issued: api.PayCodeActivateResponse
    try {
      issued = await ctx.post('paycode.activate', 'activatePayCode', { body: {} })
    } catch (error) {
      if (error instanceof AppError && error.code === 'OFFLINE') {
        throw new AppError('OFFLINE', 'the pay code must be set up once while the bank can be reached', {
          reason: 'NOT_ACTIVATED',
        })
      }
      throw error
    }
    const stored: StoredDevice = { phone, ...issued }
    await secrets.set(PAYCODE_SECRET_ACCOUNT, JSON.stringify(StoredDevice.parse(stored)))
    usedUpTo = undefined
    return stored
  }

  async function current(): Promise<PayCode> {
    await session.token() // LOCKED while the wallet is locked: no code on a locked screen.
    const d: PayCodeDevice = await device()
    const now = clock.now()
    const counter = counterToShow(d, now, usedUpTo)
    lastShown = counter
    return {
      code: payCodeFor(d, counter),
      expiresAt: (stepOf(now, d.periodMs) + 1) * d.periodMs,
      periodMs: d.periodMs,
      offline: ctx.seemsOffline(),
    }
  }

  /** A till used the code on screen: the next one shown is a fresh step. */
  function codeUsed(): void {
    if (lastShown !== undefined) usedUpTo = Math.max(usedUpTo ?? lastShown, lastShown)
  }

  async function pendingCharges(): Promise<PosCharge[]> {
    return (await ctx.get('pendingCharges')).charges.map(toPosCharge)
  }

  /** Reads the change feed from where the watcher left it; the first read only finds the end. */
  async function readFeed(token: string): Promise<void> {
    const announce = feedCursor !== undefined
    let cursor = feedCursor
    for (;;) {
      const page = await ctx.noteContact(bank.call('changes', { token, query: { cursor, limit: 1000 } }))
      for (const item of page.items) {
        if (item.type !== 'transaction') continue
        const tx = item.transaction
        if (tx.channel !== 'paycode' || tx.status !== 'succeeded' || tx.direction !== 'out' || seenTx.has(tx.txId)) continue
        seenTx.add(tx.txId)
        if (!announce) continue
        codeUsed()
        events.emit('paycode.charged', {
          status: 'succeeded',
          chargeId: null,
          merchantName: tx.counterparty.name,
          amountFen: tx.amountFen,
          txId: tx.txId,
          expiresAt: null,
        })
        ctx.completed(toTxSummary(tx), 'paycode')
        // A till charged the code: bring it into 账单 now rather than at the next periodic sync.
        ctx.deps.sync.nudge()
      }
      cursor = page.nextCursor
      if (!page.hasMore) break
    }
    feedCursor = cursor
  }

  async function pollOnce(): Promise<void> {
    polling ??= (async () => {
      const token = await session.token()
      for (const charge of await pendingCharges()) {
        if (seenCharges.has(charge.chargeId)) continue
        seenCharges.add(charge.chargeId)
        codeUsed()
        events.emit('paycode.charged', {
          status: 'awaiting_confirmation',
          chargeId: charge.chargeId,
          merchantName: charge.merchantName,
          amountFen: charge.amountFen,
          txId: null,
          expiresAt: charge.expiresAt,
        })
      }
      await readFeed(token)
    })().finally(() => (polling = undefined))
    return polling
  }

  function stop(): void {
    clearInterval(timer)
    timer = undefined
  }

  async function watch(on: boolean): Promise<{ watching: boolean }> {
    if (!on) {
      // A till may have taken the code just before it left the screen: the next one shown must be fresh.
      if (timer) await pollOnce().catch(() => undefined)
      stop()
      return { watching: false }
    }
    await session.token()
    watchUntil = clock.now() + WATCH_MAX_MS
    if (!timer) {
      timer = setInterval(() => {
        if (clock.now() > watchUntil) return stop()
        pollOnce().catch(() => undefined)
      }, pollMs)
      timer.unref?.()
    }
    // The first poll finds where the feed ends, so only charges from now on are announced.
    await pollOnce().catch(() => undefined)
    return { watching: true }
  }

  async function confirm(input: { chargeId: string; payPassword: string }): Promise<PaymentDone> {
    const chargeId = checkText(input.chargeId, 'chargeId', 64)
    const body = { payPassword: checkPayPassword(input.payPassword) }
    const done = toPaymentDone(await ctx.post(`paycode.confirm.${chargeId}`, 'confirmCharge', { params: { id: chargeId }, body }))
    if (!seenCharges.has(chargeId)) {
      seenCharges.add(chargeId)
      codeUsed()
    }
    ctx.deps.sync.nudge()
    ctx.completed(done.transaction, 'online')
    return done
  }

  async function decline(input: { chargeId: string }): Promise<PosCharge> {
    const chargeId = checkText(input.chargeId, 'chargeId', 64)
    const declined = toPosCharge((await ctx.post(`paycode.decline.${chargeId}`, 'declineCharge', { params: { id: chargeId }, body: {} })).charge)
    // The till used a code to make this charge, whether or not the watcher saw it.
    seenCharges.add(chargeId)
    codeUsed()
    return declined
  }

  async function settings(): Promise<SmallAmountSettings> {
    return (await ctx.get('me')).settings
  }

  return { current, watch, pollOnce, pending: pendingCharges, confirm, decline, settings, dispose: stop }
}

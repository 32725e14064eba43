import type { z } from 'zod'
import { WalletSummary } from '../../shared/contract/wallet'
import type { BankClient } from '../platform/bank/client'
import { outcomeOf } from '../../shared/errors'
import type { Clock, DocStore } from '../base/ports'
import { toWalletProfile } from './profile'
import type { SessionService } from './session'

const DOC = 'summary'
// A summary kept before 理财 was counted has no wealthFen: it reads as not known.
const Cached = WalletSummary.omit({ stale: true }).extend({ wealthFen: WalletSummary.shape.wealthFen.default(null) })

/** Balance, 理财 (for 总资产), tier and limits; the last bank answer is sealed so the home page works offline. */
export function createWalletService(deps: { store: DocStore; bank: BankClient; session: SessionService; clock: Clock }) {
  const { store, bank, session, clock } = deps

  async function summary(): Promise<WalletSummary> {
    const token = await session.token()
    try {
      // 理财 not answering costs 总资产 only, never the balance: it reads as not known then.
      const [me, held] = await Promise.all([bank.call('me', { token }), bank.call('holdings', { token }).catch(() => undefined)])
      const fresh: z.infer<typeof Cached> = {
        profile: toWalletProfile(me),
        balanceFen: me.balanceFen,
        wealthFen: held
          ? held.holdings.reduce((sum, h) => sum + h.valueFen, 0) +
            held.pendingRedemptions.reduce((sum, r) => sum + r.amountFen, 0)
          : null,
        usage: me.usage,
        remaining: me.remaining,
        payPasswordLockedUntil: me.payPasswordLockedUntil,
        asOf: clock.now(),
      }
      await store.write(DOC, fresh)
      return { ...fresh, stale: false }
    } catch (error) {
      const cached = await store.read(DOC, Cached)
      // No answer (the bank unreachable, or one the app cannot read): the last one it had, marked stale.
      if (cached && outcomeOf(error) === 'unknown') return { ...cached, stale: true }
      throw error
    }
  }

  return { summary }
}

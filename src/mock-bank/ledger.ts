import type { LedgerReport } from '../shared/bank-api'

/**
 * Double-entry ledger in integer fen. Every posting is a set of lines whose amounts sum to zero, so
 * money only moves, it is never created or lost; the bank's own accounts (x:…) are the only ones
 * allowed below zero: x:mint is where simulated card money comes from, x:marketing pays coupons,
 * x:interest pays yields.
 *
 * Account names: w:<customer> wallet, c:<card number> card at its issuing bank, m:<merchant>,
 * b:<biller>, h:<customer>:<product> wealth holding, s:<customer> redemptions on their way, x:<bank>.
 */
export type Line = [account: string, fen: number]

export class LedgerViolation extends Error {
  override readonly name = 'LedgerViolation'
}

export function accountKind(account: string): string {
  return account.slice(0, account.indexOf(':'))
}

export function mayGoNegative(account: string): boolean {
  return account.startsWith('x:')
}

export class Ledger {
  private readonly balances = new Map<string, number>()
  postings = 0

  balance(account: string): number {
    return this.balances.get(account) ?? 0
  }

  /** Whether any posting ever touched the account (a drained account still exists). */
  has(account: string): boolean {
    return this.balances.has(account)
  }

  /** Checks a posting without applying it. */
  check(lines: readonly Line[]): void {
    if (lines.length < 2) throw new LedgerViolation('a posting needs at least two lines')
    let sum = 0
    const after = new Map<string, number>()
    for (const [account, fen] of lines) {
      if (!Number.isSafeInteger(fen)) throw new LedgerViolation(`not an integer amount: ${fen}`)
      if (!/^[a-z]:\S+$/.test(account)) throw new LedgerViolation(`bad account name: ${account}`)
      sum += fen
      after.set(account, (after.get(account) ?? this.balance(account)) + fen)
    }
    if (sum !== 0) throw new LedgerViolation(`posting does not balance: ${sum}`)
    for (const [account, balance] of after) {
      if (balance < 0 && !mayGoNegative(account)) throw new LedgerViolation(`${account} would go negative: ${balance}`)
    }
  }

  apply(lines: readonly Line[]): void {
    this.check(lines)
    for (const [account, fen] of lines) this.balances.set(account, this.balance(account) + fen)
    this.postings++
  }

  report(): LedgerReport {
    let sumFen = 0
    const negative: LedgerReport['negative'] = []
    const byKind: Record<string, number> = {}
    for (const [account, balance] of this.balances) {
      sumFen += balance
      const kind = accountKind(account)
      byKind[kind] = (byKind[kind] ?? 0) + balance
      if (balance < 0 && !mayGoNegative(account)) negative.push({ account, balanceFen: balance })
    }
    return {
      balanced: sumFen === 0 && negative.length === 0,
      postings: this.postings,
      accounts: this.balances.size,
      sumFen,
      negative,
      byKind,
    }
  }
}

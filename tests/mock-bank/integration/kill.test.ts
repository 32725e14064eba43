import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JOURNAL_FILE, scanJournal } from '../../../src/mock-bank/journal'
import type { BankEvent } from '../../../src/mock-bank/state'
import { activeCustomer, BankClient, PAY_PASSWORD, removeDir, type Customer } from '../../support/bank-client'
import { startBankProcess } from '../../support/bank-process'

/**
 * The bank as a child process, SIGKILLed at random moments while several clients move money, then
 * restarted, many times. After each restart the ledger balances, every journal posting balances, every
 * acknowledged operation is still there (its key replays the same answer), and once every operation
 * has been retried under its own key, each happened exactly once.
 */
interface Op {
  key: string
  path: string
  body: Record<string, unknown>
  payer: 0 | 1
  kind: 'transfer' | 'pay'
  amount: number
  acked?: unknown
  resolved: boolean
}

const ROUNDS = 20
const START_FEN = 5_000_000

function checkJournal(dataDir: string): number {
  const { records } = scanJournal<BankEvent>(readFileSync(join(dataDir, JOURNAL_FILE)))
  let postings = 0
  for (const record of records) {
    for (const event of record.e) {
      if (event.t !== 'posting') continue
      postings++
      expect(event.p.lines.reduce((sum, [, fen]) => sum + fen, 0)).toBe(0)
    }
  }
  return postings
}

async function retry(client: BankClient, op: Op, token: string): Promise<{ status: number; body: unknown; replayed: boolean }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const reply = await client.post(op.path, op.body, { token, key: op.key })
      return { status: reply.status, body: reply.body, replayed: reply.headers.get('idempotent-replayed') === 'true' }
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new Error(`no answer for ${op.key}`)
}

describe('crash safety', () => {
  it(`survives ${ROUNDS} SIGKILLs in the middle of operations with nothing half-written and nothing lost or doubled`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bank-kill-'))
    const ops: Op[] = []
    let tornTails = 0
    try {
      let bank = await startBankProcess(dataDir)
      let client = new BankClient(bank.url, bank.clientSecret)
      const parties: Customer[] = [await activeCustomer(client, START_FEN), await activeCustomer(client, START_FEN)]

      for (let round = 0; round < ROUNDS; round++) {
        // Several clients at once, until the bank dies under them.
        let alive = true
        const worker = async () => {
          while (alive) {
            const payer = Math.random() < 0.5 ? 0 : 1
            const amount = 1 + Math.floor(Math.random() * 100)
            const transfer = Math.random() < 0.5
            const op: Op = {
              key: randomUUID(),
              path: transfer ? '/transfers/wallet' : '/payments/merchant',
              body: transfer
                ? { phone: parties[1 - payer]!.phone, amountFen: amount, payPassword: PAY_PASSWORD }
                : { merchantId: 'M0003', amountFen: amount, payPassword: PAY_PASSWORD },
              payer,
              kind: transfer ? 'transfer' : 'pay',
              amount,
              resolved: false,
            }
            ops.push(op)
            try {
              const reply = await client.post(op.path, op.body, { token: parties[payer]!.token, key: op.key })
              if (reply.status !== 200) throw new Error(`unexpected ${reply.status} ${JSON.stringify(reply.body)}`)
              op.acked = reply.body
            } catch (error) {
              if (error instanceof Error && error.message.startsWith('unexpected')) throw error
              return // the bank is gone
            }
          }
        }
        const workers = Array.from({ length: 4 }, worker)
        await new Promise((r) => setTimeout(r, 40 + Math.random() * 250))
        await bank.kill()
        alive = false
        await Promise.all(workers)

        bank = await startBankProcess(dataDir)
        client = new BankClient(bank.url, bank.clientSecret)
        if (/cut \d+ bytes/.test(bank.stderr())) tornTails++
        const ledger = (await client.get('/_dev/ledger')).body
        expect(ledger).toMatchObject({ balanced: true, sumFen: 0, negative: [] })
        checkJournal(dataDir)
        // Every acknowledged operation survived: its key answers with the same response.
        for (const op of ops.filter((o) => o.acked !== undefined && !o.resolved)) {
          const again = await retry(client, op, parties[op.payer]!.token)
          expect(again.replayed).toBe(true)
          expect(again.body).toEqual(op.acked)
          op.resolved = true
        }
      }

      // Settle the operations that were in flight when the bank died: each now happens exactly once.
      let committedUnacked = 0
      for (const op of ops.filter((o) => !o.resolved)) {
        const reply = await retry(client, op, parties[op.payer]!.token)
        expect(reply.status).toBe(200)
        if (reply.replayed) committedUnacked++
        op.resolved = true
      }
      const expected = [START_FEN, START_FEN]
      for (const op of ops) {
        expected[op.payer]! -= op.amount
        if (op.kind === 'transfer') expected[1 - op.payer]! += op.amount
      }
      for (let i = 0; i < 2; i++) expect((await client.get('/me', parties[i]!.token)).body.balanceFen).toBe(expected[i])
      const postings = checkJournal(dataDir)
      expect(postings).toBeGreaterThanOrEqual(ops.length)
      await bank.stop()
      console.log(
        `kill test: ${ROUNDS} kills, ${ops.length} operations, ${ops.filter((o) => o.acked === undefined).length} unacknowledged at a kill (${committedUnacked} of them had committed), ${tornTails} torn journal tails cut`,
      )
    } finally {
      removeDir(dataDir)
    }
  }, 90_000)
})

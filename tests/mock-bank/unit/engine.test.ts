import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../../src/mock-bank/config'
import { Engine } from '../../../src/mock-bank/engine'
import { BankError } from '../../../src/mock-bank/errors'
import { ManualClock } from '../../support/bank-client'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

async function open(dir?: string): Promise<{ engine: Engine; dir: string }> {
  const dataDir = dir ?? mkdtempSync(join(tmpdir(), 'engine-'))
  if (!dir) dirs.push(dataDir)
  return { engine: await Engine.open(dataDir, resolveConfig(), new ManualClock()), dir: dataDir }
}

const mint = (fen: number) => ({
  t: 'posting' as const,
  p: { id: `p${fen}`, at: 0, lines: [['x:mint', -fen] as [string, number], ['c:6222', fen] as [string, number]] },
})

describe('engine', () => {
  it('commits what a transaction emits and replays it after a restart', async () => {
    const { engine, dir } = await open()
    await engine.transact((unit) => unit.emit(mint(500)))
    await engine.close()
    const again = (await open(dir)).engine
    expect(again.state.ledger.balance('c:6222')).toBe(500)
    await again.close()
  })

  it('commits the events emitted before a refusal (a counted attempt), with the refusal', async () => {
    const { engine, dir } = await open()
    await expect(
      engine.transact((unit) => {
        unit.emit(mint(100))
        throw new BankError('PAY_PASSWORD_WRONG')
      }),
    ).rejects.toBeInstanceOf(BankError)
    expect(engine.state.ledger.balance('c:6222')).toBe(100)
    await engine.close()
    const again = (await open(dir)).engine
    expect(again.state.ledger.balance('c:6222')).toBe(100)
    await again.close()
  })

  it('drops everything a transaction emitted when it fails with a bug, and rebuilds state from disk', async () => {
    const { engine } = await open()
    await engine.transact((unit) => unit.emit(mint(100)))
    await expect(
      engine.transact((unit) => {
        unit.emit(mint(7))
        throw new TypeError('bug')
      }),
    ).rejects.toThrow('bug')
    expect(engine.state.ledger.balance('c:6222')).toBe(100)
    // A posting that breaks the ledger is a bug too: nothing of it stays.
    await expect(
      engine.transact((unit) =>
        unit.emit({
          t: 'posting',
          p: {
            id: 'bad',
            at: 0,
            lines: [
              ['w:a', -5],
              ['w:b', 5],
            ],
          },
        }),
      ),
    ).rejects.toThrow(/negative/)
    expect(engine.state.ledger.report()).toMatchObject({ balanced: true, postings: 1 })
    await engine.close()
  })

  it('runs operations one at a time, in order', async () => {
    const { engine } = await open()
    const order: number[] = []
    await Promise.all(
      [3, 1, 2].map((n, i) =>
        engine.exclusive(async () => {
          await new Promise((r) => setTimeout(r, n * 5))
          order.push(i)
        }),
      ),
    )
    expect(order).toEqual([0, 1, 2])
    await engine.close()
  })
})

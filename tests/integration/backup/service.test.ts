import { afterEach, describe, expect, it } from 'vitest'
import type { ReplicaExport } from '../../../src/shared/contract/backup'
import type { ReplicaTransaction } from '../../../src/shared/contract/sync'
import { packBackup } from '../../../src/main/platform/backup'
import { DEMO } from '../../support/harness'
import { signInDemo, startBank, startCore } from '../../support/wallet'
import { samplePayload } from '../../unit/backup/sample'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function tx(i: number): ReplicaTransaction {
  return {
    id: `T${i}`,
    seq: i,
    occurredAt: 1_700_000_000_000 + i * 60_000,
    type: 'payment',
    direction: 'out',
    amountFen: 100 + i,
    discountFen: 0,
    status: 'succeeded',
    title: '便利店',
    counterparty: '全家便利店',
    counterpartyAccount: '',
    memo: '',
    category: 'groceries',
    channel: 'qr',
    reference: `T${i}`,
    balanceAfterFen: null,
  }
}

const replica = (n: number): ReplicaExport => ({
  transactions: Array.from({ length: n }, (_, i) => tx(i + 1)),
  balances: [{ seq: n + 1, at: 1_700_000_000_000, balanceFen: 123_456 }],
  sync: { cursor: 'cursor-1', lastSeq: n + 1, lastSyncedAt: 1_700_000_000_000 },
})

async function setup() {
  const bank = await startBank({ seed: 'demo' })
  cleanups.push(() => bank.close())
  const saved: { bytes?: Buffer; name?: string } = {}
  const app = await startCore(bank, {
    files: {
      save: async (bytes, name) => {
        saved.bytes = bytes
        saved.name = name
        return { kind: 'download', url: '/download/x' }
      },
    },
  })
  cleanups.push(() => app.core.dispose())
  await signInDemo(app, bank)
  return { app, saved }
}

describe('backups through the core', () => {
  it('creates, checks and opens a passphrase backup with profile and settings added by main', async () => {
    const { app, saved } = await setup()
    const created = await app.ok<{ fileName: string; summary: { counts: { transactions: number } }; location: { kind: string } }>('backup.create', {
      passphrase: 'my backup passphrase',
      replica: replica(250),
    })
    expect(created.fileName).toMatch(/^工行数字钱包备份-\d{8}-\d{4}\.iwbk$/)
    expect(created.summary.counts.transactions).toBe(250)
    expect(created.location.kind).toBe('download')
    const bytes = saved.bytes!.toString('base64')

    const summary = await app.ok<{ profile: { nameMasked: string }; counts: { transactions: number } }>('backup.inspect', {
      kind: 'file',
      bytes,
      passphrase: 'my backup passphrase',
    })
    expect(summary.counts.transactions).toBe(250)
    expect(summary.profile.nameMasked).toContain('*')

    const opened = await app.ok<{ restoreId: string; replica: ReplicaExport }>('backup.open', {
      kind: 'file',
      bytes,
      passphrase: 'my backup passphrase',
    })
    expect(opened.replica.transactions).toEqual(replica(250).transactions)
    expect(opened.replica.sync.cursor).toBe('cursor-1')
    // Settings are main's: they are not handed to the renderer, they come back through the commit.
    expect(Object.keys(opened.replica).sort()).toEqual(['balances', 'sync', 'transactions'])
    const committed = await app.ok<{ settings: { language: string } }>('backup.commitRestore', { restoreId: opened.restoreId })
    expect(committed.settings.language).toBe('zh-CN')
  })

  it('tells a wrong passphrase from a damaged file and from something that is not a backup', async () => {
    const { app, saved } = await setup()
    await app.ok('backup.create', { passphrase: 'my backup passphrase', replica: replica(10) })
    const good = saved.bytes!
    expect(await app.call('backup.inspect', { kind: 'file', bytes: good.toString('base64'), passphrase: 'another one' })).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_WRONG_PASSPHRASE' },
    })
    const damaged = Buffer.from(good)
    damaged[damaged.length - 5]! ^= 0x40
    expect(await app.call('backup.open', { kind: 'file', bytes: damaged.toString('base64'), passphrase: 'my backup passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_CORRUPT' },
    })
    expect(await app.call('backup.open', { kind: 'file', bytes: Buffer.from('%PDF-1.7 hello').toString('base64'), passphrase: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'BACKUP_NOT_A_BACKUP' },
    })
  })

  it('writes automatic backups under a keychain key and opens them without a passphrase', async () => {
    const { app } = await setup()
    const entry = await app.ok<{ id: string }>('backup.autoRun', { replica: replica(5) })
    const list = await app.ok<{ id: string }[]>('backup.autoList')
    expect(list.map((e) => e.id)).toEqual([entry.id])
    const opened = await app.ok<{ replica: ReplicaExport }>('backup.open', { kind: 'auto', id: entry.id })
    expect(opened.replica.transactions).toHaveLength(5)
  })

  it('refuses a guessable passphrase with its reason, and says so before as the user types', async () => {
    const { app, saved } = await setup()
    for (const [passphrase, reason] of [
      ['12345678', 'common'],
      ['password', 'common'],
      ['aaaaaaaaaaaa', 'repeated'],
      [`wallet${DEMO.phone}`, 'personal'],
      [`a long sentence of mine ${DEMO.phone}`, 'personal'],
    ] as const) {
      expect(await app.call('backup.create', { passphrase, replica: replica(3) })).toMatchObject({
        ok: false,
        error: { code: 'WEAK_PASSPHRASE', details: { reason } },
      })
      expect(await app.ok('backup.checkPassphrase', { passphrase })).toMatchObject({ ok: false, reason })
    }
    expect(saved.bytes).toBeUndefined()
    expect(await app.ok('backup.checkPassphrase', { passphrase: 'my backup passphrase' })).toMatchObject({ ok: true })
  })

  it('opens a backup made under a weak passphrase before the gate existed', async () => {
    const { app } = await setup()
    const payload = samplePayload(4)
    const { bytes } = await packBackup(payload, 'password', { kdf: { N: 2 ** 10, r: 8, p: 1 } })
    const source = { kind: 'file', bytes: bytes.toString('base64'), passphrase: 'password' }
    expect(await app.ok<{ counts: { transactions: number } }>('backup.inspect', source)).toMatchObject({ counts: { transactions: 4 } })
    const opened = await app.ok<{ replica: ReplicaExport }>('backup.open', source)
    expect(opened.replica.transactions).toHaveLength(4)
  })
})

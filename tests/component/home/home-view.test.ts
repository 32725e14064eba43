import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, RouterLinkStub } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { WalletSummary } from '@shared/contract'
import type { ReplicaTransaction } from '@shared/contract/sync'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { applyPage, clearReplica } from '@renderer/db/replica'
import { replica, useSyncStore } from '@renderer/stores/sync'
import HomeView from '@renderer/views/home/HomeView.vue'
import { createFakeBridge } from '../fake-bridge'
import { sealPage } from '../sealed-replica'

const today = (h: number, m: number) => {
  const d = new Date()
  d.setHours(h, m, 0, 0)
  return d.getTime()
}
const SYNCED = today(9, 30)

function summary(patch: Partial<WalletSummary> = {}): WalletSummary {
  return {
    profile: {
      walletNo: '0000 **** **** 8888',
      nameMasked: '*芳',
      phoneMasked: '138****8000',
      tier: 2,
      tierName: '二类钱包',
      caps: { perTxFen: 500_000, dailyFen: 1_000_000, yearlyFen: 10_000_000, balanceFen: null },
      payPasswordSet: true,
    },
    balanceFen: 1_234_567,
    wealthFen: 200_000,
    usage: { todayFen: 250_000, yearFen: 800_000 },
    remaining: { paymentFen: 500_000, dayFen: 750_000, yearFen: 9_200_000, receiveFen: null },
    payPasswordLockedUntil: null,
    asOf: SYNCED,
    stale: false,
    ...patch,
  }
}

function tx(i: number): ReplicaTransaction {
  return {
    id: `T${i}`,
    seq: i,
    occurredAt: today(8, 0) - (20 - i) * 3_600_000,
    type: i % 3 === 0 ? 'topup' : 'payment',
    direction: i % 3 === 0 ? 'in' : 'out',
    amountFen: 1000 + i,
    discountFen: 0,
    status: 'succeeded',
    title: i % 3 === 0 ? '充值' : `商户${i}`,
    counterparty: i % 3 === 0 ? '工商银行储蓄卡(1234)' : `商户${i}`,
    counterpartyAccount: '',
    memo: '',
    category: i % 3 === 0 ? 'topup' : 'dining',
    channel: 'paycode',
    reference: `R${i}`,
    balanceAfterFen: null,
  }
}

async function setup(answer: WalletSummary | null) {
  const fake = createFakeBridge({
    'wallet.summary': () => (answer ? { ok: true, value: answer } : { ok: false, error: { code: 'NETWORK', message: 'down' } }),
    'sync.now': () => ({
      ok: true,
      value: { state: 'syncing', lastSyncedAt: SYNCED, nextRetryAt: null, pending: 0, lastError: null },
    }),
  })
  setBridge(fake.bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  const db = replica()
  await clearReplica(db)
  const rows = Array.from({ length: 12 }, (_, i) => tx(i + 1))
  await applyPage(
    db,
    sealPage({
      fromCursor: null,
      nextCursor: 'c12',
      transactions: rows,
      balances: [{ seq: 13, at: SYNCED, balanceFen: 777 }],
      hasMore: false,
      remaining: 0,
    }),
    SYNCED,
  )
  return { fake, pinia }
}

function mountHome(pinia: ReturnType<typeof createPinia>) {
  return mount(HomeView, { global: { plugins: [pinia, i18n, ElementPlus], stubs: { RouterLink: RouterLinkStub } } })
}

/** The newest rows are opened (WebCrypto, off this thread) before they show: wait for them. */
async function rowsShown(wrapper: ReturnType<typeof mountHome>, count = 10): Promise<void> {
  await vi.waitFor(() => expect(wrapper.findAll('[data-testid="tx-line"]')).toHaveLength(count))
}

describe('HomeView', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN'
    localStorage.clear()
  })
  afterEach(() => localStorage.clear())

  it('shows the balance, the tier with today’s limit, and the last 10 transactions from the replica', async () => {
    const { pinia } = await setup(summary())
    useSyncStore().status = { state: 'online', lastSyncedAt: SYNCED, nextRetryAt: null, pending: 0, lastError: null }
    const wrapper = mountHome(pinia)
    await flushPromises()
    await rowsShown(wrapper)
    expect(wrapper.get('[data-testid="balance"]').text()).toBe('¥12,345.67')
    expect(wrapper.get('[data-testid="tier"]').text()).toContain('二类钱包')
    expect(wrapper.get('[data-testid="today-used"]').text()).toBe('¥2,500.00')
    expect(wrapper.get('[data-testid="today-left"]').text()).toBe('¥7,500.00')
    const lines = wrapper.findAll('[data-testid="tx-line"]')
    expect(lines).toHaveLength(10)
    expect(lines[0]!.text()).toContain('充值')
    expect(lines[0]!.get('[data-testid="tx-amount"]').text()).toBe('+¥10.12')
    expect(lines[1]!.text()).toContain('商户11')
    expect(lines[1]!.get('[data-testid="tx-amount"]').text()).toBe('-¥10.11')
    // The tenth newest is T3 (a top-up); T1 and T2 are left out.
    expect(lines[9]!.get('[data-testid="tx-amount"]').text()).toBe('+¥10.03')
    expect(wrapper.find('[data-testid="offline-banner"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="sync-label"]').text()).toBe('在线')
    expect(wrapper.get('[data-testid="sync-when"]').text()).toBe('· 上次同步 09:30')
    const links = wrapper.findAllComponents(RouterLinkStub).map((l) => l.props('to'))
    expect(links).toContainEqual({ path: '/pay', query: { action: 'topup' } })
    expect(links).toContainEqual('/history')
  })

  it('shows 总资产: the balance and 理财 together, hidden with the balance; none when 理财 is not known', async () => {
    const { pinia } = await setup(summary())
    const wrapper = mountHome(pinia)
    await flushPromises()
    await flushPromises()
    expect(wrapper.get('[data-testid="total-assets-amount"]').text()).toBe('¥14,345.67')
    expect(wrapper.get('[data-testid="total-assets-breakdown"]').text()).toBe('钱包余额 ¥12,345.67 + 理财 ¥2,000.00')
    await wrapper.get('[data-testid="balance-eye"]').trigger('click')
    expect(wrapper.get('[data-testid="total-assets-amount"]').text()).not.toContain('14,345')
    expect(wrapper.find('[data-testid="total-assets-breakdown"]').exists()).toBe(false)

    const older = await setup(summary({ wealthFen: null }))
    const again = mountHome(older.pinia)
    await flushPromises()
    await flushPromises()
    expect(again.find('[data-testid="total-assets"]').exists()).toBe(false)
  })

  it('shows the last known summary with 离线 · 截至 HH:mm and the offline banner when the bank is unreachable', async () => {
    const { pinia } = await setup(summary({ stale: true }))
    useSyncStore().status = { state: 'offline', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: 'NETWORK' }
    const wrapper = mountHome(pinia)
    await flushPromises()
    await rowsShown(wrapper)
    expect(wrapper.get('[data-testid="summary-stale"]').text()).toBe('离线 · 截至 09:30')
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toBe(
      '银行暂时无法连接，显示的是本机保存的数据（截至 09:30）。需要联网的操作暂不可用。',
    )
    expect(wrapper.get('[data-testid="balance"]').text()).toBe('¥12,345.67')
    expect(wrapper.get('[data-testid="sync-label"]').text()).toBe('离线')
    expect(wrapper.findAll('[data-testid="tx-line"]')).toHaveLength(10)
  })

  it('speaks English when the language is en-US', async () => {
    const { pinia } = await setup(summary({ stale: true }))
    useSyncStore().status = { state: 'offline', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: 'NETWORK' }
    i18n.global.locale.value = 'en-US'
    const wrapper = mountHome(pinia)
    await flushPromises()
    await flushPromises()
    expect(wrapper.text()).toContain('Wallet balance')
    expect(wrapper.get('[data-testid="summary-stale"]').text()).toBe('Offline · as of 09:30')
    expect(wrapper.get('[data-testid="offline-banner"]').text()).toContain('(as of 09:30)')
    expect(wrapper.get('[data-testid="sync-label"]').text()).toBe('Offline')
  })

  it('falls back to the replica’s last balance when main has no summary at all', async () => {
    const { pinia } = await setup(null)
    const wrapper = mountHome(pinia)
    // The replica's balance is opened with WebCrypto, which answers after more than a flush.
    await vi.waitFor(() => expect(wrapper.get('[data-testid="balance"]').text()).toBe('¥7.77'))
    expect(wrapper.text()).toContain('本机保存的余额（截至 09:30）')
    expect(wrapper.text()).toContain('网络异常')
  })

  it('hides the balance with the eye and remembers it', async () => {
    const { pinia } = await setup(summary())
    const wrapper = mountHome(pinia)
    await flushPromises()
    await wrapper.get('[data-testid="balance-eye"]').trigger('click')
    expect(wrapper.get('[data-testid="balance"]').text()).toBe('¥****')
    expect(localStorage.getItem('wallet.home.balanceHidden')).toBe('1')
    wrapper.unmount()
    const again = mountHome(pinia)
    await flushPromises()
    expect(again.get('[data-testid="balance"]').text()).toBe('¥****')
    await again.get('[data-testid="balance-eye"]').trigger('click')
    expect(again.get('[data-testid="balance"]').text()).toBe('¥12,345.67')
  })

  it('shows 同步中 n/m and a progress bar during a long first sync, and syncs on demand', async () => {
    const { pinia, fake } = await setup(summary())
    const sync = useSyncStore()
    sync.status = { state: 'syncing', lastSyncedAt: null, nextRetryAt: null, pending: 0, lastError: null }
    sync.progress = { done: 40_000, total: 200_000 }
    const wrapper = mountHome(pinia)
    await flushPromises()
    expect(wrapper.get('[data-testid="sync-label"]').text()).toBe('同步中 40000/200000')
    expect(wrapper.get('[data-testid="first-sync"]').text()).toContain('正在同步交易记录（40000/200000），可以继续使用钱包。')
    // The rows loaded so far are shown, and said not to be the newest yet.
    await vi.waitFor(() => expect(wrapper.findAll('.recent-row').length).toBeGreaterThan(0))
    expect(wrapper.get('[data-testid="recent-syncing"]').text()).toContain('同步尚未完成')
    // A status that overtook the pages (online while progress is short of its total) does not hide the bar.
    sync.status = { state: 'online', lastSyncedAt: SYNCED, nextRetryAt: null, pending: 0, lastError: null }
    sync.progress = { done: 60_000, total: 200_000 }
    await flushPromises()
    expect(wrapper.get('[data-testid="sync-label"]').text()).toBe('同步中 60000/200000')
    expect(wrapper.find('[data-testid="first-sync"]').exists()).toBe(true)
    sync.progress = null
    await flushPromises()
    expect(wrapper.find('[data-testid="first-sync"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="recent-syncing"]').exists()).toBe(false)
    await wrapper.get('[data-testid="sync-refresh"]').trigger('click')
    await flushPromises()
    expect(fake.calls.some((c) => c.channel === 'sync.now')).toBe(true)
  })
})

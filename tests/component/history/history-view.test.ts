import 'fake-indexeddb/auto'
import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import type { OutboxView } from '@shared/contract'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { clearReplica } from '@renderer/db/replica'
import { replica, useSyncStore } from '@renderer/stores/sync'
import { primeFirstRows } from '@renderer/db/queries'
import HistoryView from '@renderer/views/history/HistoryView.vue'
import { createFakeBridge } from '../fake-bridge'
import { load, sampleHistory } from './fixtures'

const queued: OutboxView = {
  id: 'O1',
  kind: 'transfer.wallet',
  amountFen: 12_300,
  counterparty: '139****9000',
  createdAt: Date.now(),
  state: 'queued',
  attempts: 0,
  error: null,
}

async function setup(path = '/history') {
  const fake = createFakeBridge({
    'outbox.cancel': (input) => ({ ok: true, value: { ...queued, id: (input as { id: string }).id, state: 'cancelled' } }),
    'outbox.resend': (input) => ({ ok: true, value: { ...queued, id: (input as { id: string }).id, attempts: 1 } }),
  })
  setBridge(fake.bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  const db = replica()
  await clearReplica(db)
  await load(db, sampleHistory())
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/history', component: HistoryView }] })
  await router.push(path)
  await router.isReady()
  return { fake, pinia, router }
}

async function settle(): Promise<void> {
  const turn = async () => {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 5))
  }
  for (let i = 0; i < 30; i++) await turn()
  // The rest of a result is laid out once its first screen is painted (source/painted.ts), and happy-dom's
  // frames come late: wait until the list has read everything.
  for (let i = 0; i < 200 && document.querySelector('[data-testid="history-list"][data-settled="false"]'); i++) await turn()
}

/** The list of payments waiting to be sent is loaded when there are some (HistoryView, defineAsyncComponent). */
async function outboxShown(): Promise<void> {
  await settle()
  for (let i = 0; i < 200 && !document.querySelector('[data-testid="outbox-item"]'); i++) await new Promise((r) => setTimeout(r, 10))
}

function mountHistory(ctx: Awaited<ReturnType<typeof setup>>) {
  return mount(HistoryView, { global: { plugins: [ctx.pinia, ctx.router, i18n, ElementPlus] }, attachTo: document.body })
}

// happy-dom lays nothing out: give the list (which scrolls by itself outside AppLayout) a viewport.
for (const prop of ['clientHeight', 'clientWidth'] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return this.classList.contains('history-list') ? (prop === 'clientHeight' ? 600 : 800) : 0
    },
  })
}

describe('HistoryView', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN'
    localStorage.setItem('wallet.history.chart', '0')
  })

  it('lists the replica month by month, newest first, with each month’s income and spending', async () => {
    const ctx = await setup()
    const wrapper = mountHistory(ctx)
    await settle()
    const headers = wrapper.findAll('[data-testid="month-header"]:not(.pinned)')
    expect(headers.map((h) => h.attributes('data-month'))).toEqual(['2026-03', '2026-02', '2026-01'])
    expect(headers[0]!.text()).toContain('2026年3月')
    expect(headers[0]!.text()).toContain('收入 ¥50.00')
    expect(headers[0]!.text()).toContain('支出 ¥18.00')
    const rows = wrapper.findAll('[data-testid="history-row"]')
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows[0]!.text()).toContain('瑞幸咖啡(国贸店)')
    expect(rows[0]!.text()).toContain('-¥18.00')
    const totals = wrapper.get('[data-testid="history-totals"]').text()
    expect(totals).toContain('共 9 笔')
    expect(totals).toContain('收入 ¥350.00')
    // 10.00 + 25.50 + 2,000.00 + 88.80 (pending) + 12.34 + 18.00; the failed 99.00 does not count.
    expect(totals).toContain('支出 ¥2,154.64')
    wrapper.unmount()
  })

  it('shows the rows read at start-up in its very first render, and says when they are painted', async () => {
    const ctx = await setup()
    primeFirstRows(replica())
    await flushPromises()
    await new Promise((r) => setTimeout(r, 20))
    const marks = performance.getEntriesByName('wallet:history-rows').length
    const wrapper = mountHistory(ctx)
    // No turn of the event loop yet: the rows came with the view itself.
    const rows = wrapper.findAll('[data-testid="history-row"]')
    expect(rows.length).toBeGreaterThanOrEqual(2)
    expect(rows[0]!.text()).toContain('瑞幸咖啡(国贸店)')
    await settle()
    expect(performance.getEntriesByName('wallet:history-rows').length).toBe(marks + 1)
    expect(wrapper.findAll('[data-testid="month-header"]:not(.pinned)').map((h) => h.attributes('data-month'))).toEqual([
      '2026-03',
      '2026-02',
      '2026-01',
    ])
    wrapper.unmount()
  })

  it('applies the filter in the URL through the indexes (type + one month)', async () => {
    const ctx = await setup('/history?type=payment&from=2026-01-01&to=2026-01-31')
    const wrapper = mountHistory(ctx)
    await settle()
    const rows = wrapper.findAll('[data-testid="history-row"]')
    expect(rows.map((r) => r.get('[data-testid="tx-amount"]').text())).toEqual(['-¥99.00', '-¥25.50', '-¥10.00'])
    expect(wrapper.get('[data-testid="history-totals"]').text()).toContain('共 3 笔')
    // Failed is listed, struck through, and not counted in the month's spending.
    expect(wrapper.get('[data-testid="month-header"]').text()).toContain('支出 ¥35.50')
    wrapper.unmount()
  })

  it('keeps the date range a light button until it is first used, then opens the real picker, which writes the URL', async () => {
    const ctx = await setup('/history?from=2026-01-01&to=2026-01-31')
    const wrapper = mountHistory(ctx)
    await settle()
    // Nothing of Element Plus's picker exists yet (its hidden panel would rebuild its calendars at every filter).
    expect(document.querySelector('.el-date-editor')).toBeNull()
    expect(document.querySelector('.el-picker-panel')).toBeNull()
    const trigger = wrapper.get('button[data-testid="filter-dates"]')
    expect(trigger.text()).toContain('2026-01-01')
    expect(trigger.text()).toContain('2026-01-31')
    expect(trigger.attributes('aria-label')).toBe('日期 2026-01-01 – 2026-01-31')
    await trigger.trigger('click')
    await settle()
    expect(wrapper.find('button[data-testid="filter-dates"]').exists()).toBe(false)
    expect(document.querySelector('.el-date-editor')).not.toBeNull()
    const inputs = [...document.querySelectorAll<HTMLInputElement>('.el-date-editor input')]
    expect(inputs.map((i) => i.value)).toEqual(['2026-01-01', '2026-01-31'])
    // Opened for the click that asked for it, with the keyboard's focus in the range's first box.
    const panel = document.querySelector<HTMLElement>('.el-picker-panel')
    expect(panel).not.toBeNull()
    expect(document.activeElement).toBe(inputs[0])
    // A shortcut of the open panel is applied to the list's filter, and so to the URL.
    const shortcut = [...document.querySelectorAll<HTMLElement>('.el-picker-panel__shortcut')].find((b) => b.textContent?.trim() === '今年')
    expect(shortcut).toBeDefined()
    shortcut!.click()
    await settle()
    const query = ctx.router.currentRoute.value.query
    expect(query.from).toMatch(/^\d{4}-01-01$/)
    expect(query.to).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    wrapper.unmount()
  })

  it('searches counterparty and memo, and writes the filter back to the URL', async () => {
    const ctx = await setup()
    const wrapper = mountHistory(ctx)
    await settle()
    await wrapper.get('input[data-testid="filter-search"]').setValue('房租')
    await new Promise((r) => setTimeout(r, 300))
    await settle()
    const rows = wrapper.findAll('[data-testid="history-row"]')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.text()).toContain('转账给李*')
    expect(ctx.router.currentRoute.value.query).toEqual({ q: '房租' })
    // The box's clear button empties it and the filter (no button while the box is empty).
    await wrapper.get('button[data-testid="filter-search-clear"]').trigger('click')
    await new Promise((r) => setTimeout(r, 300))
    await settle()
    expect((wrapper.get('input[data-testid="filter-search"]').element as HTMLInputElement).value).toBe('')
    expect(wrapper.find('[data-testid="filter-search-clear"]').exists()).toBe(false)
    expect(ctx.router.currentRoute.value.query).toEqual({})
    expect(wrapper.findAll('[data-testid="history-row"]').length).toBeGreaterThan(1)
    wrapper.unmount()
  })

  it('filters by an amount range typed in yuan, and shows a wrong amount without applying it', async () => {
    const ctx = await setup()
    const wrapper = mountHistory(ctx)
    await settle()
    const min = wrapper.get('input[data-testid="filter-min"]')
    const max = wrapper.get('input[data-testid="filter-max"]')
    await max.setValue('12.3x')
    await max.trigger('change')
    await settle()
    expect(wrapper.get('[role="alert"]').text()).toBe('请输入正确的金额，如 12.50')
    expect(wrapper.get('.amounts').classes()).toContain('invalid')
    expect(ctx.router.currentRoute.value.query).toEqual({})
    await min.setValue('12')
    await max.setValue('30')
    await max.trigger('change')
    await settle()
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(ctx.router.currentRoute.value.query).toEqual({ min: '12.00', max: '30.00' })
    const amounts = wrapper.findAll('[data-testid="tx-amount"]').map((a) => a.text())
    expect(amounts).toEqual(['-¥18.00', '-¥12.34', '-¥25.50'])
    wrapper.unmount()
  })

  it('opens every field of a transaction in the drawer', async () => {
    const ctx = await setup('/history?q=房租')
    const wrapper = mountHistory(ctx)
    await settle()
    await wrapper.get('[data-testid="history-row"]').trigger('click')
    await settle()
    const drawer = document.body.querySelector('[data-testid="tx-detail"]')!
    const field = (key: string) => drawer.querySelector(`[data-testid="detail-${key}"]`)?.textContent?.trim()
    expect(field('type')).toBe('转出')
    expect(field('amount')).toBe('-¥2,000.00')
    expect(field('status')).toBe('成功')
    expect(field('counterparty')).toBe('李*')
    expect(field('account')).toBe('139****9000')
    expect(field('memo')).toBe('房租')
    expect(field('category')).toBe('转账')
    expect(field('channel')).toBe('钱包App')
    expect(field('reference')).toMatch(/^R\d+/)
    expect(field('time')).toBe('2026-02-01 09:00:00')
    wrapper.unmount()
  })

  it('shows queued payments as 待发送 on top, and 撤销 cancels one that was never sent', async () => {
    const ctx = await setup()
    useSyncStore().outbox = [queued, { ...queued, id: 'O2', attempts: 1 }, { ...queued, id: 'O3', state: 'succeeded' }]
    const wrapper = mountHistory(ctx)
    await outboxShown()
    const items = wrapper.findAll('[data-testid="outbox-item"]')
    expect(items).toHaveLength(2)
    expect(items[0]!.text()).toContain('待发送')
    expect(items[0]!.text()).toContain('-¥123.00')
    // What it is, in words: the kind's name, never its message key.
    expect(items[0]!.text()).toContain('转账 · 139****9000')
    expect(items[0]!.text()).not.toContain('outboxKinds')
    expect(items[0]!.find('[data-testid="outbox-cancel"]').exists()).toBe(true)
    expect(items[1]!.find('[data-testid="outbox-cancel"]').exists()).toBe(false)
    await items[0]!.get('[data-testid="outbox-cancel"]').trigger('click')
    await settle()
    const confirm = [...document.body.querySelectorAll<HTMLButtonElement>('.el-message-box button')].find(
      (b) => b.textContent?.trim() === '撤销',
    )
    expect(document.body.querySelector('.el-message-box')?.textContent).toContain('¥123.00')
    confirm!.click()
    await settle()
    expect(ctx.fake.calls.filter((c) => c.channel === 'outbox.cancel')).toEqual([
      { channel: 'outbox.cancel', input: { id: 'O1' } },
    ])
    wrapper.unmount()
  })

  it('shows 处理中 for a payment that may be at the bank, and 需要确认 with 重新发送 (a warning, then the payment password) and 取消', async () => {
    const ctx = await setup()
    const error = { code: 'NEEDS_CONFIRMATION', message: 'the bank no longer remembers the first attempt' }
    useSyncStore().outbox = [
      { ...queued, id: 'P1', attempts: 1 },
      { ...queued, id: 'P2', state: 'sending', attempts: 2 },
      { ...queued, id: 'N1', state: 'needs-confirmation', attempts: 1, error },
      { ...queued, id: 'N2', state: 'needs-confirmation', attempts: 1, error },
    ]
    const wrapper = mountHistory(ctx)
    await outboxShown()
    const items = wrapper.findAll('[data-testid="outbox-item"]')
    expect(items.map((i) => i.get('[data-testid="outbox-state"]').text())).toEqual(['处理中', '处理中', '需要确认', '需要确认'])
    // Nothing that may be at the bank can be cancelled or sent again from here.
    for (const item of items.slice(0, 2)) expect(item.findAll('button')).toHaveLength(0)
    expect(items[2]!.text()).toContain('银行已不再保留首次提交的记录')

    // The box opened last (earlier ones may still be fading out).
    const box = () => [...document.body.querySelectorAll('.el-message-box')].at(-1)!
    const button = (text: string) => [...box().querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === text)!
    await items[2]!.get('[data-testid="outbox-resend"]').trigger('click')
    await settle()
    const warning = box().textContent ?? ''
    expect(warning).toContain('再付一次款')
    expect(warning).toContain('请先核对银行卡或钱包的交易流水')
    // Backing out sends nothing.
    button('不撤销').click()
    await settle()
    expect(ctx.fake.calls.filter((c) => c.channel === 'outbox.resend')).toEqual([])

    await items[2]!.get('[data-testid="outbox-resend"]').trigger('click')
    await settle()
    button('确认重新发送').click()
    await settle()
    // A parked payment keeps no payment password: the user enters it again.
    expect(document.body.querySelector('[data-testid="pay-sheet"]')).not.toBeNull()
    for (const digit of '135790') {
      document.body.querySelector<HTMLElement>(`[data-testid="keypad-${digit}"]`)!.click()
      await flushPromises()
    }
    await settle()
    await items[3]!.get('[data-testid="outbox-dismiss"]').trigger('click')
    await settle()
    button('取消这笔交易').click()
    await settle()
    expect(ctx.fake.calls.filter((c) => c.channel === 'outbox.resend' || c.channel === 'outbox.cancel')).toEqual([
      { channel: 'outbox.resend', input: { id: 'N1', confirm: true, payPassword: '135790' } },
      { channel: 'outbox.cancel', input: { id: 'N2' } },
    ])
    wrapper.unmount()
  })

  it('shows 待输入支付密码 for a payment that waited across a restart, and sends it with the password typed again, without the warning', async () => {
    const ctx = await setup()
    useSyncStore().outbox = [
      { ...queued, id: 'W1', state: 'awaiting-password', attempts: 0 },
      { ...queued, id: 'W2', state: 'awaiting-password', attempts: 1 },
    ]
    const wrapper = mountHistory(ctx)
    await outboxShown()
    const items = wrapper.findAll('[data-testid="outbox-item"]')
    expect(items.map((i) => i.get('[data-testid="outbox-state"]').text())).toEqual(['待输入支付密码', '待输入支付密码'])
    expect(items[0]!.text()).toContain('支付密码不会保存在本机')
    // Never sent: it can still be taken back. One that may have reached the bank cannot.
    expect(items[0]!.find('[data-testid="outbox-cancel"]').exists()).toBe(true)
    expect(items[1]!.find('[data-testid="outbox-cancel"]').exists()).toBe(false)
    expect(items[0]!.find('[data-testid="outbox-resend"]').exists()).toBe(false)

    // Boxes of earlier tests may still be fading out: count them first.
    const boxes = () => document.body.querySelectorAll('.el-message-box').length
    const before = boxes()
    await items[1]!.get('[data-testid="outbox-enter-password"]').trigger('click')
    await settle()
    // No "it may pay twice" warning: it is the same payment, under its own key; only the password is asked.
    expect(boxes()).toBe(before)
    const sheet = document.body.querySelector('[data-testid="pay-sheet"]')
    expect(sheet).not.toBeNull()
    expect(sheet!.textContent).toContain('输入支付密码以发送')
    for (const digit of '135790') {
      document.body.querySelector<HTMLElement>(`[data-testid="keypad-${digit}"]`)!.click()
      await flushPromises()
    }
    await settle()
    expect(ctx.fake.calls.filter((c) => c.channel === 'outbox.resend')).toEqual([
      { channel: 'outbox.resend', input: { id: 'W2', confirm: true, payPassword: '135790' } },
    ])
    wrapper.unmount()
  })
})

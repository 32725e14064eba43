import 'fake-indexeddb/auto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import Dexie from 'dexie'
import type { InboxMessage } from '@shared/contract'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { openReplica, type WalletDb } from '@renderer/db/replica'
import { inboxNewestFirst, replaceInbox } from '@renderer/db/messages'
import LinkGuardDialog from '@renderer/features/links/LinkGuardDialog.vue'
import LinkText from '@renderer/features/links/LinkText.vue'
import { interceptLinks, useLinkGuard } from '@renderer/features/links/guard'
import { createFakeBridge } from '../fake-bridge'

function setup() {
  const fake = createFakeBridge({ 'link.open': (input) => ({ ok: true, value: { url: (input as { url: string }).url } }) })
  setBridge(fake.bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  const dialog = mount(LinkGuardDialog, { global: { plugins: [pinia, ElementPlus, i18n] }, attachTo: document.body })
  return { fake, pinia, dialog }
}

const q = (id: string) => document.body.querySelector<HTMLElement>(`[data-testid="${id}"]`)

describe('the link guard dialog', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN'
    document.body.innerHTML = ''
  })

  it('a flagged link names its real domain and what is wrong, and opens only after the second confirmation', async () => {
    const { fake, pinia } = setup()
    const text = mount(LinkText, {
      props: { text: '点击 https://icbc.com.cn.points-gift.xyz/redeem 立即兑换' },
      global: { plugins: [pinia, ElementPlus, i18n] },
    })
    await text.get('[data-testid="guarded-link"]').trigger('click')
    await flushPromises()
    expect(q('link-domain')?.textContent).toBe('points-gift.xyz')
    expect(q('link-url')?.querySelector('mark')?.textContent).toBe('points-gift.xyz')
    expect(q('link-flag-lookalike-suffix')?.textContent).toContain('points-gift.xyz')
    expect(q('link-open')).toBeNull()
    q('link-continue')!.click()
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'link.open')).toEqual([])
    expect(q('link-second')).not.toBeNull()
    q('link-confirm-open')!.click()
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'link.open')).toEqual([
      { channel: 'link.open', input: { url: 'https://icbc.com.cn.points-gift.xyz/redeem', confirmedFlags: ['lookalike-suffix'] } },
    ])
  })

  it('cancelling a flagged link opens nothing', async () => {
    const { fake } = setup()
    useLinkGuard().request('http://icbc-wallet-verify.top/login')
    await flushPromises()
    q('link-continue')!.click()
    await flushPromises()
    q('link-cancel')!.click()
    await flushPromises()
    expect(fake.calls.some((c) => c.channel === 'link.open')).toBe(false)
    expect(useLinkGuard().pending).toBeNull()
  })

  it("the bank's own link still shows where it goes, and opens with one confirmation", async () => {
    const { fake } = setup()
    useLinkGuard().request('https://www.icbc.com.cn/')
    await flushPromises()
    expect(q('link-domain')?.textContent).toBe('icbc.com.cn')
    expect(q('link-flags')).toBeNull()
    q('link-open')!.click()
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'link.open').map((c) => c.input)).toEqual([
      { url: 'https://www.icbc.com.cn/', confirmedFlags: [] },
    ])
  })

  it('a plain <a href> anywhere in the document goes to the guard instead of the browser', async () => {
    const seen: string[] = []
    const stop = interceptLinks(document, (href) => seen.push(href))
    document.body.innerHTML = '<a id="x" href="https://icbc.com.cn.points-gift.xyz/">x</a><a id="skip" href="#main">skip</a>'
    const click = (id: string) => {
      const event = new MouseEvent('click', { bubbles: true, cancelable: true })
      document.getElementById(id)!.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(click('x')).toBe(true)
    expect(click('skip')).toBe(false)
    stop()
    expect(seen).toEqual(['https://icbc.com.cn.points-gift.xyz/'])
  })
})

describe("消息中心's replica", () => {
  let db: WalletDb
  afterEach(async () => {
    db.close()
    await Dexie.delete(db.name)
  })
  const msg = (id: string, at: number, read = false): InboxMessage => ({
    messageId: id,
    sender: '95588',
    title: id,
    body: '',
    category: 'notice',
    createdAt: at,
    read,
  })

  it("is replaced by each bank list: what the bank deleted goes, read state follows the bank's", async () => {
    db = openReplica('inbox-test')
    await replaceInbox(db, [msg('a', 1), msg('b', 2), msg('c', 3)])
    expect((await inboxNewestFirst(db)).map((m) => m.messageId)).toEqual(['c', 'b', 'a'])
    await replaceInbox(db, [msg('a', 1, true), msg('c', 3)])
    const after = await inboxNewestFirst(db)
    expect(after.map((m) => m.messageId)).toEqual(['c', 'a'])
    expect(after.find((m) => m.messageId === 'a')?.read).toBe(true)
  })
})

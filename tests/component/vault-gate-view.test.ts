import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { VaultStatus } from '@shared/contract'
import type { Result } from '@shared/errors'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { useVaultStore } from '@renderer/stores/vault'
import VaultGateView from '@renderer/views/vault/VaultGateView.vue'
import { createFakeBridge } from './fake-bridge'

const READY: VaultStatus = { state: 'ready', isNew: false, storeLabel: '系统钥匙串 (libsecret)', storeKind: 'keychain' }
const UNAVAILABLE: VaultStatus = {
  state: 'store-unavailable',
  isNew: false,
  storeLabel: '系统钥匙串 (libsecret)',
  storeKind: 'keychain',
  unavailable: { store: 'keytar', reason: 'timeout' },
}
const KEY_MISSING: VaultStatus = { state: 'key-missing', isNew: false, storeLabel: '系统钥匙串 (libsecret)', storeKind: 'keychain' }

const ENTER: VaultStatus = { state: 'passphrase-required', isNew: false, storeLabel: '主密码保护（未检测到系统密钥环）', storeKind: 'passphrase' }

async function setup(
  status: VaultStatus,
  answers: { retry?: () => Result<VaultStatus>; reset?: () => Result<VaultStatus>; open?: () => Result<VaultStatus> } = {},
) {
  const fake = createFakeBridge({
    'vault.status': () => ({ ok: true, value: status }),
    'vault.openWithPassphrase': () => answers.open?.() ?? { ok: true, value: READY },
    'vault.retry': () => answers.retry?.() ?? { ok: true, value: READY },
    'vault.resetAfterKeyLoss': () => answers.reset?.() ?? { ok: true, value: READY },
  })
  setBridge(fake.bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  await useVaultStore().refresh()
  const wrapper = mount(VaultGateView, { global: { plugins: [pinia, i18n, ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return { fake, wrapper }
}

const messageBox = () => [...document.body.querySelectorAll('.el-message-box')].at(-1)
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
/** The newest box's button: a cancelled box may still be fading out. */
function messageBoxButton(label: string): HTMLButtonElement | undefined {
  return [...document.body.querySelectorAll<HTMLButtonElement>('.el-message-box button')].findLast((b) => b.textContent?.trim() === label)
}

describe('VaultGateView', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN'
    document.body.innerHTML = ''
  })

  it('a keychain that does not answer is explained in Chinese, and 重试 opens the vault without a restart', async () => {
    const { fake, wrapper } = await setup(UNAVAILABLE)
    expect(wrapper.text()).toContain('系统钥匙串暂时没有响应')
    expect(wrapper.text()).not.toContain('密钥已丢失')
    await wrapper.get('[data-testid="vault-retry"]').trigger('click')
    await settle()
    expect(fake.calls.map((c) => c.channel)).toContain('vault.retry')
    expect(fake.calls.map((c) => c.channel)).not.toContain('vault.resetAfterKeyLoss')
    expect(wrapper.emitted('opened')).toHaveLength(1)
    wrapper.unmount()
  })

  it('says so when the keychain still does not answer after 重试', async () => {
    const { wrapper } = await setup(UNAVAILABLE, { retry: () => ({ ok: true, value: UNAVAILABLE }) })
    await wrapper.get('[data-testid="vault-retry"]').trigger('click')
    await settle()
    expect(wrapper.get('[data-testid="vault-error"]').text()).toContain('仍然没有响应')
    expect(wrapper.emitted('opened')).toBeUndefined()
    wrapper.unmount()
  })

  it('never offers 清除 without 重试 beside it', async () => {
    for (const status of [UNAVAILABLE, KEY_MISSING]) {
      const { wrapper } = await setup(status)
      expect(wrapper.find('[data-testid="vault-reset"]').exists(), status.state).toBe(true)
      expect(wrapper.find('[data-testid="vault-retry"]').exists(), status.state).toBe(true)
      wrapper.unmount()
    }
  })

  it('清除并重新登录 asks first, naming what will be lost and that the bank account is not affected', async () => {
    const { fake, wrapper } = await setup(UNAVAILABLE)
    await wrapper.get('[data-testid="vault-reset"]').trigger('click')
    await settle()
    const text = messageBox()?.textContent ?? ''
    for (const lost of ['收款人', '缴费户号', '设置', '待发送的付款']) expect(text).toContain(lost)
    expect(text).toContain('银行账户')
    messageBoxButton('取消')!.click()
    await settle()
    expect(fake.calls.map((c) => c.channel)).not.toContain('vault.resetAfterKeyLoss')

    await wrapper.get('[data-testid="vault-reset"]').trigger('click')
    await settle()
    messageBoxButton('清除并重新登录')!.click()
    await settle()
    expect(fake.calls.filter((c) => c.channel === 'vault.resetAfterKeyLoss')).toEqual([
      { channel: 'vault.resetAfterKeyLoss', input: { confirm: true } },
    ])
    expect(wrapper.emitted('opened')).toHaveLength(1)
    wrapper.unmount()
  })

  it('explains a refused reset: a payment already sent once is still waiting', async () => {
    const { wrapper } = await setup(KEY_MISSING, {
      reset: () => ({ ok: false, error: { code: 'RESET_BLOCKED_UNSETTLED', message: 'blocked', details: { sentOnce: 1 } } }),
    })
    await wrapper.get('[data-testid="vault-reset"]').trigger('click')
    await settle()
    messageBoxButton('清除并重新登录')!.click()
    await settle()
    const error = wrapper.get('[data-testid="vault-error"]').text()
    expect(error).toContain('已发送过')
    expect(error).toContain('重试')
    expect(wrapper.emitted('opened')).toBeUndefined()
    expect(wrapper.find('[data-testid="vault-retry"]').exists()).toBe(true)
    wrapper.unmount()
  })

  describe('master passphrase attempts', () => {
    const clockText = (ms: number) => {
      const d = new Date(ms)
      return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')
    }
    async function submit(wrapper: Awaited<ReturnType<typeof setup>>['wrapper'], passphrase: string): Promise<void> {
      const field = wrapper.get('[data-testid="vault-passphrase"]')
      await (field.element.tagName === 'INPUT' ? field : field.get('input')).setValue(passphrase)
      await wrapper.get('form').trigger('submit')
      await settle()
    }

    it('a wrong passphrase says how many tries are left before waiting', async () => {
      const { wrapper } = await setup(ENTER, {
        open: () => ({
          ok: false,
          error: { code: 'WRONG_PASSWORD', message: 'wrong', details: { target: 'master-passphrase', attemptsBeforeBackoff: 2 } },
        }),
      })
      await submit(wrapper, 'not the passphrase')
      const error = wrapper.get('[data-testid="vault-error"]').text()
      expect(error).toContain('主密码错误')
      expect(error).toContain('再输错 2 次')
      wrapper.unmount()
    })

    it('a refused attempt shows the wait in Chinese, counts it down, and 打开钱包 waits with it', async () => {
      const retryAt = Date.now() + 90_000
      const { wrapper, fake } = await setup(ENTER, {
        open: () => ({
          ok: false,
          error: { code: 'UNLOCK_BACKOFF', message: 'wait', details: { target: 'master-passphrase', retryAt, failures: 6 } },
        }),
      })
      await submit(wrapper, '正确的主密码 correct horse')
      const error = wrapper.get('[data-testid="vault-error"]').text()
      expect(error).toContain('主密码错误次数过多')
      expect(error).toContain(clockText(retryAt))
      expect(wrapper.get('[data-testid="vault-wait"]').text()).toMatch(/还需等待 1:(29|30)/)
      expect(wrapper.get('[data-testid="vault-submit"]').attributes('disabled')).toBeDefined()
      await submit(wrapper, '正确的主密码 correct horse')
      expect(fake.calls.filter((c) => c.channel === 'vault.openWithPassphrase')).toHaveLength(1)
      wrapper.unmount()
    })

    it('the wrong passphrase that starts a wait says until when', async () => {
      const retryAt = Date.now() + 30_000
      const { wrapper } = await setup(ENTER, {
        open: () => ({
          ok: false,
          error: { code: 'WRONG_PASSWORD', message: 'wrong', details: { target: 'master-passphrase', attemptsBeforeBackoff: 0, retryAt } },
        }),
      })
      await submit(wrapper, 'not the passphrase')
      expect(wrapper.get('[data-testid="vault-error"]').text()).toContain(clockText(retryAt))
      expect(wrapper.find('[data-testid="vault-wait"]').exists()).toBe(true)
      wrapper.unmount()
    })
  })
})

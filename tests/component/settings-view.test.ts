import { beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ElementPlus from 'element-plus'
import type { Settings, VaultStatus } from '@shared/contract'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import { useSettingsStore } from '@renderer/stores/settings'
import { useVaultStore } from '@renderer/stores/vault'
import SettingsView from '@renderer/views/settings/SettingsView.vue'
import { createFakeBridge } from './fake-bridge'

function setup(
  initial: Settings = { language: 'zh-CN', theme: 'light', autoLockMinutes: 5, autoBackup: false, closeToTray: false },
  vault: VaultStatus = { state: 'ready', isNew: false, storeLabel: '系统钥匙串 (libsecret)', storeKind: 'keychain' },
  platform: 'linux' | 'darwin' | 'win32' = 'linux',
) {
  let stored = { ...initial }
  const fake = createFakeBridge({
    'settings.appearance': () => ({ ok: true, value: { language: stored.language, theme: stored.theme } }),
    'vault.status': () => ({ ok: true, value: vault }),
    'settings.get': () => ({ ok: true, value: stored }),
    'settings.set': (patch) => {
      stored = { ...stored, ...(patch as Partial<Settings>) }
      return { ok: true, value: stored }
    },
    'app.info': () => ({
      ok: true,
      value: { name: '工行数字钱包', version: '9.9.9', platform, shell: 'harness', bootId: 'b1' },
    }),
  })
  setBridge(fake.bridge)
  const pinia = createPinia()
  setActivePinia(pinia)
  return { fake, pinia, stored: () => stored }
}

describe('SettingsView', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN'
    document.documentElement.className = ''
  })

  it('shows the current settings and app info from main', async () => {
    const { pinia } = setup()
    await useSettingsStore().load()
    const wrapper = mount(SettingsView, { global: { plugins: [pinia, i18n, ElementPlus] } })
    await flushPromises()
    expect(wrapper.text()).toContain('设置')
    expect(wrapper.text()).toContain('9.9.9')
    expect(wrapper.text()).toContain('浏览器测试环境')
  })

  it('switches the language through settings.set and re-renders in English', async () => {
    const { pinia, fake, stored } = setup()
    await useSettingsStore().load()
    const wrapper = mount(SettingsView, { global: { plugins: [pinia, i18n, ElementPlus] } })
    await flushPromises()
    const english = wrapper.findAll('label').find((l) => l.text() === 'English')
    expect(english).toBeDefined()
    await english!.find('input').setValue(true)
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'settings.set')).toEqual([
      { channel: 'settings.set', input: { language: 'en-US' } },
    ])
    expect(stored().language).toBe('en-US')
    expect(wrapper.text()).toContain('Settings')
    expect(document.documentElement.lang).toBe('en-US')
  })

  it('关闭窗口时最小化到托盘 is a switch that main stores (off by default)', async () => {
    const { pinia, fake, stored } = setup()
    await useSettingsStore().load()
    const wrapper = mount(SettingsView, { global: { plugins: [pinia, i18n, ElementPlus] } })
    await flushPromises()
    expect(wrapper.text()).toContain('关闭窗口时最小化到托盘')
    const toggle = wrapper.find('[data-testid="settings-close-to-tray"]')
    expect(toggle.classes()).not.toContain('is-checked')
    await toggle.trigger('click')
    await flushPromises()
    expect(fake.calls.filter((c) => c.channel === 'settings.set')).toEqual([
      { channel: 'settings.set', input: { closeToTray: true } },
    ])
    expect(stored().closeToTray).toBe(true)
    expect(wrapper.find('[data-testid="settings-close-to-tray"]').classes()).toContain('is-checked')
  })

  it('has no tray switch on macOS, where closing the window keeps the app in the dock', async () => {
    const { pinia } = setup(undefined, undefined, 'darwin')
    await useSettingsStore().load()
    const wrapper = mount(SettingsView, { global: { plugins: [pinia, i18n, ElementPlus] } })
    await flushPromises()
    expect(wrapper.find('[data-testid="settings-close-to-tray"]').exists()).toBe(false)
  })

  it('applies a settings.changed event pushed by main', async () => {
    const { fake } = setup()
    const store = useSettingsStore()
    await store.load()
    fake.emit('settings.changed', { language: 'zh-CN', theme: 'dark' })
    expect(store.settings.theme).toBe('dark')
    expect(document.documentElement.classList.contains('dark')).toBe(true)
  })

  it('设置 → 安全 says in plain words which store keeps the keys', async () => {
    const cases: Array<{ status: VaultStatus; says: string[] }> = [
      {
        status: { state: 'ready', isNew: false, storeLabel: '系统钥匙串 (libsecret)', storeKind: 'keychain' },
        says: ['操作系统的钥匙串'],
      },
      {
        status: { state: 'ready', isNew: false, storeLabel: 'Electron safeStorage (libsecret)', storeKind: 'safeStorage' },
        says: ['Electron safeStorage', '系统钥匙串组件'],
      },
      {
        status: { state: 'ready', isNew: false, storeLabel: '主密码保护（未检测到系统密钥环）', storeKind: 'passphrase' },
        says: ['主密码', 'libsecret', '每次启动'],
      },
    ]
    for (const { status, says } of cases) {
      const { pinia } = setup(undefined, status)
      await Promise.all([useSettingsStore().load(), useVaultStore().refresh()])
      const wrapper = mount(SettingsView, { global: { plugins: [pinia, i18n, ElementPlus] } })
      await flushPromises()
      const security = wrapper.get('[data-testid="settings-security"]')
      expect(security.get('[data-testid="key-store-label"]').text()).toBe(status.storeLabel)
      const explained = security.get('[data-testid="key-store-explain"]').text()
      for (const words of says) expect(explained, words).toContain(words)
      // The store is chosen once and kept, so the data stays readable.
      expect(security.text()).toContain('不会自动更换')
      wrapper.unmount()
    }
  })
})

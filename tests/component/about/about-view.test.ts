import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AboutInfo, Licences, OpenFolderResult } from '@shared/contract'
import { setBridge } from '@renderer/api/client'
import { i18n } from '@renderer/i18n'
import AboutView from '@renderer/views/about/AboutView.vue'
import { createFakeBridge } from '../fake-bridge'

enableAutoUnmount(afterEach)

const INFO: AboutInfo = {
  name: '工行数字钱包',
  version: '1.4.2',
  shell: 'electron',
  dataDir: '/home/wang/.config/工行数字钱包',
  versions: { electron: '45.5.0', chrome: '142.0.7444.0', node: '22.20.0' },
}
const LICENCES: Licences = {
  available: true,
  entries: [
    { name: 'dexie', version: '4.4.7', licence: 'Apache-2.0', text: 'Apache License\nVersion 2.0, January 2004', parts: ['renderer'] },
    { name: 'fastify', version: '5.12.8', licence: 'MIT', text: null, parts: ['node_modules'] },
    { name: 'vue', version: '3.5.45', licence: 'MIT', text: 'The MIT License (MIT)\n\nCopyright (c) 2018-present, Yuxi (Evan) You', parts: ['renderer'] },
  ],
}

function mountAbout(options: { licences?: Licences; open?: OpenFolderResult; about?: () => unknown } = {}) {
  const fake = createFakeBridge({
    'app.about': () => (options.about ? (options.about() as never) : { ok: true, value: INFO }),
    'app.licences': () => ({ ok: true, value: options.licences ?? LICENCES }),
    'app.openDataFolder': () => ({ ok: true, value: options.open ?? { kind: 'opened' } }),
  })
  setBridge(fake.bridge)
  const wrapper = mount(AboutView, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
  return { wrapper, fake }
}

describe('设置 → 关于', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('shows the version, the runtimes, the data folder and 95588', async () => {
    const { wrapper } = mountAbout()
    await flushPromises()
    expect(wrapper.get('[data-testid="about-version"]').text()).toBe('1.4.2')
    expect(wrapper.get('[data-testid="about-runtimes"]').text()).toBe('Electron 45.5.0 · Chromium 142.0.7444.0 · Node.js 22.20.0')
    expect(wrapper.get('[data-testid="about-data-dir"]').text()).toBe('/home/wang/.config/工行数字钱包')
    expect(wrapper.get('[data-testid="about-hotline"]').text()).toBe('95588')
    expect(wrapper.text()).toContain('桌面应用')
  })

  it('names only the runtimes main has (the harness: Node alone)', async () => {
    const { wrapper } = mountAbout({ about: () => ({ ok: true, value: { ...INFO, shell: 'harness', versions: { electron: null, chrome: null, node: '20.19.0' } } }) })
    await flushPromises()
    expect(wrapper.get('[data-testid="about-runtimes"]').text()).toBe('Node.js 20.19.0')
    expect(wrapper.text()).toContain('浏览器测试环境')
  })

  it('lists every licence; expanding one shows its text and where it is used; the filter narrows by name', async () => {
    const { wrapper } = mountAbout()
    await flushPromises()
    expect(wrapper.text()).toContain('共 3 个')
    const vue = wrapper.get('[data-testid="about-licence-vue"]')
    expect(vue.text()).toContain('3.5.45')
    expect(vue.text()).toContain('MIT')
    expect(vue.text()).not.toContain('Evan')
    await vue.get('.el-collapse-item__header').trigger('click')
    await flushPromises()
    expect(vue.text()).toContain('Copyright (c) 2018-present, Yuxi (Evan) You')
    expect(vue.text()).toContain('界面')

    const fastify = wrapper.get('[data-testid="about-licence-fastify"]')
    await fastify.get('.el-collapse-item__header').trigger('click')
    await flushPromises()
    expect(fastify.text()).toContain('该软件包未附带许可证文件，许可证为 MIT。')
    expect(fastify.text()).toContain('随附依赖')

    // Element Plus puts the attributes on the input itself.
    const filter = wrapper.get('input[data-testid="about-licence-filter"]')
    await filter.setValue('DEX')
    await flushPromises()
    expect(wrapper.findAll('[data-testid^="about-licence-"].el-collapse-item').map((w) => w.attributes('data-testid'))).toEqual([
      'about-licence-dexie',
    ])
    await filter.setValue('nothing-like-it')
    await flushPromises()
    expect(wrapper.text()).toContain('没有名称包含“nothing-like-it”的软件。')
  })

  it('says when the build listed no licences', async () => {
    const { wrapper } = mountAbout({ licences: { available: false, entries: [] } })
    await flushPromises()
    expect(wrapper.get('[data-testid="about-licences-missing"]').text()).toContain('没有附带开源许可清单')
  })

  it('opens the data folder through main, and says so when the shell cannot or the system refuses', async () => {
    const opened = mountAbout()
    await flushPromises()
    await opened.wrapper.get('[data-testid="about-open-folder"]').trigger('click')
    await flushPromises()
    expect(opened.fake.calls.filter((c) => c.channel === 'app.openDataFolder')).toHaveLength(1)
    expect(opened.wrapper.find('[data-testid="about-open-note"]').exists()).toBe(false)
    opened.wrapper.unmount()

    const harness = mountAbout({ open: { kind: 'unavailable' } })
    await flushPromises()
    await harness.wrapper.get('[data-testid="about-open-folder"]').trigger('click')
    await flushPromises()
    expect(harness.wrapper.get('[data-testid="about-open-note"]').text()).toBe('当前环境无法打开文件管理器，请按上面的路径前往。')
    harness.wrapper.unmount()

    const refused = mountAbout({ open: { kind: 'failed', reason: 'No application is associated' } })
    await flushPromises()
    await refused.wrapper.get('[data-testid="about-open-folder"]').trigger('click')
    await flushPromises()
    expect(refused.wrapper.get('[data-testid="about-open-note"]').text()).toBe('无法打开文件夹：No application is associated')
  })

  it('says what went wrong when main does not answer, in English too', async () => {
    i18n.global.locale.value = 'en-US'
    const { wrapper } = mountAbout({ about: () => ({ ok: false, error: { code: 'LOCKED', message: 'locked' } }) })
    await flushPromises()
    expect(wrapper.text()).toContain('Could not read the app information:')
    expect(wrapper.text()).toContain('Open-source licences')
    expect(wrapper.get('[data-testid="about-open-folder"]').attributes()).toHaveProperty('disabled')
  })
})

describe('设置 → 关于 follows a change of language', () => {
  it('says the harness answer again in English after the switch', async () => {
    i18n.global.locale.value = 'zh-CN'
    const { wrapper } = mountAbout({ open: { kind: 'unavailable' } })
    await flushPromises()
    await wrapper.get('[data-testid="about-open-folder"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="about-open-note"]').text()).toContain('当前环境')
    expect(wrapper.text()).toContain('工行数字钱包')
    i18n.global.locale.value = 'en-US'
    await flushPromises()
    expect(wrapper.get('[data-testid="about-open-note"]').text()).toBe('The file manager cannot be opened from here. Go to the path above yourself.')
    expect(wrapper.text()).toContain('ICBC Digital Wallet')
    i18n.global.locale.value = 'zh-CN'
  })
})

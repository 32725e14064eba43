import { describe, expect, it } from 'vitest'
import { appMenuTemplate, type MenuItemSpec } from '../../../src/main/shell/menu'
import { windowOptions } from '../../../src/main/shell/window-options'

describe('windowOptions', () => {
  const options = windowOptions('/app/out/preload/index.cjs')

  it('follows the Electron security checklist', () => {
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools: false,
    })
  })

  it('has the title and sizes of the design, and waits for ready-to-show', () => {
    expect(options).toMatchObject({ title: '工行数字钱包', width: 1280, height: 800, minWidth: 960, minHeight: 640, show: false })
  })

  it('enables dev tools only when asked (unpackaged builds)', () => {
    expect(windowOptions('/p', { devTools: true }).webPreferences.devTools).toBe(true)
    expect(windowOptions('/p', {}).webPreferences.devTools).toBe(false)
  })
})

function roles(items: MenuItemSpec[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])])
}

describe('appMenuTemplate', () => {
  it('has no reload or dev tools in production, on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const all = roles(appMenuTemplate({ platform, appName: '工行数字钱包', devTools: false }))
      expect(all).not.toContain('toggleDevTools')
      expect(all).not.toContain('reload')
      expect(all).not.toContain('forceReload')
      expect(all).toEqual(expect.arrayContaining(['copy', 'paste', 'quit']))
    }
  })

  it('offers dev tools in development', () => {
    expect(roles(appMenuTemplate({ platform: 'linux', appName: 'x', devTools: true }))).toContain('toggleDevTools')
  })

  it('is in Chinese by default', () => {
    const mac = appMenuTemplate({ platform: 'darwin', devTools: false })
    expect(mac.map((m) => m.label)).toEqual(['工行数字钱包', '编辑', '视图', '窗口'])
    const labels = JSON.stringify(mac)
    expect(labels).toContain('退出工行数字钱包')
    expect(labels).toContain('复制')
    expect(appMenuTemplate({ platform: 'darwin', devTools: false, language: 'zh-CN' })).toEqual(mac)
  })

  it('is in English when that is the language, with the same roles', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const devTools of [false, true]) {
        const zh = appMenuTemplate({ platform, devTools, language: 'zh-CN' })
        const en = appMenuTemplate({ platform, devTools, language: 'en-US' })
        expect(roles(en)).toEqual(roles(zh))
        expect(JSON.stringify(en)).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/)
      }
    }
    const mac = appMenuTemplate({ platform: 'darwin', devTools: false, language: 'en-US' })
    expect(mac.map((m) => m.label)).toEqual(['ICBC Digital Wallet', 'Edit', 'View', 'Window'])
    expect(JSON.stringify(mac)).toContain('Quit ICBC Digital Wallet')
  })
})

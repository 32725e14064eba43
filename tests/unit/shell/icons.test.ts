import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { APP_ICON_FILES, appIconPaths, appIconsDir } from '../../../src/main/shell/icons'
import { iconOutputs } from '../../../scripts/icons'

describe('appIconPaths: which icon the window and the tray load', () => {
  const dir = join('/opt', 'wallet', 'resources', 'icons')

  it('macOS: the bundle icon for the window, the menu bar template image for the tray', () => {
    expect(appIconPaths('darwin', dir)).toEqual({ window: undefined, tray: join(dir, 'trayTemplate.png') })
  })

  it('Windows: the .ico for both, so the system picks 16 px for the tray and larger sizes elsewhere', () => {
    expect(appIconPaths('win32', dir)).toEqual({ window: join(dir, 'icon.ico'), tray: join(dir, 'icon.ico') })
  })

  it('Linux and the rest: the 256 px PNG for the window, the 32 px PNG for the tray', () => {
    for (const platform of ['linux', 'freebsd'] as const)
      expect(appIconPaths(platform, dir)).toEqual({ window: join(dir, 'icon.png'), tray: join(dir, 'tray-32.png') })
  })

  it('names only files npm run icons writes into its app folder', () => {
    const written = iconOutputs().filter((f) => f.startsWith('app/')).map((f) => f.slice('app/'.length))
    expect(written.sort()).toEqual(Object.values(APP_ICON_FILES).sort())
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const { window, tray } = appIconPaths(platform, 'ICONS')
      for (const file of [window, tray].filter((f): f is string => f !== undefined)) expect(written).toContain(file.slice('ICONS/'.length))
    }
  })

  it('finds the folder in an installed app and in a checkout', () => {
    expect(appIconsDir({ isPackaged: true, resourcesPath: '/opt/wallet/resources', appPath: '/opt/wallet/resources/app.asar' })).toBe(
      join('/opt/wallet/resources', 'icons'),
    )
    expect(appIconsDir({ isPackaged: false, resourcesPath: '/usr/lib/electron/resources', appPath: '/home/dev/wallet' })).toBe(
      join('/home/dev/wallet', 'build', 'generated', 'app'),
    )
  })
})

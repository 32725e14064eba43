import { describe, expect, it } from 'vitest'
import { PERMISSION_ALLOWLIST, shouldAllowPermission, type PermissionQuery } from '../../../src/main/shell/permissions'
import { PRODUCTION, resolveShellMode } from '../../../src/main/base/url-guard'

const base: PermissionQuery = {
  permission: 'clipboard-sanitized-write',
  requestingUrl: 'app://wallet/index.html',
  isMainFrame: true,
  fromMainWindow: true,
}

describe('shouldAllowPermission', () => {
  it('keeps the allowlist explicit and short', () => {
    expect(Object.keys(PERMISSION_ALLOWLIST).sort()).toEqual(['clipboard-sanitized-write', 'media'])
  })

  it('allows clipboard writes from the app main frame (requests and origin-only checks)', () => {
    expect(shouldAllowPermission(base, PRODUCTION)).toBe(true)
    expect(shouldAllowPermission({ ...base, requestingUrl: 'app://wallet' }, PRODUCTION)).toBe(true)
  })

  it('allows the camera only, for the app main frame', () => {
    const media = { ...base, permission: 'media' }
    expect(shouldAllowPermission({ ...media, mediaTypes: ['video'] }, PRODUCTION)).toBe(true)
    expect(shouldAllowPermission({ ...media, mediaTypes: ['audio'] }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...media, mediaTypes: ['video', 'audio'] }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...media, mediaTypes: ['unknown'] }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...media, mediaTypes: [] }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...media, mediaTypes: undefined }, PRODUCTION)).toBe(false)
  })

  it.each([
    'geolocation',
    'notifications',
    'clipboard-read',
    'display-capture',
    'openExternal',
    'fullscreen',
    'midiSysex',
    'hid',
    'usb',
    'serial',
    'fileSystem',
    'pointerLock',
    'unknown',
    'toString',
    '__proto__',
  ])('denies %s', (permission) => {
    expect(shouldAllowPermission({ ...base, permission, mediaTypes: ['video'] }, PRODUCTION)).toBe(false)
  })

  it('denies from a subframe, another window, another origin or no origin', () => {
    expect(shouldAllowPermission({ ...base, isMainFrame: false }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...base, fromMainWindow: false }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...base, requestingUrl: 'https://evil.com/' }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...base, requestingUrl: 'app://user@evil/' }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...base, requestingUrl: undefined }, PRODUCTION)).toBe(false)
    expect(shouldAllowPermission({ ...base, requestingUrl: 'http://localhost:5173/' }, PRODUCTION)).toBe(false)
  })

  it('follows the mode: the dev server origin in development', () => {
    const dev = resolveShellMode({ isPackaged: false, rendererUrl: 'http://localhost:5173' })
    expect(shouldAllowPermission({ ...base, requestingUrl: 'http://localhost:5173/' }, dev)).toBe(true)
    expect(shouldAllowPermission(base, dev)).toBe(false)
  })
})

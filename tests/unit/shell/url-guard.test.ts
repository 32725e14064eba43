import { describe, expect, it } from 'vitest'
import {
  APP_ENTRY_URL,
  appOrigin,
  classifyExternalUrl,
  decideNavigation,
  decideWindowOpen,
  entryUrl,
  isAllowedNavigation,
  isAppUrl,
  PRODUCTION,
  resolveShellMode,
  type ShellMode,
} from '../../../src/main/base/url-guard'

const DEV: ShellMode = resolveShellMode({ isPackaged: false, rendererUrl: 'http://localhost:5173/' })

describe('resolveShellMode', () => {
  it('uses the dev server only when unpackaged and on loopback http', () => {
    expect(DEV).toEqual({ kind: 'development', origin: 'http://localhost:5173', url: 'http://localhost:5173/' })
    expect(resolveShellMode({ isPackaged: false, rendererUrl: 'http://127.0.0.1:5174' }).kind).toBe('development')
    expect(resolveShellMode({ isPackaged: false, rendererUrl: undefined })).toBe(PRODUCTION)
  })

  it('never trusts the env variable in a packaged app or for a remote or odd URL', () => {
    expect(resolveShellMode({ isPackaged: true, rendererUrl: 'http://localhost:5173/' })).toBe(PRODUCTION)
    for (const rendererUrl of [
      'https://evil.com/',
      'http://evil.com:5173/',
      'http://127.0.0.1:5173@evil.com/',
      'http://user@localhost:5173/',
      'file:///tmp/index.html',
      'http://localhost.evil.com:5173/',
      ' http://localhost:5173/',
    ]) {
      expect(resolveShellMode({ isPackaged: false, rendererUrl }), rendererUrl).toBe(PRODUCTION)
    }
  })

  it('gives the entry URL and origin of each mode', () => {
    expect(entryUrl(PRODUCTION)).toBe(APP_ENTRY_URL)
    expect(APP_ENTRY_URL).toBe('app://wallet/index.html')
    expect(appOrigin(PRODUCTION)).toBe('app://wallet')
    expect(entryUrl(DEV)).toBe('http://localhost:5173/')
    expect(appOrigin(DEV)).toBe('http://localhost:5173')
  })
})

describe('isAppUrl (production)', () => {
  it.each([
    'app://wallet',
    'app://wallet/',
    'app://wallet/index.html',
    'app://wallet/assets/index-abc.js?v=1#x',
    'app://wallet/#/home',
    'APP://WALLET/index.html',
    'App://Wallet/',
  ])('accepts %s', (url) => expect(isAppUrl(url, PRODUCTION)).toBe(true))

  it.each([
    'app://user@evil',
    'app://user@wallet/',
    'app://wallet@evil/',
    'app://:pw@wallet/',
    'app://wallet.evil.com/',
    'app://evil/',
    'app://evil.wallet/',
    'app://wallet:8080/',
    'app://wallet%2e/',
    'app:wallet',
    'app:///wallet',
    'app:/wallet/',
    'app://wallet\\@evil/',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'file://wallet/index.html',
    'http://wallet/',
    'https://wallet/',
    'http://127.0.0.1:5173@evil.com',
    'http://localhost:5173/',
    'https://evil.com/app://wallet',
    'https://evil.com/?u=app://wallet/',
    'blob:app://wallet/1234',
    'about:blank',
    ' app://wallet/',
    'app://wallet/ ',
    'app://wal\tlet/',
    'app://wallet/\n',
    'app://wallet/\u0000',
    'app://wallet/\u202e',
    '\u0000app://wallet/',
    '',
    'app://',
  ])('refuses %j', (url) => {
    expect(isAppUrl(url, PRODUCTION)).toBe(false)
    expect(isAllowedNavigation(url, PRODUCTION)).toBe(false)
  })

  it('refuses what is not a string, and absurdly long URLs', () => {
    for (const value of [undefined, null, 42, {}, new URL('app://wallet/'), ['app://wallet/']])
      expect(isAppUrl(value, PRODUCTION)).toBe(false)
    expect(isAppUrl(`app://wallet/${'a'.repeat(9000)}`, PRODUCTION)).toBe(false)
  })
})

describe('isAppUrl (development)', () => {
  it('accepts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/', DEV)).toBe(true)
    expect(isAppUrl('http://LOCALHOST:5173/src/main.ts', DEV)).toBe(true)
    for (const url of [
      'http://127.0.0.1:5173@evil.com',
      'http://localhost:5173@evil.com/',
      'http://user@localhost:5173/',
      'http://localhost:5174/',
      'http://localhost/',
      'https://localhost:5173/',
      'ws://localhost:5173/',
      'http://127.0.0.1:5173/',
      'http://localhost.evil.com:5173/',
      'app://wallet/',
    ]) {
      expect(isAppUrl(url, DEV), url).toBe(false)
    }
  })
})

describe('navigation and window.open decisions', () => {
  it('allows navigation within the app and sends allowed external links to the guard', () => {
    expect(decideNavigation('app://wallet/#/settings', PRODUCTION)).toEqual({ allow: true })
    expect(decideNavigation('https://www.icbc.com.cn/', PRODUCTION)).toEqual({
      allow: false,
      external: 'https://www.icbc.com.cn/',
    })
    expect(decideNavigation('javascript:alert(1)', PRODUCTION)).toEqual({ allow: false })
    expect(decideNavigation('file:///etc/passwd', PRODUCTION)).toEqual({ allow: false })
    expect(decideNavigation('http://example.com/', PRODUCTION)).toEqual({ allow: false })
  })

  it('denies every window.open, forwarding only allowed external links', () => {
    expect(decideWindowOpen('app://wallet/index.html', PRODUCTION)).toEqual({ action: 'deny' })
    expect(decideWindowOpen('https://www.icbc.com.cn/x', PRODUCTION)).toEqual({
      action: 'deny',
      external: 'https://www.icbc.com.cn/x',
    })
    expect(decideWindowOpen('data:text/html,hi', PRODUCTION)).toEqual({ action: 'deny' })
    expect(decideWindowOpen('about:blank', PRODUCTION)).toEqual({ action: 'deny' })
  })
})

describe('classifyExternalUrl', () => {
  it('allows https, mailto and tel, returning the canonical URL the user will see', () => {
    expect(classifyExternalUrl('https://www.icbc.com.cn/icbc/')).toEqual({
      allowed: true,
      url: 'https://www.icbc.com.cn/icbc/',
      protocol: 'https:',
    })
    expect(classifyExternalUrl('HTTPS://WWW.ICBC.COM.CN')).toEqual({
      allowed: true,
      url: 'https://www.icbc.com.cn/',
      protocol: 'https:',
    })
    expect(classifyExternalUrl('https://例子.测试/路径')).toMatchObject({
      allowed: true,
      url: 'https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84',
    })
    expect(classifyExternalUrl('mailto:service@icbc.com.cn')).toMatchObject({ allowed: true, protocol: 'mailto:' })
    expect(classifyExternalUrl('tel:95588')).toEqual({ allowed: true, url: 'tel:95588', protocol: 'tel:' })
    expect(classifyExternalUrl('tel:+86-10-95588')).toMatchObject({ allowed: true })
    // What is shown and opened is the parsed form, never the raw text.
    expect(classifyExternalUrl('https:///www.icbc.com.cn/a/../b')).toMatchObject({
      allowed: true,
      url: 'https://www.icbc.com.cn/b',
    })
  })

  it.each([
    'http://www.icbc.com.cn/',
    'https://www.icbc.com.cn@evil.com/',
    'https://user:pass@evil.com/',
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    'app://wallet/index.html',
    'icbc-wallet://pay',
    'ftp://example.com/',
    'smb://server/share',
    'ms-settings:',
    'vbscript:msgbox',
    'tel:95588;ext=1?x',
    'tel:abc',
    'mailto:',
    'mailto:a@b@c',
    'mailto:%0Aa@b',
    'https://',
    'https://evil.com\\@good.com/',
    ' https://example.com/',
    'https://exa\tmple.com/',
    'https://example.com/\u202egnp.exe',
    'not a url',
  ])('refuses %j', (url) => {
    expect(classifyExternalUrl(url).allowed).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { checkSender, type FrameLike, type MainWindowFacts } from '../../../src/main/ipc/electron/sender'
import { PRODUCTION, resolveShellMode } from '../../../src/main/base/url-guard'

function frame(overrides: Partial<FrameLike> = {}): FrameLike {
  return { url: 'app://wallet/index.html#/home', parent: null, processId: 7, routingId: 1, detached: false, ...overrides }
}

const mainFrame = frame()
const main: MainWindowFacts = { webContentsId: 3, mainFrame }

describe('checkSender', () => {
  it('accepts the main window, main frame, app origin', () => {
    expect(checkSender({ frame: mainFrame, webContentsId: 3 }, main, PRODUCTION)).toEqual({ ok: true })
    // A fresh snapshot of the same frame (same process and routing id) is the same frame.
    expect(checkSender({ frame: frame(), webContentsId: 3 }, main, PRODUCTION)).toEqual({ ok: true })
  })

  it.each([
    ['null senderFrame', { frame: null, webContentsId: 3 }, main, 'no-frame'],
    ['undefined senderFrame', { frame: undefined, webContentsId: 3 }, main, 'no-frame'],
    ['no main window', { frame: mainFrame, webContentsId: 3 }, undefined, 'no-window'],
    ['main window without frame', { frame: mainFrame, webContentsId: 3 }, { webContentsId: 3, mainFrame: null }, 'no-window'],
    ['another window', { frame: frame({ processId: 9 }), webContentsId: 4 }, main, 'other-webcontents'],
    ['a subframe', { frame: frame({ parent: mainFrame, routingId: 2 }), webContentsId: 3 }, main, 'subframe'],
    ['a same-origin subframe claiming the main ids', { frame: frame({ parent: mainFrame }), webContentsId: 3 }, main, 'subframe'],
    ['a different top frame', { frame: frame({ routingId: 5 }), webContentsId: 3 }, main, 'not-main-frame'],
    ['a frame in another process', { frame: frame({ processId: 8 }), webContentsId: 3 }, main, 'not-main-frame'],
    ['a detached frame', { frame: frame({ detached: true }), webContentsId: 3 }, main, 'detached'],
    ['the wrong origin', { frame: frame({ url: 'https://evil.com/' }), webContentsId: 3 }, main, 'wrong-origin'],
    ['app userinfo trick', { frame: frame({ url: 'app://user@evil/' }), webContentsId: 3 }, main, 'wrong-origin'],
    ['a look-alike host', { frame: frame({ url: 'app://wallet.evil.com/' }), webContentsId: 3 }, main, 'wrong-origin'],
    ['a data: page', { frame: frame({ url: 'data:text/html,hi' }), webContentsId: 3 }, main, 'wrong-origin'],
    ['about:blank', { frame: frame({ url: 'about:blank' }), webContentsId: 3 }, main, 'wrong-origin'],
    ['a file: page', { frame: frame({ url: 'file:///etc/passwd' }), webContentsId: 3 }, main, 'wrong-origin'],
  ] as const)('refuses %s', (_name, sender, mainFacts, reason) => {
    expect(checkSender(sender, mainFacts, PRODUCTION)).toEqual({ ok: false, reason })
  })

  it('trusts the dev server origin only in development', () => {
    const dev = resolveShellMode({ isPackaged: false, rendererUrl: 'http://localhost:5173/' })
    const devFrame = frame({ url: 'http://localhost:5173/#/home' })
    const devMain = { webContentsId: 3, mainFrame: devFrame }
    expect(checkSender({ frame: devFrame, webContentsId: 3 }, devMain, dev)).toEqual({ ok: true })
    expect(checkSender({ frame: devFrame, webContentsId: 3 }, devMain, PRODUCTION)).toEqual({ ok: false, reason: 'wrong-origin' })
    expect(checkSender({ frame: mainFrame, webContentsId: 3 }, main, dev)).toEqual({ ok: false, reason: 'wrong-origin' })
    const trick = frame({ url: 'http://localhost:5173@evil.com/' })
    expect(checkSender({ frame: trick, webContentsId: 3 }, { webContentsId: 3, mainFrame: trick }, dev)).toEqual({
      ok: false,
      reason: 'wrong-origin',
    })
  })
})

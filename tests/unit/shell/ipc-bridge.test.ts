import { describe, expect, it, vi } from 'vitest'
import { createEventBus } from '../../../src/main/base/events'
import {
  createInvokeHandler,
  FORBIDDEN,
  forwardEvents,
  type FrameSource,
  type WindowLike,
} from '../../../src/main/ipc/electron/bridge'
import { PRODUCTION, resolveShellMode } from '../../../src/main/base/url-guard'
import { IPC_EVENT_PREFIX } from '../../../src/shared/contract'

function frame(overrides: Partial<FrameSource> = {}): FrameSource {
  return { url: 'app://wallet/index.html#/home', parent: null, processId: 4, routingId: 1, detached: false, ...overrides }
}

function fakeWindow(url = 'app://wallet/index.html') {
  const mainFrame = frame({ url })
  const send = vi.fn()
  const state = { destroyed: false }
  const win: WindowLike = {
    isDestroyed: () => state.destroyed,
    webContents: { id: 9, mainFrame, isDestroyed: () => false, getURL: () => mainFrame.url, send },
  }
  return { win, mainFrame, send, destroy: () => (state.destroyed = true) }
}

function setup(mode = PRODUCTION, url?: string) {
  const { win, mainFrame, send } = fakeWindow(url)
  const call = vi.fn(async () => ({ ok: true as const, value: 'handled' }))
  const log = vi.fn()
  let current: WindowLike | undefined = win
  const handle = createInvokeHandler({ router: { call }, mode, mainWindow: () => current, log })
  return { handle, call, log, win, mainFrame, send, closeWindow: () => (current = undefined) }
}

describe('createInvokeHandler', () => {
  it('passes calls from the main frame of the main window to the router', async () => {
    const { handle, call, mainFrame } = setup()
    await expect(handle({ sender: { id: 9 }, senderFrame: mainFrame }, 'settings.set', { language: 'en-US' })).resolves.toEqual({
      ok: true,
      value: 'handled',
    })
    expect(call).toHaveBeenCalledWith('settings.set', { language: 'en-US' }, { transport: 'electron' })
  })

  it.each([
    ['a null senderFrame', () => ({ sender: { id: 9 }, senderFrame: null })],
    ['a subframe', () => ({ sender: { id: 9 }, senderFrame: frame({ parent: {}, routingId: 2 }) })],
    ['another top frame', () => ({ sender: { id: 9 }, senderFrame: frame({ routingId: 3 }) })],
    ['another window', () => ({ sender: { id: 10 }, senderFrame: frame({ processId: 5 }) })],
    ['the wrong origin', () => ({ sender: { id: 9 }, senderFrame: frame({ url: 'https://evil.com/' }) })],
    ['app userinfo', () => ({ sender: { id: 9 }, senderFrame: frame({ url: 'app://user@evil/' }) })],
    ['a detached frame', () => ({ sender: { id: 9 }, senderFrame: frame({ detached: true }) })],
    [
      'a frame whose getters throw (disposed)',
      () => ({
        sender: { id: 9 },
        senderFrame: Object.defineProperty(frame(), 'url', {
          get() {
            throw new Error('Render frame was disposed')
          },
        }),
      }),
    ],
  ])('refuses %s with FORBIDDEN and never calls the router', async (_name, event) => {
    const { handle, call, log } = setup()
    await expect(handle(event(), 'app.info', undefined)).resolves.toEqual(FORBIDDEN)
    expect(call).not.toHaveBeenCalled()
    expect(log).toHaveBeenCalledOnce()
  })

  it('refuses when there is no main window', async () => {
    const { handle, call, mainFrame, closeWindow } = setup()
    closeWindow()
    await expect(handle({ sender: { id: 9 }, senderFrame: mainFrame }, 'app.info', undefined)).resolves.toEqual(FORBIDDEN)
    expect(call).not.toHaveBeenCalled()
  })

  it('refuses names outside the contract with UNKNOWN_CHANNEL', async () => {
    const { handle, call, mainFrame } = setup()
    for (const channel of ['vault.dump', '__proto__', 'toString', 7, null, { a: 1 }]) {
      await expect(handle({ sender: { id: 9 }, senderFrame: mainFrame }, channel, undefined)).resolves.toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_CHANNEL' },
      })
    }
    expect(call).not.toHaveBeenCalled()
  })

  it('never rejects, even if the router does', async () => {
    const { handle, call, mainFrame } = setup()
    call.mockRejectedValueOnce(new Error('boom at /secret/path'))
    await expect(handle({ sender: { id: 9 }, senderFrame: mainFrame }, 'app.info', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'internal error' },
    })
  })

  it('trusts the dev server origin in development only', async () => {
    const dev = resolveShellMode({ isPackaged: false, rendererUrl: 'http://localhost:5173/' })
    const ok = setup(dev, 'http://localhost:5173/#/home')
    await expect(ok.handle({ sender: { id: 9 }, senderFrame: ok.mainFrame }, 'app.info', undefined)).resolves.toMatchObject({
      ok: true,
    })
    const prod = setup(PRODUCTION, 'http://localhost:5173/#/home')
    await expect(prod.handle({ sender: { id: 9 }, senderFrame: prod.mainFrame }, 'app.info', undefined)).resolves.toEqual(
      FORBIDDEN,
    )
  })
})

describe('forwardEvents', () => {
  it('sends core events to the main window on the prefixed channel, until unsubscribed', () => {
    const events = createEventBus()
    const { win, send } = fakeWindow()
    const stop = forwardEvents({ events, mode: PRODUCTION, mainWindow: () => win })
    events.emit('settings.changed', { language: 'en-US', theme: 'dark', autoLockMinutes: 5, autoBackup: false, closeToTray: false })
    expect(send).toHaveBeenCalledWith(IPC_EVENT_PREFIX + 'settings.changed', { language: 'en-US', theme: 'dark', autoLockMinutes: 5, autoBackup: false, closeToTray: false })
    stop()
    events.emit('settings.changed', { language: 'zh-CN', theme: 'light', autoLockMinutes: 5, autoBackup: false, closeToTray: false })
    expect(send).toHaveBeenCalledOnce()
  })

  it('sends nothing to a window showing another origin, a destroyed window, or no window', () => {
    const events = createEventBus()
    const foreign = fakeWindow('https://evil.com/')
    const destroyed = fakeWindow()
    destroyed.destroy()
    forwardEvents({ events, mode: PRODUCTION, mainWindow: () => foreign.win })
    forwardEvents({ events, mode: PRODUCTION, mainWindow: () => destroyed.win })
    forwardEvents({ events, mode: PRODUCTION, mainWindow: () => undefined })
    events.emit('settings.changed', { language: 'en-US', theme: 'dark', autoLockMinutes: 5, autoBackup: false, closeToTray: false })
    expect(foreign.send).not.toHaveBeenCalled()
    expect(destroyed.send).not.toHaveBeenCalled()
  })
})

import { describe, expect, it, vi } from 'vitest'
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT_PREFIX, IPC_INVOKE, type WalletBridge } from '../../../src/shared/contract'
import { createPreloadBridge, type IpcRendererLike } from '../../../src/preload/bridge'
import * as names from '../../../src/preload/names'

type Listener = (event: unknown, ...args: unknown[]) => void

/** A fake ipcRenderer that records calls and can emit as main would. */
function fakeIpc(reply: unknown = { ok: true, value: 'pong' }) {
  const listeners = new Map<string, Set<Listener>>()
  const ipc = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]) => reply),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set())
      listeners.get(channel)!.add(listener)
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener)
    }),
  } satisfies IpcRendererLike
  const senderEvent = { sender: { secret: 'ipcRenderer' }, ports: [] }
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(senderEvent, payload))
  const count = (channel: string) => listeners.get(channel)?.size ?? 0
  return { ipc, emit, count }
}

describe('preload name lists', () => {
  it('match the contract exactly', () => {
    expect([...names.PRELOAD_CHANNELS].sort()).toEqual([...CHANNEL_NAMES].sort())
    expect([...names.PRELOAD_EVENTS].sort()).toEqual([...EVENT_NAMES].sort())
    expect(names.IPC_INVOKE).toBe(IPC_INVOKE)
    expect(names.IPC_EVENT_PREFIX).toBe(IPC_EVENT_PREFIX)
  })

  it('check names as own entries only', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', '', 'app.info ', 'APP.INFO']) {
      expect(names.isChannelName(name), name).toBe(false)
      expect(names.isEventName(name), name).toBe(false)
    }
  })
})

describe('createPreloadBridge', () => {
  it('has exactly invoke, on and off (no ipcRenderer, no extras)', () => {
    const bridge: WalletBridge = createPreloadBridge(fakeIpc().ipc)
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'off', 'on'])
  })

  it('invokes allowlisted channels over the one invoke channel', async () => {
    const { ipc } = fakeIpc()
    const bridge = createPreloadBridge(ipc)
    await expect(bridge.invoke('settings.set', { language: 'en-US' })).resolves.toEqual({ ok: true, value: 'pong' })
    await bridge.invoke('app.info')
    expect(ipc.invoke.mock.calls).toEqual([
      [IPC_INVOKE, 'settings.set', { language: 'en-US' }],
      [IPC_INVOKE, 'app.info', undefined],
    ])
  })

  it('refuses other channel names locally with UNKNOWN_CHANNEL', async () => {
    const { ipc } = fakeIpc()
    const bridge = createPreloadBridge(ipc) as unknown as { invoke(channel: unknown, input?: unknown): Promise<unknown> }
    for (const channel of [
      'wallet:invoke',
      'vault.dumpKeys',
      '__proto__',
      'toString',
      42,
      undefined,
      { toString: () => 'app.info' },
    ]) {
      await expect(bridge.invoke(channel)).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
    expect(ipc.invoke).not.toHaveBeenCalled()
  })

  it('turns a rejected ipc call into INTERNAL, without the message', async () => {
    const { ipc } = fakeIpc()
    ipc.invoke.mockRejectedValueOnce(new Error("Error invoking remote method 'wallet:invoke': /home/user/secret"))
    const result = await createPreloadBridge(ipc).invoke('app.info')
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } })
  })

  it('gives listeners the payload only, never the IpcRendererEvent', () => {
    const { ipc, emit } = fakeIpc()
    const bridge = createPreloadBridge(ipc)
    const listener = vi.fn()
    bridge.on('settings.changed', listener)
    expect(ipc.on).toHaveBeenCalledWith(IPC_EVENT_PREFIX + 'settings.changed', expect.any(Function))
    emit(IPC_EVENT_PREFIX + 'settings.changed', { language: 'en-US', theme: 'dark' })
    expect(listener.mock.calls).toEqual([[{ language: 'en-US', theme: 'dark' }]])
  })

  it('off removes exactly that subscription; unknown ids are ignored', () => {
    const { ipc, emit, count } = fakeIpc()
    const bridge = createPreloadBridge(ipc)
    const first = vi.fn()
    const second = vi.fn()
    const a = bridge.on('settings.changed', first)
    const b = bridge.on('settings.changed', second)
    expect(a).not.toBe(b)
    expect(count(IPC_EVENT_PREFIX + 'settings.changed')).toBe(2)
    bridge.off(a)
    bridge.off(a)
    bridge.off('nope')
    bridge.off(undefined as unknown as string)
    emit(IPC_EVENT_PREFIX + 'settings.changed', { language: 'zh-CN', theme: 'light' })
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledOnce()
    expect(count(IPC_EVENT_PREFIX + 'settings.changed')).toBe(1)
    bridge.off(b)
    expect(count(IPC_EVENT_PREFIX + 'settings.changed')).toBe(0)
  })

  it('refuses to subscribe to events outside the contract', () => {
    const { ipc } = fakeIpc()
    const bridge = createPreloadBridge(ipc) as unknown as { on(event: unknown, listener: unknown): string }
    expect(() => bridge.on('wallet:invoke', () => {})).toThrow(TypeError)
    expect(() => bridge.on('sms.secret', () => {})).toThrow(/unknown event/)
    expect(() => bridge.on('settings.changed', 'not a function')).toThrow(TypeError)
    expect(ipc.on).not.toHaveBeenCalled()
  })
})

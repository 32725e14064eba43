import { isChannelName, IPC_EVENT_PREFIX } from '../../../shared/contract'
import type { Result } from '../../../shared/errors'
import type { EventBus } from '../../base/events'
import type { Router } from '../router'
import { checkSender, type FrameLike, type MainWindowFacts, type SenderDecision, type SenderFacts } from './sender'
import { isAppUrl, type ShellMode } from '../../base/url-guard'

/**
 * The Electron transport's logic, over the few members of Electron objects it reads, so it is tested
 * with plain objects; src/main/ipc/electron/index.ts only plugs it into ipcMain.
 */

/** The members of a WebFrameMain the check reads; each getter may throw once the frame is gone. */
export type FrameSource = FrameLike

export interface InvokeEventLike {
  readonly sender: { readonly id: number }
  readonly senderFrame: FrameSource | null
}

export interface WindowLike {
  isDestroyed(): boolean
  readonly webContents: {
    readonly id: number
    readonly mainFrame: FrameSource
    isDestroyed(): boolean
    getURL(): string
    send(channel: string, ...args: unknown[]): void
  }
}

export interface IpcBridgeOptions {
  mode: ShellMode
  /** The app's main window, when there is one. Only it may call, and only it receives events. */
  mainWindow(): WindowLike | undefined
  log?(message: string): void
}

export const FORBIDDEN: Result<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'FORBIDDEN', message: 'sender not allowed' }),
})

function snapshot(frame: FrameSource | null | undefined): FrameLike | null {
  if (!frame) return null
  return {
    url: frame.url,
    parent: frame.parent,
    processId: frame.processId,
    routingId: frame.routingId,
    detached: frame.detached === true,
  }
}

function mainWindowFacts(win: WindowLike | undefined): MainWindowFacts | undefined {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return undefined
  return { webContentsId: win.webContents.id, mainFrame: snapshot(win.webContents.mainFrame) }
}

/** Reads everything the check needs as plain values; a throwing getter counts as "no frame". */
export function decideInvokeSender(event: InvokeEventLike, win: WindowLike | undefined, mode: ShellMode): SenderDecision {
  let sender: SenderFacts
  let main: MainWindowFacts | undefined
  try {
    sender = { frame: snapshot(event.senderFrame), webContentsId: event.sender.id }
    main = mainWindowFacts(win)
  } catch {
    return { ok: false, reason: 'no-frame' }
  }
  return checkSender(sender, main, mode)
}

/**
 * The handler for IPC_INVOKE: sender first (main window, main frame, app origin), then the channel
 * name; only then the router, which validates the input. It never throws.
 */
export function createInvokeHandler(options: IpcBridgeOptions & { router: Pick<Router, 'call'> }) {
  const log = options.log ?? ((message: string) => console.warn(`[ipc] ${message}`))
  return async function handleInvoke(event: InvokeEventLike, channel: unknown, input: unknown): Promise<Result<unknown>> {
    const name = typeof channel === 'string' ? channel.slice(0, 80) : typeof channel
    const decision = decideInvokeSender(event, options.mainWindow(), options.mode)
    if (!decision.ok) {
      log(`refused ${name}: ${decision.reason}`)
      return FORBIDDEN
    }
    if (!isChannelName(channel)) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${name}` } }
    try {
      return await options.router.call(channel, input, { transport: 'electron' })
    } catch (error) {
      // The router answers every failure itself; this is only so ipcMain never sees a rejection.
      log(`router threw on ${name}: ${error instanceof Error ? error.name : typeof error}`)
      return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } }
    }
  }
}

/** Forwards core events to the main window while it shows the app; returns the unsubscribe. */
export function forwardEvents(options: IpcBridgeOptions & { events: EventBus }): () => void {
  return options.events.subscribe((name, payload) => {
    const win = options.mainWindow()
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return
    if (!isAppUrl(win.webContents.getURL(), options.mode)) return
    win.webContents.send(IPC_EVENT_PREFIX + name, payload)
  })
}

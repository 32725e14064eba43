import { isAppUrl, type ShellMode } from '../../base/url-guard'

/** What the sender check needs from an Electron WebFrameMain (plain objects in tests). */
export interface FrameLike {
  readonly url: string
  readonly parent: unknown
  readonly processId: number
  readonly routingId: number
  readonly detached?: boolean
}

export interface SenderFacts {
  /** event.senderFrame: null once the frame has navigated away or been destroyed. */
  readonly frame: FrameLike | null | undefined
  /** event.sender.id */
  readonly webContentsId: number
}

export interface MainWindowFacts {
  readonly webContentsId: number
  readonly mainFrame: FrameLike | null | undefined
}

export type SenderRefusal =
  'no-window' | 'no-frame' | 'detached' | 'other-webcontents' | 'subframe' | 'not-main-frame' | 'wrong-origin'
export type SenderDecision = { readonly ok: true } | { readonly ok: false; readonly reason: SenderRefusal }

function refuse(reason: SenderRefusal): SenderDecision {
  return { ok: false, reason }
}

/**
 * Only the app's own main window, its main frame, on the app origin may call the contract. Anything
 * else (another window, an iframe, a frame that navigated away, a page on another origin) is refused
 * before the router sees the call.
 */
export function checkSender(sender: SenderFacts, main: MainWindowFacts | undefined, mode: ShellMode): SenderDecision {
  if (!main || !main.mainFrame) return refuse('no-window')
  const frame = sender.frame
  if (!frame) return refuse('no-frame')
  if (frame.detached === true) return refuse('detached')
  if (sender.webContentsId !== main.webContentsId) return refuse('other-webcontents')
  if (frame.parent !== null) return refuse('subframe')
  if (
    frame !== main.mainFrame &&
    (frame.processId !== main.mainFrame.processId || frame.routingId !== main.mainFrame.routingId)
  ) {
    return refuse('not-main-frame')
  }
  if (!isAppUrl(frame.url, mode)) return refuse('wrong-origin')
  return { ok: true }
}

import { ipcMain, type BrowserWindow } from 'electron'
import { IPC_INVOKE } from '../../../shared/contract'
import type { EventBus } from '../../base/events'
import { createInvokeHandler, forwardEvents } from './bridge'
import type { ShellMode } from '../../base/url-guard'
import type { Router } from '../router'

export interface ElectronIpcOptions {
  router: Router
  events: EventBus
  mode: ShellMode
  /** The app's main window, when there is one. Only it may call, and only it receives events. */
  mainWindow(): BrowserWindow | undefined
}

/**
 * The Electron transport for the contract: one ipcMain handler that checks the sender (main window,
 * main frame, app origin) and the channel name before the router validates the input, and the core's
 * events sent to the main window only. The decisions are in ../shell/ipc-bridge.ts. Returns a
 * function that undoes both.
 */
export function registerElectronIpc(options: ElectronIpcOptions): () => void {
  ipcMain.handle(IPC_INVOKE, createInvokeHandler(options))
  const unsubscribe = forwardEvents(options)
  return () => {
    ipcMain.removeHandler(IPC_INVOKE)
    unsubscribe()
  }
}

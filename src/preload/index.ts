import { contextBridge, ipcRenderer } from 'electron'
import type { WalletBridge } from '../shared/contract'
import { createPreloadBridge } from './bridge'

// The only thing the page gets: window.wallet. ipcRenderer itself is never exposed.
const bridge = createPreloadBridge(ipcRenderer) satisfies WalletBridge

contextBridge.exposeInMainWorld('wallet', bridge)

import type { WalletBridge } from '../shared/contract'

declare global {
  interface Window {
    /** Exposed by the preload (src/preload/index.ts) in Electron; absent in the browser harness. */
    wallet?: WalletBridge
  }
}

export {}

/// <reference types="vite/client" />
import type { WalletBridge } from '../../shared/contract'

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare global {
  interface Window {
    /** Exposed by the preload in Electron; absent in the browser harness. */
    wallet?: WalletBridge
  }
}

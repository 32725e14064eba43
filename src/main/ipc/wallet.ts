import { contract } from '../../shared/contract'
import { createWalletServices, type WalletCoreDeps, type WalletServices } from '../core'
import { createRouter, type Router } from './router'

export interface WalletCore extends WalletServices {
  router: Router
}

/**
 * The wallet behind one router: the core's handlers for every channel of the contract, validated by the
 * router and refused by the lock's guard before any input is read. Electron main (src/main/index.ts) and
 * the browser harness (scripts/harness.ts) both start here.
 */
export async function createWalletCore(deps: WalletCoreDeps): Promise<WalletCore> {
  const core = await createWalletServices(deps)
  return { ...core, router: createRouter(contract, core.handlers, { guard: core.guard }) }
}

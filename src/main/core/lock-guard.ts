import { isAllowedWhileLocked } from '../../shared/contract'
import type { WireError } from '../../shared/errors'

export interface LockGuardDeps {
  /** Throws the vault's own error (VAULT_LOCKED, KEY_MISSING) while the vault is not open. */
  assertVaultOpen(): void
  /** Whether someone has signed in on this computer and the wallet is locked now. */
  walletLocked(): Promise<boolean>
}

export const LOCKED_ERROR: WireError = { code: 'LOCKED', message: '钱包已锁定，请先解锁' }

/**
 * The router's guard (src/main/ipc/router.ts): while the wallet is locked only the contract's
 * allowlist (CHANNELS_WHILE_LOCKED in src/shared/contract/index.ts) answers. Before anyone has signed
 * in there is nothing to protect yet, and the activation wizard needs its channels.
 */
export function createLockGuard(deps: LockGuardDeps): (channel: string) => Promise<WireError | null> {
  return async (channel) => {
    if (isAllowedWhileLocked(channel)) return null
    deps.assertVaultOpen()
    return (await deps.walletLocked()) ? LOCKED_ERROR : null
  }
}

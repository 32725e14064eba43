import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { VaultStatus } from '@shared/contract'
import { call } from '@renderer/api/client'

export const useVaultStore = defineStore('vault', () => {
  const status = ref<VaultStatus>()

  async function refresh(): Promise<VaultStatus> {
    status.value = await call('vault.status')
    return status.value
  }

  async function openWithPassphrase(passphrase: string): Promise<VaultStatus> {
    status.value = await call('vault.openWithPassphrase', { passphrase })
    return status.value
  }

  async function retry(): Promise<VaultStatus> {
    status.value = await call('vault.retry')
    return status.value
  }

  async function resetAfterKeyLoss(): Promise<VaultStatus> {
    status.value = await call('vault.resetAfterKeyLoss', { confirm: true })
    return status.value
  }

  return { status, refresh, openWithPassphrase, retry, resetAfterKeyLoss }
})

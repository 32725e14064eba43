import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { WalletProfile, type MaskedCard } from '../../shared/contract/activation'
import type * as api from '../../shared/bank-api'
import type { DocStore } from '../base/ports'

export function toWalletProfile(c: api.CustomerProfile): WalletProfile {
  return {
    walletNo: c.walletNo,
    nameMasked: c.nameMasked,
    phoneMasked: c.phoneMasked,
    tier: c.tier,
    tierName: c.tierName,
    caps: c.caps,
    payPasswordSet: c.payPasswordSet,
  }
}

export function toMaskedCard(card: api.Card): MaskedCard {
  return { cardId: card.cardId, bankName: card.bank?.name ?? '银行卡', masked: card.panMasked }
}

const Device = z.object({ deviceId: z.string(), createdAt: z.number() })

/** This installation's device id, created once; the bank binds sign-ins to it. */
export async function deviceIdOf(store: DocStore, now: number): Promise<string> {
  const existing = await store.read('device', Device)
  if (existing) return existing.deviceId
  const deviceId = `dev-${randomUUID()}`
  await store.write('device', { deviceId, createdAt: now })
  return deviceId
}

/** The operating system's name, as 登录设备 shows it on the customer's other computers. */
export function deviceOsName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'Windows'
  if (platform === 'darwin') return 'macOS'
  if (platform === 'linux') return 'Linux'
  return platform
}

/** The signed-in customer on this computer (masked; for the lock screen and offline use). */
export const ProfileDoc = z.object({ phone: z.string(), profile: WalletProfile, updatedAt: z.number() })
export type ProfileDoc = z.infer<typeof ProfileDoc>

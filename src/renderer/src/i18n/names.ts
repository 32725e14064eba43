import type { VaultStatus } from '@shared/contract'
import { i18n } from './index'

/**
 * Names main sends as Chinese text, said again in the language of the screen from the code beside them.
 */

/** 二类钱包 / Tier 2 wallet, from the tier's number (main's `tierName` is Chinese). */
export function tierName(tier: number): string {
  const key = `wallet.tiers.${tier}`
  return i18n.global.te(key) ? i18n.global.t(key) : String(tier)
}

/**
 * Where the keys are kept (设置 → 安全): main's label in Chinese (e.g. 系统钥匙串 (libsecret)); in another
 * language the store's kind, with the label's detail in brackets when it has no Chinese in it.
 */
export function keyStoreName(status: Pick<VaultStatus, 'storeKind' | 'storeLabel'>): string {
  if (i18n.global.locale.value.startsWith('zh')) return status.storeLabel
  const name = i18n.global.t(`security.keyStoreNames.${status.storeKind}`)
  const detail = /\(([^()]*)\)\s*$/.exec(status.storeLabel)?.[1]
  return detail && !/[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/.test(detail) ? `${name} (${detail})` : name
}

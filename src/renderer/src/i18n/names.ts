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

const FILE_BASES = { backup: 'backup.create.fileName', recoveryCodes: 'twofa.recovery.fileName' } as const

/**
 * A file main named in Chinese (工行数字钱包备份-<time>.iwbk, 工行数字钱包-恢复码.txt), as the renderer saves
 * it (the browser harness's download): in another language with the screen's name and main's time stamp.
 * Electron's save dialog takes main's name (src/main/core/backup.ts, src/main/core/two-factor.ts).
 */
export function downloadName(kind: keyof typeof FILE_BASES, name: string): string {
  if (i18n.global.locale.value.startsWith('zh')) return name
  const ext = /\.[A-Za-z0-9]+$/.exec(name)?.[0] ?? ''
  const stamp = /(\d{8}-\d{4,6})\.[A-Za-z0-9]+$/.exec(name)?.[1]
  const base = i18n.global.t(FILE_BASES[kind])
  return stamp ? `${base}-${stamp}${ext}` : `${base}${ext}`
}

/**
 * Saves a file main offers as a download (the browser harness: a one-time URL whose answer names it in
 * Chinese), under its name in the screen's language: read into a Blob, so that the link's own name counts.
 * Answers the name the file is saved under.
 */
export async function saveDownload(kind: keyof typeof FILE_BASES, url: string, name: string): Promise<string> {
  const fileName = downloadName(kind, name)
  let href = url
  if (fileName !== name) {
    try {
      const res = await fetch(url)
      if (res.ok) href = URL.createObjectURL(await res.blob())
    } catch {
      // The link as main made it, under main's name.
    }
  }
  const a = document.createElement('a')
  a.href = href
  a.download = fileName
  document.body.appendChild(a)
  a.click()
  a.remove()
  if (href === url) return name
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
  return fileName
}

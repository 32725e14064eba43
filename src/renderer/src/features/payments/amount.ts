import { parseYuan } from '@shared/money'
import { i18n } from '@renderer/i18n'

export type AmountCheck = { ok: true; fen: number } | { ok: false; message: string }

/** What the person typed, in yuan, as fen — or what is wrong with it, in the current language. */
export function checkAmount(text: string): AmountCheck {
  const parsed = parseYuan(text)
  if (!parsed.ok) return { ok: false, message: i18n.global.t(`payments.amountErrors.${parsed.reason}`) }
  if (parsed.fen === 0) return { ok: false, message: i18n.global.t('payments.amountErrors.ZERO') }
  return parsed
}

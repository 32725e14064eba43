import { i18n } from '@renderer/i18n'
import { formatMonth } from '@renderer/i18n/format'
import type { TxRow } from '@renderer/db/replica'

type Group = 'types' | 'statuses' | 'categories' | 'channels' | 'direction'

// Every row of 账单 shows several of these: they are looked up in a plain table per language rather
// than through the formatter (a long scroll renders thousands of rows).
const tables = new Map<string, Record<Group, Record<string, string>>>()

function table(locale: string): Record<Group, Record<string, string>> {
  let t = tables.get(locale)
  if (!t) {
    const wallet = i18n.global.getLocaleMessage(locale as 'zh-CN').wallet
    t = {
      types: wallet.types,
      statuses: wallet.statuses,
      categories: wallet.categories,
      channels: wallet.channels,
      direction: wallet.direction,
    }
    tables.set(locale, t)
  }
  return t
}

/** Names of transaction types, statuses, categories and channels; unknown values are shown as they are. */
export function useTxLabels() {
  const { t, locale } = i18n.global
  const label = (group: Group, value: string) => table(locale.value)[group][value] ?? value
  return {
    t,
    locale,
    type: (v: string) => label('types', v),
    status: (v: string) => label('statuses', v),
    category: (v: string) => label('categories', v),
    channel: (v: string) => label('channels', v),
    direction: (v: string) => label('direction', v),
    /**
     * What a row is called. In Chinese the bank's title as it sends it. In another language the bank's
     * own wording (充值, 转账给李*, 买入工银现金快线: src/mock-bank/ops/*.ts) gives way to the type, the
     * counterparty beside it; a payment is called by its merchant and a bill keeps the bank's title, which
     * is the biller's name and the period.
     */
    title: (r: Pick<TxRow, 'title' | 'type' | 'counterparty'>) => {
      if (locale.value.startsWith('zh')) return r.title || label('types', r.type)
      if (r.type === 'bill') return r.title || label('types', r.type)
      if (r.type === 'payment') return r.counterparty || label('types', r.type)
      return label('types', r.type)
    },
    month: (month: string) => formatMonth(month, locale.value),
  }
}

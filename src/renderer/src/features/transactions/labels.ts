import { i18n } from '@renderer/i18n'

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
    month: (month: string) => {
      const [y, m] = month.split('-')
      return t('wallet.monthLabel', { y, m: locale.value.startsWith('zh') ? Number(m) : m })
    },
  }
}

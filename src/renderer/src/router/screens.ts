/**
 * The code of each screen of the left navigation, loaded when first shown. A module of its own, without
 * imports, so that src/renderer/src/boot.ts can start loading the screen the app opens on before the rest
 * of the app is evaluated; router/index.ts builds its routes from the same loaders.
 */
export const SCREENS = {
  home: () => import('@renderer/views/home/HomeView.vue'),
  pay: () => import('@renderer/views/pay/PayView.vue'),
  transfer: () => import('@renderer/views/transfer/TransferView.vue'),
  bills: () => import('@renderer/views/bills/BillsView.vue'),
  history: () => import('@renderer/views/history/HistoryView.vue'),
  promotions: () => import('@renderer/views/promotions/PromotionsView.vue'),
  wealth: () => import('@renderer/views/wealth/WealthView.vue'),
  settings: () => import('@renderer/views/settings/SettingsView.vue'),
  help: () => import('@renderer/views/help/HelpView.vue'),
  messages: () => import('@renderer/views/messages/MessagesView.vue'),
} as const

export type ScreenName = keyof typeof SCREENS

/** The navigation screen a location's hash opens (`#/history?q=…` → history; no route → home), if it is one. */
export function screenOf(hash: string): ScreenName | undefined {
  const name = hash.startsWith('#/') ? /^#\/([a-z]*)/.exec(hash)![1] : 'home'
  return name && Object.hasOwn(SCREENS, name) ? (name as ScreenName) : undefined
}

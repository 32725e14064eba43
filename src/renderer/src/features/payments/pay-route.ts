import type { RouteLocationNamedRaw } from 'vue-router'

/** The tabs of 付款 (views/pay/PayView.vue), each a `?action=` of the pay route. */
export const PAY_ACTIONS = ['topup', 'withdraw', 'paycode', 'scan', 'online'] as const
export type PayAction = (typeof PAY_ACTIONS)[number]

/**
 * Not a tab: "open this pay link in 网上购物". App.vue sends a link the OS handed over here; PayView
 * hands the link to the checkout and leaves `?action=online` in the address, so going back or
 * reloading does not open the same order a second time.
 */
export const CHECKOUT_ACTION = 'checkout'

/** The tab a `?action=` names (an unknown one is 充值, the first). */
export function payTab(action: unknown): PayAction {
  if (action === CHECKOUT_ACTION) return 'online'
  return PAY_ACTIONS.find((a) => a === action) ?? 'topup'
}

/** 付款 on one of its tabs. */
export function payLocation(action: PayAction) {
  return { name: 'pay', query: { action } } satisfies RouteLocationNamedRaw
}

/** The checkout of an `icbc-wallet://pay` link, with the order shown. */
export function checkoutLocation(link: string) {
  return { name: 'pay', query: { action: CHECKOUT_ACTION, link } } satisfies RouteLocationNamedRaw
}

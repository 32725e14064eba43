import { payLocation, type PayAction } from '@renderer/features/payments/pay-route'

/**
 * 帮助 as data: every question of the product brief, by section, and every place of the app an answer
 * names, as a route by name (never a path typed into a text). HelpView.vue renders exactly this, and
 * tests/component/help/help-links.test.ts and tests/e2e/help.spec.ts walk every link it holds, so a
 * link that goes nowhere (an unknown route, a placeholder page) fails a test rather than a customer.
 * Titles and answers are `help.topics.<id>.title` / `.body` (src/renderer/src/i18n/help.*.ts).
 */

/** A place in the app: a named route, with the tab of 付款 where the answer means one. */
export interface HelpLink {
  /** Unique within its topic; `help.links.<id>` is its label. */
  readonly id: string
  readonly to: { readonly name: string; readonly query?: Readonly<Record<string, string>> }
}

export interface HelpTopic {
  readonly id: string
  readonly links: readonly HelpLink[]
  /** The wallet beside a bank card (how it is used, convenience, security), as a table. */
  readonly table?: 'compare'
}

export interface HelpSection {
  readonly id: string
  readonly topics: readonly HelpTopic[]
}

const to = (name: string): HelpLink['to'] => ({ name })
const pay = (action: PayAction): HelpLink['to'] => payLocation(action)

export const HELP_SECTIONS: readonly HelpSection[] = [
  {
    id: 'start',
    topics: [
      {
        id: 'activate',
        links: [
          { id: 'cards', to: pay('topup') },
          { id: 'accountSecurity', to: to('account-security') },
        ],
      },
      { id: 'sms', links: [] },
      { id: 'info', links: [] },
      { id: 'network', links: [{ id: 'history', to: to('history') }] },
    ],
  },
  {
    id: 'use',
    topics: [
      {
        id: 'payments',
        links: [
          { id: 'online', to: pay('online') },
          { id: 'paycode', to: pay('paycode') },
          { id: 'scan', to: pay('scan') },
          { id: 'bills', to: to('bills') },
          { id: 'transfer', to: to('transfer') },
        ],
      },
      {
        id: 'quickPay',
        links: [
          { id: 'online', to: pay('online') },
          { id: 'paycode', to: pay('paycode') },
          { id: 'smallAmount', to: to('account-security') },
        ],
      },
      {
        id: 'promotions',
        links: [
          { id: 'promotions', to: to('promotions') },
          { id: 'messages', to: to('messages') },
        ],
      },
      { id: 'wealth', links: [{ id: 'wealth', to: to('wealth') }] },
      {
        id: 'compare',
        table: 'compare',
        links: [
          { id: 'cards', to: pay('topup') },
          { id: 'twoFactor', to: to('two-factor') },
        ],
      },
    ],
  },
  {
    id: 'safety',
    topics: [
      {
        id: 'security',
        links: [
          { id: 'accountSecurity', to: to('account-security') },
          { id: 'twoFactor', to: to('two-factor') },
          { id: 'devices', to: to('devices') },
          { id: 'messages', to: to('messages') },
          { id: 'settings', to: to('settings') },
        ],
      },
      { id: 'backup', links: [{ id: 'backup', to: to('settings') }] },
      { id: 'passwords', links: [{ id: 'accountSecurity', to: to('account-security') }] },
    ],
  },
  {
    id: 'leave',
    topics: [
      {
        id: 'deregister',
        links: [
          { id: 'withdraw', to: pay('withdraw') },
          { id: 'wealth', to: to('wealth') },
          { id: 'deregister', to: to('deregister') },
        ],
      },
    ],
  },
]

/** Every link of 帮助, in page order, with the topic it belongs to. */
export function helpLinks(): { topic: string; link: HelpLink }[] {
  return HELP_SECTIONS.flatMap((s) => s.topics.flatMap((t) => t.links.map((link) => ({ topic: t.id, link }))))
}

/** The official site, the one address outside the app that 帮助 gives; it opens through the link guard. */
export const OFFICIAL_SITE = 'https://www.icbc.com.cn/'
export const HOTLINE = '95588'

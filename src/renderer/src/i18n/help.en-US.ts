import type helpZh from './help.zh-CN'

/** Help (src/renderer/src/views/help): the questions of the product brief, with links to the places they name. */
const help: typeof helpZh = {
  title: 'Help',
  subtitle: 'Frequently asked questions, short guides and contact',
  intro: 'Click a question to see its answer; the features an answer names are one click away.',
  expandAll: 'Expand all',
  collapseAll: 'Collapse all',
  goTo: 'Go to',
  sections: {
    start: 'Activation and sign-in',
    use: 'Payments, offers and wealth',
    safety: 'Security and backup',
    leave: 'Closing the wallet',
  },
  topics: {
    activate: {
      title: 'How do I activate the ICBC digital wallet?',
      body: 'Activation takes four steps: 1. Register: enter your mobile number, ID number and other details and set a login password. 2. Verify: enter the SMS code sent to your phone. 3. Activate: link a bank card of your own. 4. Set a payment password. Activation needs a network connection. Afterwards, manage your cards under Pay → Top up and change the payment password under Settings → Account & security.',
    },
    sms: {
      title: 'I did not receive the verification code',
      body: 'Check that your phone has a good signal and that the mobile number you entered is right; you can press Resend when the countdown ends. A text can take a minute or two, so do not resend too often. The demo bank of this app sends no real texts: the code appears in the Simulated SMS notification at the top right of the screen. If it still does not arrive, call ICBC customer service at 95588.',
    },
    info: {
      title: 'I entered wrong information',
      body: 'Check your details carefully, especially your mobile number and ID number, and register with your own real information so that nothing gets in your way later. Before you submit you can go back and correct a mistake; identity details already submitted cannot be changed in the app: call customer service at 95588.',
    },
    network: {
      title: 'Can I use the wallet without a network?',
      body: 'Activation, sign-in and payments need a network connection, so make sure yours is stable. Offline you can still open the wallet and see your balance and the transactions already synced in Statements; a withdrawal made offline waits in the outbox and is sent, once, when you are back online.',
    },
    payments: {
      title: 'What can I pay with the wallet?',
      body: "Online shopping: order on a site that accepts the ICBC digital wallet and pay with the wallet (Pay → Online shopping). In stores: show your pay code for the merchant to scan, or scan the merchant's code with Scan. Water, electricity and gas: pay them under Utilities. You can also Transfer to wallet users or bank cards.",
    },
    quickPay: {
      title: 'How does quick pay work?',
      body: 'Online shopping: after ordering on the merchant\'s page, click "Pay with ICBC digital wallet"; the wallet opens its checkout with the order (items, amount, merchant) and you confirm with your payment password. You can also copy the order\'s pay link and paste it into Pay → Online shopping. In stores: open Pay code for the merchant to scan; the code renews every minute. With small payments without password on, pay-code payments within the limit need no payment password (set it up under Settings → Account & security).',
    },
    promotions: {
      title: 'How do I use offers?',
      body: 'The ICBC digital wallet often runs offers. Claim coupons under Offers; when you pay (Scan, Online shopping, Utilities) the wallet lists the coupons that fit this payment and takes the chosen one off at once, showing what you pay before you confirm. Coupons have a minimum spend and an expiry date. New offers also reach you in Messages.',
    },
    wealth: {
      title: 'How do I use wealth products?',
      body: "Under Wealth, see each product's risk level, term and return, and buy with your wallet balance to manage your money and help it grow. Redeemed money comes back to your wallet balance; some products take a few business days. Wealth products are not deposits and carry risk: invest with care.",
    },
    compare: {
      title: 'How is the digital wallet different from a bank card?',
      body: "Each has its strengths; the table shows the main differences. All in all, the wallet's convenience and flexibility make it ever more popular for everyday spending; its money comes from your own linked bank card, and you can withdraw to that card at any time.",
    },
    security: {
      title: 'How do I keep my wallet safe?',
      body: 'Change your login and payment passwords regularly; turn on two-factor authentication; look at your signed-in devices now and then and remove any you do not know; do not open links lightly, especially in unexpected texts, emails or messages: this app shows where any link really goes and warns you before opening it; lock the wallet when you leave your computer, or shorten the auto-lock time in Settings. ICBC never asks for your passwords or codes by text, phone or link.',
    },
    backup: {
      title: 'Why and how do I back up?',
      body: 'After activation, keep a backup of your login information and transactions in case you change computers or lose data. Under Settings → Backup, choose a backup password and create an encrypted backup file, or turn on the daily automatic backup; when signing in on a new computer, choose Restore from backup. Keep the backup password safe: without it the backup cannot be opened.',
    },
    passwords: {
      title: 'I forgot my password or want to change it',
      body: 'Changing your login and payment passwords regularly is a good habit. Under Settings → Account & security you can change both, or reset a forgotten one with an SMS code; too many wrong payment passwords lock payments for a while: try again after the time shown.',
    },
    deregister: {
      title: 'How do I close my wallet?',
      body: "First withdraw the whole balance to a bank card, redeem every wealth product and let payments in progress finish; then go to Settings → Account & security → Close wallet and confirm with an SMS code and your login password. A closed wallet's records and account cannot be recovered, so think it over first.",
    },
  },
  links: {
    cards: 'Cards and top-up',
    accountSecurity: 'Account & security',
    history: 'Statements',
    online: 'Online shopping',
    paycode: 'Pay code',
    scan: 'Scan',
    bills: 'Utilities',
    transfer: 'Transfer',
    smallAmount: 'Small payments without password',
    promotions: 'Offers',
    messages: 'Messages',
    wealth: 'Wealth',
    twoFactor: 'Two-factor authentication',
    devices: 'Signed-in devices',
    settings: 'Auto-lock',
    backup: 'Backup',
    withdraw: 'Withdraw',
    deregister: 'Close wallet',
  },
  compare: {
    caption: 'The digital wallet beside a bank card',
    aspect: 'Aspect',
    wallet: 'ICBC digital wallet',
    card: 'Bank card',
    rows: {
      usage: {
        aspect: 'How it is used',
        wallet: 'An app: pay on your phone or computer with a pay code, Scan or online',
        card: 'Needs hardware such as a POS terminal or ATM, or a branch',
      },
      convenience: {
        aspect: 'Convenience',
        wallet: 'Transfer, pay bills, check history and claim offers anywhere, all in one place',
        card: 'Relies more on branches and the physical card',
      },
      security: {
        aspect: 'Security',
        wallet: 'Several layers: payment password, encrypted storage, two-factor authentication, auto-lock',
        card: 'Relies mainly on the chip and a PIN',
      },
    },
  },
  contact: 'Contact us',
  contactBody: 'If none of the above helps, call the ICBC customer service hotline and they will help you.',
  hotline: 'Customer service',
  officialSite: 'ICBC official website: ',
}

export default help

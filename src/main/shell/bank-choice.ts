/**
 * Which bank the Electron app talks to. Pure, so tests/unit/shell/bank-choice.test.ts asserts it.
 *
 * A packaged app always starts its embedded mock bank (src/main/platform/bank/embedded.ts) and
 * ignores the environment: a variable that pointed it at another address would send the customer's
 * passwords, SMS codes and session tokens there. An unpackaged build (npm start) may be pointed at a
 * bank of the developer's choosing; the bank client still refuses anything but https or loopback http
 * (src/main/platform/bank/client/url-policy.ts). The embedded bank's development routes are never
 * turned on here: only the harness and the tests ask for them.
 */

export const BANK_URL_ENV = 'ICBC_WALLET_BANK_URL'
/** The client secret of the bank named by BANK_URL_ENV, when it is a mock bank that wants one. */
export const BANK_SECRET_ENV = 'ICBC_WALLET_BANK_SECRET'

export type BankChoice =
  | { kind: 'embedded'; /** A variable a packaged app did not follow, for the log. */ ignored?: typeof BANK_URL_ENV }
  | { kind: 'external'; url: string; clientSecret?: string }

export function chooseBank(input: { isPackaged: boolean; env: Readonly<Record<string, string | undefined>> }): BankChoice {
  const url = input.env[BANK_URL_ENV]
  if (!url) return { kind: 'embedded' }
  if (input.isPackaged) return { kind: 'embedded', ignored: BANK_URL_ENV }
  const clientSecret = input.env[BANK_SECRET_ENV]
  return clientSecret ? { kind: 'external', url, clientSecret } : { kind: 'external', url }
}

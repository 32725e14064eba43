import { parseStrictUrl } from './url-guard'

/**
 * `icbc-wallet://` deep links. The OS hands these over from anywhere (a web page, a chat message), so
 * the parser accepts one exact shape and refuses everything that merely looks like it.
 */

export const DEEP_LINK_SCHEME = 'icbc-wallet'
const PREFIX = `${DEEP_LINK_SCHEME}://`
const MAX_LENGTH = 2048
const MAX_PARAMS = 16
const MAX_VALUE_LENGTH = 512
const PARAM_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,31}$/
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u

export const DEEP_LINK_ACTIONS = ['pay'] as const
export type DeepLinkAction = (typeof DEEP_LINK_ACTIONS)[number]

export interface DeepLink {
  readonly action: DeepLinkAction
  readonly params: Readonly<Record<string, string>>
}

export type DeepLinkResult = { readonly ok: true; readonly link: DeepLink } | { readonly ok: false; readonly reason: string }

function refuse(reason: string): DeepLinkResult {
  return { ok: false, reason }
}

export function parseDeepLink(raw: unknown): DeepLinkResult {
  if (typeof raw !== 'string') return refuse('not a string')
  if (raw.length > MAX_LENGTH) return refuse('too long')
  // Exact, case-sensitive prefix: no `ICBC-WALLET://`, `icbc-wallet:pay`, `icbc-wallet-evil://`, `xicbc-wallet://`.
  if (!raw.startsWith(PREFIX)) return refuse('not an icbc-wallet:// link')
  const url = parseStrictUrl(raw)
  if (!url || url.protocol !== `${DEEP_LINK_SCHEME}:`) return refuse('malformed')
  if (url.username || url.password) return refuse('userinfo')
  if (url.port) return refuse('port')
  const action = DEEP_LINK_ACTIONS.find((a) => a === url.host)
  if (!action) return refuse('unknown action')
  if (url.pathname !== '' && url.pathname !== '/') return refuse('unexpected path')
  if (url.hash) return refuse('fragment')

  const params: Record<string, string> = {}
  let count = 0
  for (const [name, value] of url.searchParams) {
    if (++count > MAX_PARAMS) return refuse('too many parameters')
    if (!PARAM_NAME.test(name)) return refuse('bad parameter name')
    if (Object.hasOwn(params, name)) return refuse('duplicate parameter')
    if (value.length > MAX_VALUE_LENGTH || CONTROL.test(value)) return refuse('bad parameter value')
    params[name] = value
  }
  return { ok: true, link: { action, params: Object.freeze(params) } }
}

/** For logs: the action and parameter names only; values may be personal (payee, amount, memo). */
export function deepLinkSummary(link: DeepLink): string {
  const names = Object.keys(link.params).sort()
  return names.length ? `${link.action}(${names.join(',')})` : link.action
}

/**
 * Windows and Linux pass a clicked link as a command-line argument (first launch: process.argv;
 * later: the second-instance event). Candidates are picked loosely so look-alikes are logged as
 * refused by parseDeepLink rather than silently ignored.
 */
export function deepLinkCandidates(argv: readonly string[]): string[] {
  return argv.filter((arg) => typeof arg === 'string' && arg.toLowerCase().startsWith(DEEP_LINK_SCHEME))
}

/**
 * Where every deep link lands, whichever way it arrived (open-url on macOS, argv on Windows/Linux):
 * a valid one is handed on (to the core, which offers it to the renderer's checkout); only a safe
 * summary is logged.
 */
export function onDeepLink(
  url: string,
  deliver: (url: string) => void = () => {},
  log: (message: string) => void = (m) => console.info(`[deep-link] ${m}`),
): DeepLinkResult {
  const result = parseDeepLink(url)
  log(result.ok ? `received ${deepLinkSummary(result.link)}` : `refused (${result.reason})`)
  if (result.ok) deliver(url)
  return result
}

/**
 * The links among a command line's arguments (Windows and Linux: the first launch's argv, a second
 * instance's argv), each through onDeepLink. Electron main and the browser harness both start here.
 */
export function deliverDeepLinkArgs(argv: readonly string[], deliver: (url: string) => void): DeepLinkResult[] {
  return deepLinkCandidates(argv).map((candidate) => onDeepLink(candidate, deliver))
}

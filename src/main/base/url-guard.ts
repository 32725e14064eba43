/**
 * Which URLs belong to the app. Pure (no electron import) so unit tests assert every decision.
 *
 * Electron hands these functions Chromium-canonical URLs, but they are written for hostile input:
 * anything with whitespace, control or bidi characters or a backslash is refused before parsing,
 * because WHATWG parsing silently strips or rewrites those and a check on the rewritten URL is not a
 * check on what was asked for.
 */
import { parseStrictUrl } from '../../shared/link-guard'

export const APP_SCHEME = 'app'
export const APP_HOST = 'wallet'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Where the renderer comes from: the app:// protocol, or (unpackaged only) the Vite dev server. */
export type ShellMode =
  { readonly kind: 'production' } | { readonly kind: 'development'; readonly origin: string; readonly url: string }

export const PRODUCTION: ShellMode = Object.freeze({ kind: 'production' })

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

// The strict parse is shared with the link guard (src/shared/link-guard.ts), which the renderer uses too.
export { parseStrictUrl }

/**
 * The dev server is trusted only when the app is not packaged and the URL is plain http on loopback:
 * a packaged build must never load its renderer (which holds the whole bridge) from an env variable.
 */
export function resolveShellMode(input: { isPackaged: boolean; rendererUrl: string | undefined }): ShellMode {
  if (input.isPackaged || !input.rendererUrl) return PRODUCTION
  const url = parseStrictUrl(input.rendererUrl)
  if (!url || url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || url.username || url.password) return PRODUCTION
  return Object.freeze({ kind: 'development', origin: url.origin, url: url.href })
}

export function appOrigin(mode: ShellMode): string {
  return mode.kind === 'production' ? APP_ORIGIN : mode.origin
}

/** The first URL the main window loads. */
export function entryUrl(mode: ShellMode): string {
  return mode.kind === 'production' ? APP_ENTRY_URL : mode.url
}

/** True only for a URL on the app's own origin (app://wallet, or the dev server origin in development). */
export function isAppUrl(raw: unknown, mode: ShellMode): boolean {
  const url = parseStrictUrl(raw)
  if (!url || url.username || url.password) return false
  if (mode.kind === 'development') return url.protocol === 'http:' && url.origin === mode.origin
  // `app:` is a registered standard scheme in Chromium (host lower-cased there) but Node parses it as
  // non-special, so the host is compared case-insensitively and exactly, with no port.
  return url.protocol === `${APP_SCHEME}:` && url.host.toLowerCase() === APP_HOST && !url.port
}

/** Top-level and frame navigations, and redirects, stay on the app origin; everything else is denied. */
export function isAllowedNavigation(raw: unknown, mode: ShellMode): boolean {
  return isAppUrl(raw, mode)
}

export type ExternalUrlDecision =
  | { readonly allowed: true; readonly url: string; readonly protocol: 'https:' | 'mailto:' | 'tel:' }
  | { readonly allowed: false; readonly reason: string }

const TEL = /^\+?[0-9][0-9().-]{1,31}$/
const MAILTO = /^[^\s@/?#,;]+@[^\s@/?#,;]+$/

/**
 * Which URLs may leave the app for the user's browser (or mail/phone app). The returned `url` is the
 * canonical form (punycode host, percent-encoded path), which is what the user must see and confirm.
 */
export function classifyExternalUrl(raw: unknown, mode: ShellMode = PRODUCTION): ExternalUrlDecision {
  const url = parseStrictUrl(raw)
  if (!url) return { allowed: false, reason: 'malformed' }
  if (isAppUrl(url.href, mode)) return { allowed: false, reason: 'app-url' }
  switch (url.protocol) {
    case 'https:':
      // userinfo is how `https://www.icbc.com.cn@evil.example/` fools people: never open it.
      if (url.username || url.password) return { allowed: false, reason: 'userinfo' }
      if (!url.hostname) return { allowed: false, reason: 'no-host' }
      return { allowed: true, url: url.href, protocol: 'https:' }
    case 'mailto:':
      return MAILTO.test(decodeSafe(url.pathname))
        ? { allowed: true, url: url.href, protocol: 'mailto:' }
        : { allowed: false, reason: 'bad-mailto' }
    case 'tel:':
      return TEL.test(url.pathname) && !url.search && !url.hash
        ? { allowed: true, url: url.href, protocol: 'tel:' }
        : { allowed: false, reason: 'bad-tel' }
    default:
      return { allowed: false, reason: `scheme ${url.protocol}` }
  }
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return ''
  }
}

export type WindowOpenDecision = { readonly action: 'deny'; readonly external?: string }

/**
 * window.open is always denied: a second window would carry the preload but not be the trusted main
 * frame, so it could do nothing useful. Links to allowed external URLs go through the external-link
 * guard (which asks the user) instead.
 */
export function decideWindowOpen(raw: unknown, mode: ShellMode): WindowOpenDecision {
  const external = classifyExternalUrl(raw, mode)
  return external.allowed ? { action: 'deny', external: external.url } : { action: 'deny' }
}

/** A refused top-level navigation may still be a link the user meant to open outside. */
export function decideNavigation(raw: unknown, mode: ShellMode): { readonly allow: boolean; readonly external?: string } {
  if (isAllowedNavigation(raw, mode)) return { allow: true }
  const external = classifyExternalUrl(raw, mode)
  return external.allowed ? { allow: false, external: external.url } : { allow: false }
}

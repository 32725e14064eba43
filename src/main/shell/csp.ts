import type { ShellMode } from '../base/url-guard'

const BASE: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  // Element Plus and Vue transitions set inline styles; inline *scripts* stay forbidden.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
]

/**
 * The renderer's Content-Security-Policy. Production has no 'unsafe-eval' and no inline scripts.
 * Development differs only in allowing Vite's HMR websocket: the Vite client and Vue SFCs need no
 * eval, so the dev policy stays just as strict otherwise.
 */
export function cspFor(mode: ShellMode): string {
  return BASE.map(([directive, value]) => {
    if (directive === 'connect-src' && mode.kind === 'development')
      return `${directive} ${value} ${mode.origin.replace(/^http:/, 'ws:')}`
    return `${directive} ${value}`
  }).join('; ')
}

/** Response headers with exactly one Content-Security-Policy (any existing one, in any case, replaced). */
export function withCsp(headers: Record<string, string[] | string> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue
    out[name] = Array.isArray(value) ? value : [value]
  }
  out['Content-Security-Policy'] = [csp]
  return out
}

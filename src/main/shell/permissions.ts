import { isAppUrl, type ShellMode } from '../base/url-guard'

/**
 * Web permissions: denied unless listed here. Each entry says why the wallet needs it, so widening
 * the list is a reviewed change, not a default.
 */
export const PERMISSION_ALLOWLIST = {
  /** Copy an account number or a transaction reference (navigator.clipboard.writeText). */
  'clipboard-sanitized-write': { media: 'none' },
  /** Camera only, for 扫一扫 (scanning payment QR codes); never the microphone. */
  media: { media: 'video-only' },
} as const satisfies Record<string, { media: 'none' | 'video-only' }>

export interface PermissionQuery {
  permission: string
  /** The requesting frame's URL, else its origin (check handlers get only an origin). */
  requestingUrl: string | undefined
  isMainFrame: boolean
  /** Request handlers: `details.mediaTypes`; check handlers: `[details.mediaType]`. */
  mediaTypes?: readonly string[] | undefined
  /** Whether the asking WebContents is the app's main window. */
  fromMainWindow: boolean
}

export function shouldAllowPermission(query: PermissionQuery, mode: ShellMode): boolean {
  if (!Object.hasOwn(PERMISSION_ALLOWLIST, query.permission)) return false
  if (!query.fromMainWindow || !query.isMainFrame || !isAppUrl(query.requestingUrl, mode)) return false
  const rule = PERMISSION_ALLOWLIST[query.permission as keyof typeof PERMISSION_ALLOWLIST]
  if (rule.media === 'none') return true
  const types = query.mediaTypes ?? []
  return types.length > 0 && types.every((t) => t === 'video')
}

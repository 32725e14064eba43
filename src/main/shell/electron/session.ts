import type { Session, WebContents } from 'electron'
import { cspFor, withCsp } from '../csp'
import { shouldAllowPermission } from '../permissions'
import type { ShellMode } from '../../base/url-guard'

/**
 * Permissions denied unless permissions.ts allows them; device pickers (HID/USB/serial) always
 * denied. In development the dev server's responses get the CSP header (in production the app://
 * handler sends it).
 */
export function hardenSession(ses: Session, mode: ShellMode, isMainWindow: (contents: WebContents | null) => boolean): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined
    const query = {
      permission,
      requestingUrl: details.requestingUrl,
      isMainFrame: details.isMainFrame,
      mediaTypes,
      fromMainWindow: isMainWindow(contents),
    }
    callback(shouldAllowPermission(query, mode))
  })

  ses.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    shouldAllowPermission(
      {
        permission,
        requestingUrl: details.requestingUrl ?? requestingOrigin,
        isMainFrame: details.isMainFrame,
        mediaTypes: details.mediaType ? [details.mediaType] : undefined,
        fromMainWindow: isMainWindow(contents),
      },
      mode,
    ),
  )

  ses.setDevicePermissionHandler(() => false)

  if (mode.kind === 'development') {
    const csp = cspFor(mode)
    ses.webRequest.onHeadersReceived({ urls: [`${mode.origin}/*`] }, (details, callback) => {
      callback({ responseHeaders: withCsp(details.responseHeaders, csp) })
    })
  }
}

import type { WebContents } from 'electron'
import type { OpenExternalGuarded } from '../external-links'
import { decideNavigation, decideWindowOpen, isAllowedNavigation, type ShellMode } from '../../base/url-guard'

/**
 * Applied to every WebContents the app creates (app 'web-contents-created'): no webviews, no new
 * windows, no navigation or redirect off the app origin. Links the user may want outside go through
 * the external-link guard, which asks first.
 */
export function hardenWebContents(contents: WebContents, mode: ShellMode, openExternal: OpenExternalGuarded): void {
  contents.on('will-attach-webview', (event) => event.preventDefault())

  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, mode)
    if (decision.external) void openExternal(decision.external)
    return { action: 'deny' }
  })

  contents.on('will-navigate', (event) => {
    const decision = decideNavigation(event.url, mode)
    if (decision.allow) return
    event.preventDefault()
    if (decision.external) void openExternal(decision.external)
  })

  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, mode)) event.preventDefault()
  })

  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, mode)) event.preventDefault()
  })
}

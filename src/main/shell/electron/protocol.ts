import { protocol } from 'electron'
import { createAppProtocolHandler } from '../app-protocol'
import { APP_SCHEME } from '../../base/url-guard'

/**
 * app:// as a standard, secure scheme: a real origin (app://wallet) for CSP 'self', fetch and
 * module scripts, without file://'s access to the whole disk. Must run before app 'ready'.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ])
}

/** Serves out/renderer on app://wallet/ with the production CSP header (after 'ready'). */
export function serveAppProtocol(root: string, csp: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root, csp }))
}

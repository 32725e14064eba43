import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { isAppUrl, PRODUCTION } from '../base/url-guard'

/**
 * Serves the built renderer on app://wallet/… (registered by the Electron glue with protocol.handle).
 * Node and fetch types only, so it is tested against real files without Electron.
 */

export type AssetResolution = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'forbidden' }

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps a request URL to a file under root. Paths are decoded, resolved and then checked to still be
 * inside root (encoded `..` and `/` included); hidden files are never served. Extension-less paths
 * fall back to index.html so an HTML5-history route survives a reload.
 */
export function resolveAppAsset(root: string, requestUrl: string): AssetResolution {
  if (!isAppUrl(requestUrl, PRODUCTION)) return { kind: 'forbidden' }
  const base = resolve(root)
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(requestUrl).pathname)
  } catch {
    return { kind: 'forbidden' }
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { kind: 'forbidden' }
  const segments = pathname.split('/').filter((s) => s !== '')
  if (segments.some((s) => s.startsWith('.') || s.includes(':'))) return { kind: 'forbidden' }

  const last = segments.at(-1)
  const wantsPage = last === undefined || pathname.endsWith('/') || !last.includes('.')
  const target = wantsPage ? join(base, 'index.html') : resolve(base, ...segments)
  const rel = relative(base, target)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { kind: 'forbidden' }
  return { kind: 'file', path: target }
}

export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  root: string
  /** Sent on every response; the page's CSP comes from the index.html response. */
  csp: string
  read?: (path: string) => Promise<Uint8Array>
}

function textResponse(status: number, body: string, csp: string): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': csp } })
}

export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const read = options.read ?? ((path: string) => readFile(path))
  const { csp, root } = options

  return async function handle(request: Request): Promise<Response> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'method not allowed', csp)
    const asset = resolveAppAsset(root, request.url)
    if (asset.kind === 'forbidden') return textResponse(403, 'forbidden', csp)
    let body: Uint8Array
    try {
      body = await read(asset.path)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return textResponse(404, 'not found', csp)
      console.error('[app-protocol] read failed:', code ?? error)
      return textResponse(500, 'internal error', csp)
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(asset.path),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': 'no-cache',
      },
    })
  }
}

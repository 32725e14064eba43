import { describe, expect, it } from 'vitest'
import { cspFor, withCsp } from '../../../src/main/shell/csp'
import { PRODUCTION, resolveShellMode } from '../../../src/main/base/url-guard'

function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values.join(' ')]),
  )
}

describe('cspFor', () => {
  it('is the strict production policy', () => {
    expect(cspFor(PRODUCTION)).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
  })

  it('never allows eval or inline scripts in production', () => {
    const csp = cspFor(PRODUCTION)
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).not.toContain('wasm-unsafe-eval')
    expect(directives(csp).get('script-src')).toBe("'self'")
    expect(directives(csp).get('object-src')).toBe("'none'")
  })

  it('in development adds only the HMR websocket of the dev server', () => {
    const dev = resolveShellMode({ isPackaged: false, rendererUrl: 'http://localhost:5173/' })
    const csp = directives(cspFor(dev))
    expect(csp.get('connect-src')).toBe("'self' ws://localhost:5173")
    expect(csp.get('script-src')).toBe("'self'")
    expect(cspFor(dev)).not.toContain('unsafe-eval')
    const prod = directives(cspFor(PRODUCTION))
    for (const [name, value] of prod) if (name !== 'connect-src') expect(csp.get(name)).toBe(value)
  })
})

describe('withCsp', () => {
  it('replaces any CSP header, whatever its case, and keeps the others', () => {
    const headers = withCsp(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'], 'X-One': 'a' },
      'default-src none',
    )
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'X-One': ['a'], 'Content-Security-Policy': ['default-src none'] })
    expect(withCsp(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] })
  })
})

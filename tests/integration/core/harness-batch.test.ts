import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { HARNESS_BATCH_MAX, startHarnessServer } from '../../../src/main/ipc/harness'
import type { WalletCore } from '../../../src/main/ipc/wallet'
import { createHarnessBridge } from '../../../src/renderer/src/api/harness-transport'
import type { Result } from '../../../src/shared/errors'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/**
 * A harness over a core whose router answers `echo` at once, `slow` when the test lets it, and
 * anything else with UNKNOWN_CHANNEL, so the transport's batching is seen on its own.
 */
async function harness() {
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  const seen: string[] = []
  const core = {
    router: {
      has: () => true,
      async call(channel: string, input: unknown): Promise<Result<unknown>> {
        seen.push(channel)
        if (channel === 'echo') return { ok: true, value: input ?? null }
        if (channel === 'slow') {
          await gate
          return { ok: true, value: 'slow' }
        }
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${channel}` } }
      },
    },
    events: { subscribe: () => () => {} },
  } as unknown as WalletCore
  const rendererDir = mkdtempSync(join(tmpdir(), 'harness-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  mkdirSync(join(rendererDir, 'assets'))
  writeFileSync(join(rendererDir, 'assets', 'index-AbCd1234.js'), 'export {}')
  const server = await startHarnessServer({ core, rendererDir, token: 'test-token-0123456789' })
  cleanups.push(() => server.close())
  cleanups.push(() => release())
  const requests: string[] = []
  const realFetch = globalThis.fetch
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((url, init) => {
    requests.push(new URL(String(url)).pathname)
    return realFetch(url, init)
  })
  cleanups.push(() => spy.mockRestore())
  return { server, seen, requests, release }
}

type Invoke = (channel: string, input?: unknown) => Promise<Result<unknown>>

describe('the harness page', () => {
  it('lets the browser keep the content-named assets and asks again for the page', async () => {
    const h = await harness()
    const asset = await fetch(`${h.server.url}/assets/index-AbCd1234.js`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    for (const path of ['/', '/index.html', '/history']) {
      const page = await fetch(`${h.server.url}${path}`)
      expect(page.status).toBe(200)
      expect(page.headers.get('cache-control')).toBe('no-cache')
    }
  })
})

describe('the harness transport', () => {
  it('sends the calls of one turn as one request, each answered with its own result', async () => {
    const h = await harness()
    const invoke = createHarnessBridge(h.server.token, h.server.url).invoke as Invoke
    const answers = await Promise.all([invoke('echo', { n: 1 }), invoke('nope'), invoke('echo'), invoke('echo', 'x')])
    expect(answers).toEqual([
      { ok: true, value: { n: 1 } },
      { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'unknown channel: nope' } },
      { ok: true, value: null },
      { ok: true, value: 'x' },
    ])
    expect(h.requests).toEqual(['/api/invoke-batch'])
    // In the order they were made.
    expect(h.seen).toEqual(['echo', 'nope', 'echo', 'echo'])

    // A call made alone is the plain request; a later turn is a request of its own.
    expect(await invoke('echo', 2)).toEqual({ ok: true, value: 2 })
    expect(h.requests).toEqual(['/api/invoke-batch', '/api/invoke/echo'])
  })

  it('answers a quick call while a slow one of the same batch is still running', async () => {
    const h = await harness()
    const invoke = createHarnessBridge(h.server.token, h.server.url).invoke as Invoke
    const slow = invoke('slow')
    let slowDone = false
    void slow.then(() => (slowDone = true))
    expect(await invoke('echo', 'quick')).toEqual({ ok: true, value: 'quick' })
    expect(slowDone).toBe(false)
    expect(h.requests).toEqual(['/api/invoke-batch'])
    h.release()
    expect(await slow).toEqual({ ok: true, value: 'slow' })
  })

  it(`splits more than ${HARNESS_BATCH_MAX} calls into several requests`, async () => {
    const h = await harness()
    const invoke = createHarnessBridge(h.server.token, h.server.url).invoke as Invoke
    const many = Array.from({ length: HARNESS_BATCH_MAX + 1 }, (_, i) => invoke('echo', i))
    expect((await Promise.all(many)).map((r) => (r.ok ? r.value : r.error.code))).toEqual(
      Array.from({ length: HARNESS_BATCH_MAX + 1 }, (_, i) => i),
    )
    expect(h.requests).toEqual(['/api/invoke-batch', '/api/invoke/echo'])
  })

  it('refuses a batch without the token, or malformed, as a whole and with a stable code', async () => {
    const h = await harness()
    const wrong = createHarnessBridge('wrong-token', h.server.url).invoke as Invoke
    expect(await Promise.all([wrong('echo'), wrong('echo')])).toEqual([
      { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong harness token' } },
      { ok: false, error: { code: 'UNAUTHORIZED', message: 'missing or wrong harness token' } },
    ])
    expect(h.seen).toEqual([])

    const post = (body: unknown) =>
      fetch(`${h.server.url}/api/invoke-batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${h.server.token}` },
        body: JSON.stringify(body),
      })
    for (const bad of [
      {},
      [],
      [{ channel: 1 }],
      [{ channel: 'echo', extra: true }],
      Array(HARNESS_BATCH_MAX + 1).fill({ channel: 'echo' }),
    ]) {
      const res = await post(bad)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
    expect(h.seen).toEqual([])

    // An answered batch carries the headers every harness answer does.
    const res = await post([{ channel: 'echo', input: 1 }])
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await res.text()).toBe('{"i":0,"result":{"ok":true,"value":1}}\n')
  })

  it('sends what was asked at once when flushed, not at the end of the turn', async () => {
    const h = await harness()
    const bridge = createHarnessBridge(h.server.token, h.server.url)
    const invoke = bridge.invoke as Invoke
    const answers = Promise.all([invoke('echo', 1), invoke('echo', 2)])
    expect(h.requests).toEqual([])
    bridge.flush()
    expect(h.requests).toEqual(['/api/invoke-batch'])
    const later = invoke('echo', 3)
    expect(await answers).toEqual([
      { ok: true, value: 1 },
      { ok: true, value: 2 },
    ])
    expect(await later).toEqual({ ok: true, value: 3 })
    expect(h.requests).toEqual(['/api/invoke-batch', '/api/invoke/echo'])
  })

  it('answers every call of a batch the harness could not finish with NETWORK', async () => {
    const h = await harness()
    const invoke = createHarnessBridge(h.server.token, h.server.url).invoke as Invoke
    const both = Promise.all([invoke('slow'), invoke('slow')])
    await vi.waitFor(() => expect(h.seen).toEqual(['slow', 'slow']))
    await h.server.close()
    const answers = await both
    expect(answers.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['NETWORK', 'NETWORK'])
  })
})

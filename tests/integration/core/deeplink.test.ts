import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deliverDeepLinkArgs } from '../../../src/main/base/deep-link'
import { startHarnessServer } from '../../../src/main/ipc/harness'
import { startBank, startCore } from '../../support/wallet'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe('payment deep links', () => {
  it('are offered to the renderer as an event and kept until taken, once', async () => {
    const bank = await startBank()
    cleanups.push(() => bank.close())
    const app = await startCore(bank)
    cleanups.push(() => app.core.dispose())
    const seen: unknown[] = []
    app.core.events.subscribe((name, payload) => {
      if (name === 'deeplink.pay') seen.push(payload)
    })
    expect(await app.ok('deeplink.take')).toBeNull()
    app.core.offerDeepLink('icbc-wallet://pay?order=O1&sig=abc')
    expect(seen).toEqual([{ link: 'icbc-wallet://pay?order=O1&sig=abc' }])
    expect(await app.ok('deeplink.take')).toEqual({ link: 'icbc-wallet://pay?order=O1&sig=abc' })
    expect(await app.ok('deeplink.take')).toBeNull()
  })

  it('come from a command line (a link that started the app) through the parser, look-alikes refused', async () => {
    const bank = await startBank()
    cleanups.push(() => bank.close())
    const app = await startCore(bank)
    cleanups.push(() => app.core.dispose())
    const log = vi.spyOn(console, 'info').mockImplementation(() => {})
    cleanups.push(async () => log.mockRestore())
    const results = deliverDeepLinkArgs(
      ['--data-dir', '/tmp/x', 'icbc-wallet-evil://pay?order=O9', 'icbc-wallet://pay?order=O2'],
      (url) => app.core.offerDeepLink(url),
    )
    expect(results.map((r) => r.ok)).toEqual([false, true])
    expect(await app.ok('deeplink.take')).toEqual({ link: 'icbc-wallet://pay?order=O2' })
  })

  it('come into the harness as the OS hands them over: behind its token, through the parser, to the core', async () => {
    const bank = await startBank()
    cleanups.push(() => bank.close())
    const app = await startCore(bank)
    cleanups.push(() => app.core.dispose())
    const rendererDir = mkdtempSync(join(tmpdir(), 'harness-renderer-'))
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
    const server = await startHarnessServer({ core: app.core, rendererDir, token: 'test-token-0123456789' })
    cleanups.push(() => server.close())
    const log = vi.spyOn(console, 'info').mockImplementation(() => {})
    cleanups.push(async () => log.mockRestore())
    const open = (url: unknown, token = server.token) =>
      fetch(`${server.url}/api/os/open-url`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ url }),
      })

    expect((await open('icbc-wallet://pay?order=O1', 'wrong')).status).toBe(401)
    expect(await (await open('ICBC-WALLET://pay?order=O1')).json()).toEqual({
      ok: true,
      value: { delivered: false, reason: 'not an icbc-wallet:// link' },
    })
    expect(await (await open(42)).json()).toMatchObject({ value: { delivered: false } })
    expect(await app.ok('deeplink.take')).toBeNull()
    expect(await (await open('icbc-wallet://pay?order=O1&sig=abc')).json()).toEqual({ ok: true, value: { delivered: true } })
    expect(await app.ok('deeplink.take')).toEqual({ link: 'icbc-wallet://pay?order=O1&sig=abc' })
    // Only the action and parameter names reach the log, never the values.
    expect(JSON.stringify(log.mock.calls)).not.toContain('O1')
  })
})

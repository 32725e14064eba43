import { afterEach, describe, expect, it } from 'vitest'
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
})

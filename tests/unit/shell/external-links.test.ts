import { describe, expect, it, vi } from 'vitest'
import { createExternalLinkGuard, externalLinkMessage, externalLinkPrompt } from '../../../src/main/shell/external-links'

function setup(answer: boolean | (() => Promise<boolean>)) {
  const confirm = vi.fn(typeof answer === 'function' ? answer : async () => answer)
  const open = vi.fn(async () => {})
  const log = vi.fn()
  return { confirm, open, log, guard: createExternalLinkGuard({ confirm, open, log }) }
}

describe('external link prompt', () => {
  it('names the full URL, in Chinese, with 打开/取消 and Cancel as default', () => {
    const url = 'https://www.icbc.com.cn/a/very/long/path?with=query&and=more#fragment'
    expect(externalLinkMessage(url)).toBe(`即将离开工行数字钱包，打开外部链接：${url}，请确认链接可信。`)
    const prompt = externalLinkPrompt(url)
    expect(prompt.message).toContain(url)
    expect(prompt.buttons).toEqual(['打开', '取消'])
    expect(prompt).toMatchObject({ defaultId: 1, cancelId: 1, noLink: true, title: '打开外部链接' })
  })

  it('follows the language setting, Cancel still the default', () => {
    const url = 'https://www.icbc.com.cn/'
    const prompt = externalLinkPrompt(url, 'en-US')
    expect(prompt).toMatchObject({ title: 'Open external link', buttons: ['Open', 'Cancel'], defaultId: 1, cancelId: 1 })
    expect(prompt.message).toBe(`You are leaving ICBC Digital Wallet to open an external link: ${url}. Make sure you trust it.`)
    expect(externalLinkPrompt(url, 'zh-CN')).toEqual(externalLinkPrompt(url))
  })
})

describe('openExternalGuarded', () => {
  it('opens only after the user confirms the canonical URL', async () => {
    const { guard, confirm, open } = setup(true)
    await expect(guard('HTTPS://WWW.ICBC.COM.CN/x')).resolves.toBe('opened')
    expect(confirm).toHaveBeenCalledWith('https://www.icbc.com.cn/x')
    expect(open).toHaveBeenCalledWith('https://www.icbc.com.cn/x')
  })

  it('does not open when the user cancels', async () => {
    const { guard, open } = setup(false)
    await expect(guard('https://www.icbc.com.cn/')).resolves.toBe('cancelled')
    expect(open).not.toHaveBeenCalled()
  })

  it.each([
    'http://www.icbc.com.cn/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'app://wallet/',
    'https://a@evil.com/',
    'smb://x/y',
    42,
  ])('refuses %j without asking', async (url) => {
    const { guard, confirm, open, log } = setup(true)
    await expect(guard(url)).resolves.toBe('refused')
    expect(confirm).not.toHaveBeenCalled()
    expect(open).not.toHaveBeenCalled()
    expect(log).toHaveBeenCalledOnce()
  })

  it('shows one prompt at a time', async () => {
    let answer: (yes: boolean) => void = () => {}
    const { guard, confirm, open } = setup(async () => false)
    confirm.mockImplementationOnce(() => new Promise<boolean>((resolve) => (answer = resolve)))
    const first = guard('https://a.example/')
    await expect(guard('https://b.example/')).resolves.toBe('busy')
    answer(true)
    await expect(first).resolves.toBe('opened')
    expect(confirm).toHaveBeenCalledOnce()
    expect(open).toHaveBeenCalledWith('https://a.example/')
    // Once answered, the next link gets its own prompt.
    await expect(guard('https://c.example/')).resolves.toBe('cancelled')
    expect(confirm).toHaveBeenCalledTimes(2)
  })
})

describe('openExternalGuarded and the link guard', () => {
  it.each(['https://icbc.com.cn.points-gift.xyz/redeem', 'https://icbc-wallet-verify.top/', 'https://192.168.1.20/', 'https://xn--fiqs8s.com/'])(
    'refuses a flagged link that did not come through the in-app guard: %s',
    async (url) => {
      const { guard, confirm, open } = setup(true)
      await expect(guard(url)).resolves.toBe('refused')
      expect(confirm).not.toHaveBeenCalled()
      expect(open).not.toHaveBeenCalled()
    },
  )
})

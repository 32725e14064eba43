import { describe, expect, it } from 'vitest'
import { assessLink, decodePunycodeLabel, findLinks, type LinkAssessment } from '../../../src/shared/link-guard'

function ok(raw: string): Extract<LinkAssessment, { ok: true }> {
  const a = assessLink(raw)
  if (!a.ok) throw new Error(`refused ${raw}: ${a.reason}`)
  return a
}

describe('assessLink: clean links', () => {
  it("the bank's own domain over https is clean and official, and still says where it goes", () => {
    const a = ok('https://www.icbc.com.cn/')
    expect(a).toMatchObject({ flags: [], official: true, domain: 'icbc.com.cn', url: 'https://www.icbc.com.cn/' })
    expect(a.parts).toEqual({ scheme: 'https://', before: 'www.', domain: 'icbc.com.cn', after: '/' })
  })

  it('a deeper subdomain and a path of the bank stay official', () => {
    const a = ok('https://mybank.icbc.com.cn/icbc/newperbank/index.jsp?x=1#top')
    expect(a).toMatchObject({ flags: [], official: true, domain: 'icbc.com.cn' })
    expect(a.parts.after).toBe('/icbc/newperbank/index.jsp?x=1#top')
  })

  it('another https domain is clean but not official', () => {
    expect(ok('https://www.example.org/help')).toMatchObject({ flags: [], official: false, domain: 'example.org' })
  })

  it('the registrable domain follows the Public Suffix List, not the last two labels', () => {
    expect(ok('https://news.bbc.co.uk/').domain).toBe('bbc.co.uk')
    expect(ok('https://a.b.example.com.cn/').domain).toBe('example.com.cn')
  })

  it('a trailing dot on the host does not change what is assessed', () => {
    expect(ok('https://www.icbc.com.cn./')).toMatchObject({ domain: 'icbc.com.cn', official: true, flags: [] })
  })
})

describe('assessLink: every flag', () => {
  it("look-alike suffix: the bank's domain as subdomain labels of another registrable domain", () => {
    const a = ok('https://icbc.com.cn.points-gift.xyz/redeem')
    expect(a.flags).toContain('lookalike-suffix')
    expect(a).toMatchObject({ official: false, domain: 'points-gift.xyz' })
    expect(a.parts).toEqual({ scheme: 'https://', before: 'icbc.com.cn.', domain: 'points-gift.xyz', after: '/redeem' })
    expect(ok('https://www.icbc.com.cn.secure-login.com.cn/').flags).toContain('lookalike-suffix')
  })

  it("the brand's name inside someone else's domain", () => {
    expect(ok('https://icbc-wallet-verify.top/login').flags).toEqual(['brand-imitation'])
    expect(ok('https://icbc.evil.example/').flags).toEqual(['brand-imitation'])
    expect(ok('https://ICBC-Service.com/').flags).toEqual(['brand-imitation'])
  })

  it('plain http, even to the bank', () => {
    expect(ok('http://www.icbc.com.cn/').flags).toEqual(['http'])
    expect(ok('http://icbc-wallet-verify.top/login').flags).toEqual(['http', 'brand-imitation'])
  })

  it('an IP address, v4 in any notation and v6', () => {
    expect(ok('https://192.168.1.20/login')).toMatchObject({ flags: ['ip'], domain: null })
    // WHATWG parsing turns hex and short forms into dotted quads; the flag still applies.
    expect(ok('https://0x7f.1/').flags).toEqual(['ip'])
    expect(ok('https://[2001:db8::1]/').flags).toEqual(['ip'])
    expect(ok('http://10.0.0.1:8080/').flags).toEqual(['http', 'ip'])
  })

  it('punycode: an internationalised name is flagged and shown decoded', () => {
    const a = ok('https://xn--fiqs8s.com/')
    expect(a.flags).toEqual(['punycode'])
    expect(a.unicodeHost).toBe('中国.com')
    // Typed in Unicode, parsed to its ASCII form.
    expect(ok('https://中国.com/').flags).toEqual(['punycode'])
  })

  it('mixed scripts: a Cyrillic letter inside a Latin name', () => {
    // "іcbc" with a Cyrillic і (U+0456).
    const a = ok('https://\u0456cbc.com.cn.example.com/')
    expect(a.flags).toEqual(expect.arrayContaining(['punycode', 'mixed-script']))
    expect(ok('https://www.\u0456cbc.com/').flags).toEqual(expect.arrayContaining(['punycode', 'mixed-script']))
    // One script per label is not mixed.
    expect(ok('https://中国.com/').flags).not.toContain('mixed-script')
  })

  it('several flags at once, each named once', () => {
    const a = ok('http://icbc.com.cn.xn--80ak6aa92e.com/')
    expect(a.flags).toEqual(expect.arrayContaining(['http', 'lookalike-suffix', 'punycode']))
    expect(new Set(a.flags).size).toBe(a.flags.length)
  })
})

describe('assessLink: hostile input is refused, never thrown on', () => {
  it.each([
    ['javascript:alert(1)', 'scheme'],
    ['data:text/html,<b>x</b>', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['ftp://icbc.com.cn/', 'scheme'],
    ['icbc-wallet://pay?x=1', 'scheme'],
    ['https://www.icbc.com.cn@evil.example/', 'userinfo'],
    ['https://user:pw@www.icbc.com.cn/', 'userinfo'],
    ['not a url', 'malformed'],
    ['', 'malformed'],
    ['https://www.icbc.com.cn/\u202Egnp.exe', 'malformed'],
    ['https://www.icbc.com.cn/\u200B', 'malformed'],
    ['https://www.icbc.com.cn\\@evil.example/', 'malformed'],
    ['https://www.icbc.com.cn/ x', 'malformed'],
    ['https://www.icbc.com.cn/\u0000', 'malformed'],
    [`https://www.icbc.com.cn/${'a'.repeat(9000)}`, 'malformed'],
    ['https://', 'malformed'],
  ])('%# → %s', (raw, reason) => {
    expect(assessLink(raw)).toEqual({ ok: false, reason })
  })

  it.each([undefined, null, 42, {}, ['https://www.icbc.com.cn/']])('a non-string (%s) is malformed', (raw) => {
    expect(assessLink(raw)).toEqual({ ok: false, reason: 'malformed' })
  })

  it('a broken punycode label is flagged, not thrown on', () => {
    expect(decodePunycodeLabel('xn--')).toBeUndefined()
    expect(decodePunycodeLabel('xn--a-$$$')).toBeUndefined()
    // The URL parser refuses what it cannot decode; what it accepts is flagged whether or not it decodes.
    // Which one depends on the parser: Node 20's refuses this label, Node 24's (and so a later Electron's)
    // accepts it; either way it never passes as an official, unflagged link.
    const broken = assessLink('https://xn--zz-9999999999.com/')
    if (broken.ok) expect(broken).toMatchObject({ official: false, flags: ['punycode'] })
    else expect(broken).toEqual({ ok: false, reason: 'malformed' })
    expect(ok('https://xn--ls8h.com/')).toMatchObject({ flags: ['punycode'], unicodeHost: '\u{1F4A9}.com' })
  })
})

describe('findLinks', () => {
  it('splits message text into text and links, leaving Chinese punctuation and a trailing full stop out', () => {
    const text = '点击 https://icbc.com.cn.points-gift.xyz/redeem 立即兑换，详情见 https://www.icbc.com.cn/ 。访问 http://a.example/x。'
    expect(findLinks(text)).toEqual([
      { kind: 'text', text: '点击 ' },
      { kind: 'link', text: 'https://icbc.com.cn.points-gift.xyz/redeem' },
      { kind: 'text', text: ' 立即兑换，详情见 ' },
      { kind: 'link', text: 'https://www.icbc.com.cn/' },
      { kind: 'text', text: ' 。访问 ' },
      { kind: 'link', text: 'http://a.example/x' },
      { kind: 'text', text: '。' },
    ])
  })

  it('trailing ASCII punctuation and closing brackets stay text', () => {
    expect(findLinks('see (https://www.icbc.com.cn/a).')).toEqual([
      { kind: 'text', text: 'see (' },
      { kind: 'link', text: 'https://www.icbc.com.cn/a' },
      { kind: 'text', text: ').' },
    ])
  })

  it('text without links is one text part; an empty text is none', () => {
    expect(findLinks('没有链接')).toEqual([{ kind: 'text', text: '没有链接' }])
    expect(findLinks('')).toEqual([])
  })
})

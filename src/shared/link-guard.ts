/**
 * The one link guard: what a link really points to and what is wrong with it, before anything opens it.
 * Pure (no Node modules, no DOM), so the renderer's dialog (src/renderer/src/features/links) and main's
 * `link.open` (src/main/core/links.ts) make the same decision, and unit tests assert every case
 * (tests/unit/links/link-guard.test.ts).
 *
 * The registrable domain comes from the Public Suffix List through `tldts`: "the last two labels" is
 * wrong for `example.com.cn` or `bbc.co.uk`, and a hand-written suffix list goes stale.
 */
import { parse } from 'tldts'

/** The bank's own registrable domains. */
export const OFFICIAL_DOMAINS: readonly string[] = ['icbc.com.cn']
/** Names people associate with the bank: inside anybody else's domain they imitate it. */
const BRAND_TOKENS: readonly string[] = ['icbc']

/**
 * What can be wrong with a link that still may be opened after a second, explicit confirmation:
 * - `http`: not encrypted; anyone on the way can read or change the page;
 * - `ip`: an address instead of a name, so nobody vouches for who is there;
 * - `lookalike-suffix`: the bank's domain appears as subdomain labels of another registrable domain
 *   (`icbc.com.cn.points-gift.xyz` belongs to `points-gift.xyz`);
 * - `brand-imitation`: the bank's name inside another domain (`icbc-wallet-verify.top`);
 * - `punycode`: an internationalised name (`xn--…`), which can imitate Latin letters;
 * - `mixed-script`: one label mixing scripts (a Cyrillic `і` among Latin letters).
 */
export const LINK_FLAGS = ['http', 'ip', 'lookalike-suffix', 'brand-imitation', 'punycode', 'mixed-script'] as const
export type LinkFlag = (typeof LINK_FLAGS)[number]

/** Links that are never opened at all, whatever the user says. */
export type LinkRefusal = 'malformed' | 'scheme' | 'userinfo'

export interface LinkParts {
  scheme: string
  /** The labels in front of the registrable domain, with their dot (`www.`). */
  before: string
  /** The registrable domain (or the whole host for an IP address). */
  domain: string
  /** Port, path, query and fragment. */
  after: string
}

export type LinkAssessment =
  | {
      ok: true
      /** The canonical URL (punycode host, percent-encoded path): what is opened and what the user confirms. */
      url: string
      host: string
      /** The host with its punycode labels decoded, when it has any; else the host. */
      unicodeHost: string
      /** The registrable domain (Public Suffix List); null for an IP address or a name without one. */
      domain: string | null
      /** The registrable domain is the bank's own. */
      official: boolean
      flags: LinkFlag[]
      parts: LinkParts
    }
  | { ok: false; reason: LinkRefusal }

const MAX_URL_LENGTH = 8192
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const UNSAFE_CHARS = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\\]/u

/**
 * Parses a URL only if the raw text is already clean; undefined for anything else. WHATWG parsing
 * silently strips or rewrites whitespace, control and direction characters and backslashes, and a
 * check on the rewritten URL is not a check on what was asked for.
 */
export function parseStrictUrl(raw: unknown): URL | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_URL_LENGTH || UNSAFE_CHARS.test(raw)) return undefined
  try {
    return new URL(raw)
  } catch {
    return undefined
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

export function assessLink(raw: unknown): LinkAssessment {
  const url = parseStrictUrl(raw)
  if (!url) return { ok: false, reason: 'malformed' }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' }
  // `https://www.icbc.com.cn@evil.example/` goes to evil.example: never opened.
  if (url.username || url.password) return { ok: false, reason: 'userinfo' }
  const host = url.hostname.replace(/\.$/, '')
  if (!host) return { ok: false, reason: 'malformed' }

  const flags = new Set<LinkFlag>()
  if (url.protocol === 'http:') flags.add('http')
  const scheme = `${url.protocol}//`
  const after = url.href.slice(scheme.length + url.host.length)
  const isIp = host.startsWith('[') || IPV4.test(host)
  if (isIp) {
    flags.add('ip')
    return { ok: true, url: url.href, host, unicodeHost: host, domain: null, official: false, flags: [...flags], parts: { scheme, before: '', domain: url.host, after } }
  }

  const parsed = parse(host)
  const domain = parsed.domain
  const official = domain !== null && OFFICIAL_DOMAINS.includes(domain)
  const labels = host.split('.')
  const subdomain = domain && host.length > domain.length ? host.slice(0, host.length - domain.length - 1) : ''

  if (!official) {
    const inSub = `.${subdomain}.`
    if (subdomain && OFFICIAL_DOMAINS.some((d) => inSub.includes(`.${d}.`))) flags.add('lookalike-suffix')
    else if (labels.some((label) => BRAND_TOKENS.some((token) => label.includes(token)))) flags.add('brand-imitation')
  }

  let unicodeHost = host
  if (labels.some((label) => label.startsWith('xn--'))) {
    flags.add('punycode')
    const decoded = labels.map((label) => (label.startsWith('xn--') ? decodePunycodeLabel(label) : label))
    if (decoded.every((label): label is string => label !== undefined)) {
      unicodeHost = decoded.join('.')
      if (decoded.some(mixesScripts)) flags.add('mixed-script')
      // A look-alike of the bank's domain made of look-alike letters ("іcbc.com.cn" with a Cyrillic і).
      if (!official && decoded.some((label) => BRAND_TOKENS.some((token) => skeleton(label).includes(token)))) {
        if (!flags.has('lookalike-suffix')) flags.add('brand-imitation')
      }
    }
  }

  const before = domain ? host.slice(0, host.length - domain.length) : ''
  return {
    ok: true,
    url: url.href,
    host,
    unicodeHost,
    domain,
    official,
    flags: LINK_FLAGS.filter((f) => flags.has(f)),
    parts: { scheme, before, domain: domain ?? host, after: after.startsWith('.') ? after.slice(1) : after },
  }
}

const SCRIPTS: readonly RegExp[] = [
  /\p{Script=Latin}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Greek}/u,
  /\p{Script=Armenian}/u,
  /\p{Script=Hebrew}/u,
  /\p{Script=Arabic}/u,
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u,
  /\p{Script=Thai}/u,
  /\p{Script=Devanagari}/u,
]

/** More than one script in one label (digits and hyphens belong to none); CJK scripts count as one. */
function mixesScripts(label: string): boolean {
  const seen = new Set<number>()
  for (const ch of label) {
    const index = SCRIPTS.findIndex((re) => re.test(ch))
    if (index >= 0) seen.add(index)
  }
  return seen.size > 1
}

/** Letters commonly used to imitate Latin ones, mapped to what they imitate. */
const CONFUSABLES: Record<string, string> = {
  а: 'a', с: 'c', е: 'e', і: 'i', о: 'o', р: 'p', ѕ: 's', х: 'x', у: 'y', ԁ: 'd', ь: 'b', ϲ: 'c', ο: 'o', ν: 'v', ι: 'i',
}
function skeleton(label: string): string {
  return Array.from(label.toLowerCase(), (ch) => CONFUSABLES[ch] ?? ch).join('')
}

// RFC 3492 (Punycode) decoding of one `xn--` label; undefined for anything that is not valid.
const BASE = 36
const T_MIN = 1
const T_MAX = 26
const SKEW = 38
const DAMP = 700
const INITIAL_BIAS = 72
const INITIAL_N = 128

function adapt(delta: number, numPoints: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1
  d += Math.floor(d / numPoints)
  let k = 0
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN))
    k += BASE
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW))
}

function digitOf(code: number): number {
  if (code >= 48 && code <= 57) return code - 22 // 0-9 → 26-35
  if (code >= 65 && code <= 90) return code - 65 // A-Z
  if (code >= 97 && code <= 122) return code - 97 // a-z
  return BASE
}

export function decodePunycodeLabel(label: string): string | undefined {
  if (!label.toLowerCase().startsWith('xn--')) return label
  const input = label.slice(4)
  if (input.length === 0 || input.length > 63) return undefined
  const delimiter = input.lastIndexOf('-')
  const output: number[] = []
  for (let j = 0; j < Math.max(delimiter, 0); j++) {
    const code = input.charCodeAt(j)
    if (code >= 0x80) return undefined
    output.push(code)
  }
  let n = INITIAL_N
  let i = 0
  let bias = INITIAL_BIAS
  for (let pos = delimiter > 0 ? delimiter + 1 : 0; pos < input.length; ) {
    const oldi = i
    let w = 1
    for (let k = BASE; ; k += BASE) {
      if (pos >= input.length) return undefined
      const digit = digitOf(input.charCodeAt(pos++))
      if (digit >= BASE) return undefined
      i += digit * w
      if (i > 0x10ffff * 64) return undefined
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias
      if (digit < t) break
      w *= BASE - t
    }
    bias = adapt(i - oldi, output.length + 1, oldi === 0)
    n += Math.floor(i / (output.length + 1))
    i %= output.length + 1
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined
    output.splice(i, 0, n)
    i++
  }
  if (output.length === 0) return undefined
  return String.fromCodePoint(...output)
}

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string }

const LINK_IN_TEXT = /https?:\/\/[^\s<>"'\u3000-\u303f\uff00-\uffef]+/giu
const TRAILING = /[.,;:!?)\]}'"]+$/u

/** Splits text (a message's body) into plain text and http(s) links, for rendering each link through the guard. */
export function findLinks(text: string): TextPart[] {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(LINK_IN_TEXT)) {
    let link = match[0]
    const trailing = TRAILING.exec(link)
    if (trailing) link = link.slice(0, link.length - trailing[0].length)
    if (!link) continue
    const start = match.index
    if (start > last) parts.push({ kind: 'text', text: text.slice(last, start) })
    parts.push({ kind: 'link', text: link })
    last = start + link.length
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) })
  return parts
}

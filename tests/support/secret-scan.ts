import { lstat, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/*
 * Searches folders for secrets the way someone who copied them would: every regular file read as bytes,
 * each secret looked for raw (UTF-8 and UTF-16LE, the two ways browsers and JSON files keep text), as
 * hex (either case), as base64 and base64url at each of the three alignments it can have inside a
 * longer encoded value, and JSON-escaped when that differs. A secret that is all digits (an SMS code, a
 * payment password) is a hit raw only where no digit touches it, so it is not found by chance inside a
 * timestamp; encoded forms are long enough not to need that.
 *
 * What it cannot see: data a program compressed (Chromium's LevelDB tables may be Snappy-compressed;
 * its newest writes sit uncompressed in the .log files this does read) or encrypted under a key of its
 * own (the wallet's sealed files: tests/support/sealed-files.ts opens those).
 */

export interface Secret {
  label: string
  value: string
  /** The secret's raw bytes when its text is an encoding of them (a base64url token): searched too. */
  bytes?: Buffer
}

export interface Hit {
  label: string
  form: string
  file: string
  /** The bytes around the hit, printable ones as they are. */
  context: string
}

interface Needle {
  label: string
  form: string
  bytes: Buffer
  /** Raw forms of all-digit secrets: a hit only where no digit is next to it. */
  digitBounded?: 'utf8' | 'utf16le'
}

const DIGITS = /^\d+$/

/** base64 (or base64url) of `bytes` as it reads inside a longer value that puts `offset` bytes before it. */
function alignedBase64(bytes: Buffer, offset: number, encoding: 'base64' | 'base64url'): string {
  const text = Buffer.concat([Buffer.alloc(offset), bytes]).toString(encoding).replace(/=+$/, '')
  const from = Math.ceil((offset * 8) / 6)
  const to = Math.floor(((offset + bytes.length) * 8) / 6)
  return text.slice(from, to)
}

function encodedForms(label: string, bytes: Buffer, what: string): Needle[] {
  const out: Needle[] = []
  const add = (form: string, text: string) => out.push({ label, form: `${what} ${form}`, bytes: Buffer.from(text, 'latin1') })
  add('hex', bytes.toString('hex'))
  add('HEX', bytes.toString('hex').toUpperCase())
  for (const offset of [0, 1, 2]) {
    add(`base64@${offset}`, alignedBase64(bytes, offset, 'base64'))
    add(`base64url@${offset}`, alignedBase64(bytes, offset, 'base64url'))
  }
  return out
}

/** Every form in which `secret` is looked for. */
export function needlesOf(secret: Secret): Needle[] {
  const { label, value } = secret
  const digits = DIGITS.test(value)
  const utf8 = Buffer.from(value, 'utf8')
  const out: Needle[] = [
    { label, form: 'raw', bytes: utf8, ...(digits ? { digitBounded: 'utf8' as const } : {}) },
    { label, form: 'raw UTF-16LE', bytes: Buffer.from(value, 'utf16le'), ...(digits ? { digitBounded: 'utf16le' as const } : {}) },
  ]
  const escaped = JSON.stringify(value)
    .slice(1, -1)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  if (escaped !== value) out.push({ label, form: 'JSON-escaped', bytes: Buffer.from(escaped, 'latin1') })
  out.push(...encodedForms(label, utf8, 'text as'))
  if (secret.bytes) out.push({ label, form: 'bytes raw', bytes: secret.bytes }, ...encodedForms(label, secret.bytes, 'bytes as'))
  // Forms too short to mean anything (a 1-character secret) would match everywhere: a caller error.
  for (const n of out) if (n.bytes.length < 6) throw new Error(`secret-scan: "${label}" is too short to search for (${n.form})`)
  // Forms that come out the same (hex without letters, base64 without + or /) are searched once.
  const seen = new Set<string>()
  return out.filter((n) => !seen.has(n.bytes.toString('latin1')) && seen.add(n.bytes.toString('latin1')))
}

function isDigitAt(haystack: Buffer, index: number, encoding: 'utf8' | 'utf16le'): boolean {
  if (index < 0 || index >= haystack.length) return false
  const byte = haystack[index]!
  if (byte < 0x30 || byte > 0x39) return false
  return encoding === 'utf8' || haystack[index + 1] === 0
}

function bounded(haystack: Buffer, at: number, length: number, encoding: 'utf8' | 'utf16le'): boolean {
  const width = encoding === 'utf8' ? 1 : 2
  return !isDigitAt(haystack, at - width, encoding) && !isDigitAt(haystack, at + length, encoding)
}

function contextAt(haystack: Buffer, at: number, length: number): string {
  const slice = haystack.subarray(Math.max(0, at - 40), Math.min(haystack.length, at + length + 40))
  return [...slice].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
}

/** Hits of every secret's needles in one buffer. */
export function scanBuffer(haystack: Buffer, secrets: readonly Secret[], file = '(buffer)'): Hit[] {
  const hits: Hit[] = []
  for (const secret of secrets) {
    for (const needle of needlesOf(secret)) {
      for (let at = haystack.indexOf(needle.bytes); at !== -1; at = haystack.indexOf(needle.bytes, at + 1)) {
        if (needle.digitBounded && !bounded(haystack, at, needle.bytes.length, needle.digitBounded)) continue
        hits.push({ label: needle.label, form: needle.form, file, context: contextAt(haystack, at, needle.bytes.length) })
        break
      }
    }
  }
  return hits
}

/** Every regular file under `dir` (symlinks, sockets and the like are not followed or read). */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await filesUnder(path)))
    else if (entry.isFile()) out.push(path)
  }
  return out
}

/** Every hit of every secret in every file under the folders; the files read, for the report. */
export async function scanFolders(dirs: readonly string[], secrets: readonly Secret[]): Promise<{ hits: Hit[]; files: number; bytes: number }> {
  const hits: Hit[] = []
  let files = 0
  let bytes = 0
  for (const dir of dirs) {
    for (const file of await filesUnder(dir)) {
      let content: Buffer
      try {
        if (!(await lstat(file)).isFile()) continue
        content = await readFile(file)
      } catch {
        continue // removed between the listing and the read (a browser's temporary file)
      }
      files += 1
      bytes += content.length
      hits.push(...scanBuffer(content, secrets, file))
    }
  }
  return { hits, files, bytes }
}

export function describeHits(hits: readonly Hit[]): string {
  return hits.map((h) => `${h.label} (${h.form}) in ${h.file}: …${h.context}…`).join('\n')
}

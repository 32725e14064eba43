import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { needlesOf, scanBuffer, scanFolders } from '../support/secret-scan'

/** The scanner of tests/e2e/secrets-scan.spec.ts finds a secret in each form it claims to. */
const noise = () => randomBytes(300)
const inNoise = (...parts: (string | Buffer)[]) =>
  Buffer.concat([noise(), ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)), noise()])

describe('secret scan', () => {
  const password = { label: 'password', value: 'Secure2026x' }

  it('finds a secret raw, as UTF-16LE, as hex in either case and as JSON-escaped text', () => {
    expect(scanBuffer(inNoise(Buffer.from('{"p":"Secure2026x"}')), [password]).map((h) => h.form)).toContain('raw')
    expect(scanBuffer(inNoise(Buffer.from('Secure2026x', 'utf16le')), [password]).map((h) => h.form)).toContain('raw UTF-16LE')
    expect(scanBuffer(inNoise(Buffer.from('Secure2026x').toString('hex').toUpperCase()), [password])).toHaveLength(1)
    const chinese = { label: 'passphrase', value: '备份口令 horse' }
    expect(scanBuffer(inNoise(JSON.stringify('备份口令 horse').replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)), [chinese]).map((h) => h.form)).toEqual(['JSON-escaped'])
  })

  it('finds a secret inside a longer base64 or base64url value, whatever its offset', () => {
    for (const offset of [0, 1, 2, 3, 4, 5]) {
      const encoded = Buffer.concat([randomBytes(offset), Buffer.from('Secure2026x'), randomBytes(7)])
      expect(scanBuffer(inNoise(encoded.toString('base64')), [password]), `base64 at ${offset}`).toHaveLength(1)
      expect(scanBuffer(inNoise(encoded.toString('base64url')), [password]), `base64url at ${offset}`).not.toHaveLength(0)
    }
  })

  it('finds a token by its bytes too', () => {
    const bytes = randomBytes(32)
    const token = { label: 'token', value: bytes.toString('base64url'), bytes }
    expect(scanBuffer(inNoise(bytes), [token]).map((h) => h.form)).toEqual(['bytes raw'])
    expect(scanBuffer(inNoise(bytes.toString('hex')), [token]).map((h) => h.form)).toEqual(['bytes as hex'])
  })

  it('finds an all-digit secret only where no digit touches it', () => {
    const code = { label: 'SMS code', value: '047541' }
    expect(scanBuffer(Buffer.from('{"code":"047541"}'), [code])).toHaveLength(1)
    expect(scanBuffer(Buffer.from('at 1764047541123 and 9047541'), [code])).toHaveLength(0)
    expect(scanBuffer(Buffer.from('x\u0000047541'.split('').join('\u0000') + '\u0000', 'latin1'), [code])).toHaveLength(1)
    expect(scanBuffer(Buffer.from('1047541', 'utf16le'), [code])).toHaveLength(0)
  })

  it('refuses to look for something too short to mean anything', () => {
    expect(() => needlesOf({ label: 'pin', value: '12' })).toThrow(/too short/)
  })

  it('reads every regular file of nested folders and does not follow links', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scan-'))
    mkdirSync(join(dir, 'a', 'b'), { recursive: true })
    writeFileSync(join(dir, 'a', 'b', 'deep.bin'), inNoise('Secure2026x'))
    writeFileSync(join(dir, 'clean.txt'), 'nothing here')
    const outside = mkdtempSync(join(tmpdir(), 'scan-outside-'))
    writeFileSync(join(outside, 'secret.txt'), 'Secure2026x')
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link'))
    const scan = await scanFolders([dir], [password])
    expect(scan.files).toBe(2)
    expect(scan.hits.map((h) => h.file)).toEqual([join(dir, 'a', 'b', 'deep.bin')])
  })
})

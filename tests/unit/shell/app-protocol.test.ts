import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { contentTypeFor, createAppProtocolHandler, resolveAppAsset } from '../../../src/main/shell/app-protocol'
import { cspFor } from '../../../src/main/shell/csp'
import { PRODUCTION } from '../../../src/main/base/url-guard'

let dir: string
let root: string
const csp = cspFor(PRODUCTION)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-protocol-'))
  root = join(dir, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>工行数字钱包</title>')
  await writeFile(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  await writeFile(join(root, 'assets', 'index-abc.css'), 'body{}')
  await writeFile(join(root, 'assets', '中文 名.svg'), '<svg/>')
  await writeFile(join(root, '.env'), 'SECRET=1')
  await writeFile(join(dir, 'secret.txt'), 'outside the root')
  await writeFile(join(dir, 'renderer-evil.js'), 'sibling folder with the same prefix')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('resolveAppAsset', () => {
  it('maps app URLs to files inside the root', () => {
    expect(resolveAppAsset(root, 'app://wallet/assets/index-abc.js')).toEqual({
      kind: 'file',
      path: join(root, 'assets', 'index-abc.js'),
    })
    expect(resolveAppAsset(root, 'app://wallet/assets/%E4%B8%AD%E6%96%87%20%E5%90%8D.svg')).toEqual({
      kind: 'file',
      path: join(root, 'assets', '中文 名.svg'),
    })
  })

  it('falls back to index.html for the root and extension-less (history) paths', () => {
    const index = { kind: 'file', path: join(root, 'index.html') }
    for (const url of [
      'app://wallet',
      'app://wallet/',
      'app://wallet/home',
      'app://wallet/settings/language',
      'app://wallet/pay/',
      'app://wallet/?q=1#/x',
    ]) {
      expect(resolveAppAsset(root, url), url).toEqual(index)
    }
  })

  it('lets URL parsing resolve literal dot segments, which cannot climb above the root', () => {
    // WHATWG turns /../ and /%2e%2e/ into nothing at the root: these ask for root/secret.txt (absent).
    for (const url of [
      'app://wallet/../secret.txt',
      'app://wallet/%2e%2e/secret.txt',
      'app://wallet/assets/../../../secret.txt',
    ]) {
      expect(resolveAppAsset(root, url), url).toEqual({ kind: 'file', path: join(root, 'secret.txt') })
    }
  })

  it.each([
    'app://wallet/%2E%2E%2Fsecret.txt',
    'app://wallet/assets/..%2F..%2Fsecret.txt',
    'app://wallet/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
    'app://wallet/..%5C..%5Csecret.txt',
    'app://wallet/%2e%2e%5csecret.txt',
    'app://wallet/..%2Frenderer-evil.js',
    'app://wallet/.env',
    'app://wallet/assets/%00.js',
    'app://wallet/C:%2FWindows%2Fwin.ini',
    'app://wallet/%E0%A4%A.js',
    'app://evil/index.html',
    'app://user@wallet/index.html',
    'file:///etc/passwd',
    'https://wallet/index.html',
  ])('forbids %s', (url) => {
    expect(resolveAppAsset(root, url)).toEqual({ kind: 'forbidden' })
  })

  it('names content types', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeFor('a/x.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeFor('a/x.woff2')).toBe('font/woff2')
    expect(contentTypeFor('a/x.unknown')).toBe('application/octet-stream')
  })
})

describe('createAppProtocolHandler', () => {
  const handle = () => createAppProtocolHandler({ root, csp })

  it('serves index.html with the CSP and nosniff', async () => {
    const response = await handle()(new Request('app://wallet/index.html'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(csp)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('工行数字钱包')
  })

  it('serves assets with their type, and the SPA fallback for routes', async () => {
    const js = await handle()(new Request('app://wallet/assets/index-abc.js'))
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toBe('console.log(1)')
    const route = await handle()(new Request('app://wallet/history'))
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('<title>')
  })

  it('answers 404 for a missing file, 403 for escapes and dotfiles, 405 for writes', async () => {
    expect((await handle()(new Request('app://wallet/assets/missing.js'))).status).toBe(404)
    expect((await handle()(new Request('app://wallet/assets'))).status).toBe(200) // extension-less: the page
    expect((await handle()(new Request('app://wallet/..%2Fsecret.txt'))).status).toBe(403)
    expect((await handle()(new Request('app://wallet/../secret.txt'))).status).toBe(404)
    const dotfile = await handle()(new Request('app://wallet/.env'))
    expect(dotfile.status).toBe(403)
    expect(await dotfile.text()).not.toContain('SECRET')
    expect((await handle()(new Request('app://wallet/index.html', { method: 'POST', body: 'x' }))).status).toBe(405)
  })

  it('does not follow a folder named like a file out of the root', async () => {
    await mkdir(join(root, 'dir.js'), { recursive: true })
    expect((await handle()(new Request('app://wallet/dir.js'))).status).toBe(404)
  })

  it('answers HEAD without a body', async () => {
    const response = await handle()(new Request('app://wallet/index.html', { method: 'HEAD' }))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('answers 500 (no details) when reading fails for another reason', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {})
    const failing = createAppProtocolHandler({
      root,
      csp,
      read: async () => {
        throw Object.assign(new Error('EACCES: /secret/path'), { code: 'EACCES' })
      },
    })
    const response = await failing(new Request('app://wallet/index.html'))
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('/secret/path')
    expect(quiet).toHaveBeenCalledOnce()
    quiet.mockRestore()
  })
})

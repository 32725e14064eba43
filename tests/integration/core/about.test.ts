import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { aboutHandlers, readLicences } from '../../../src/main/core/about'
import { contract } from '../../../src/shared/contract'
import { signInDemo, startBank, startCore } from '../../support/wallet'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const ctx = { transport: 'test' as const }
const MIT = 'MIT License\n\nCopyright (c) …'

function licencesDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'licences-'))
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
  return dir
}

describe('设置 → 关于 through the core', () => {
  it('answers the version, the data folder and the runtimes while signed in, LOCKED while locked', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const dataDir = mkdtempSync(join(tmpdir(), 'about-core-'))
    const openPath = vi.fn(async () => '')
    const dir = licencesDir({ 'renderer.json': [{ name: 'vue', version: '3.5.0', licence: 'MIT', text: MIT }] })
    const app = await startCore(bank, { dataDir, openPath, licencesDir: dir })
    cleanups.push(() => app.core.dispose())

    await signInDemo(app, bank)

    const about = await app.ok('app.about')
    expect(contract['app.about'].output.parse(about)).toEqual({
      name: '工行数字钱包',
      version: 'test',
      shell: 'harness',
      dataDir,
      // Plain Node here, as in the browser harness: no Electron, no Chromium in main.
      versions: { electron: null, chrome: null, node: process.versions.node },
    })
    expect(await app.ok('app.licences')).toEqual({
      available: true,
      entries: [{ name: 'vue', version: '3.5.0', licence: 'MIT', text: MIT, parts: ['renderer'] }],
    })
    expect(await app.ok('app.openDataFolder')).toEqual({ kind: 'opened' })
    expect(openPath).toHaveBeenCalledWith(dataDir)

    await app.ok('session.lock')
    for (const channel of ['app.about', 'app.licences', 'app.openDataFolder']) {
      const locked = await app.call(channel)
      expect(locked.ok ? 'ok' : locked.error.code, channel).toBe('LOCKED')
    }
    expect(openPath).toHaveBeenCalledTimes(1)
  })

  it('without a file manager (the harness) says unavailable, and without lists says so', async () => {
    const bank = await startBank({ seed: 'demo' })
    cleanups.push(() => bank.close())
    const app = await startCore(bank)
    cleanups.push(() => app.core.dispose())
    await signInDemo(app, bank)
    expect(await app.ok('app.openDataFolder')).toEqual({ kind: 'unavailable' })
    expect(await app.ok('app.licences')).toEqual({ available: false, entries: [] })
  })
})

describe('aboutHandlers', () => {
  const base = { name: '工行数字钱包', version: '1.2.3', shell: 'electron' as const, dataDir: '/home/u/.config/工行数字钱包' }

  it('reports Electron and Chromium where main runs in Electron', async () => {
    const h = aboutHandlers({ ...base, versions: { electron: '45.5.0', chrome: '142.0.7444.0', node: '22.20.0' } })
    expect((await h['app.about'](undefined, ctx)).versions).toEqual({ electron: '45.5.0', chrome: '142.0.7444.0', node: '22.20.0' })
  })

  it('passes on why the system could not open the folder', async () => {
    const h = aboutHandlers({ ...base, openPath: async () => 'Failed to open path' })
    expect(await h['app.openDataFolder'](undefined, ctx)).toEqual({ kind: 'failed', reason: 'Failed to open path' })
  })

  it('reads the lists once: a later change of the files is not seen until the next start', async () => {
    const dir = licencesDir({ 'main.json': [] })
    const h = aboutHandlers({ ...base, licencesDir: dir })
    expect(await h['app.licences'](undefined, ctx)).toEqual({ available: true, entries: [] })
    writeFileSync(join(dir, 'main.json'), JSON.stringify([{ name: 'x', version: '1', licence: 'MIT', text: null }]))
    expect(await h['app.licences'](undefined, ctx)).toEqual({ available: true, entries: [] })
  })
})

describe('readLicences', () => {
  it('merges the parts: one entry per package and version, naming each part, sorted by name', async () => {
    const dir = licencesDir({
      'renderer.json': [
        { name: 'vue', version: '3.5.0', licence: 'MIT', text: MIT },
        { name: 'dexie', version: '4.4.7', licence: 'Apache-2.0', text: null },
        { name: 'zod', version: '4.6.7', licence: 'MIT', text: null },
      ],
      'node_modules.json': [
        { name: 'zod', version: '4.6.7', licence: 'MIT', text: 'zod licence' },
        { name: 'zod', version: '3.0.0', licence: 'MIT', text: null },
        { name: 'fastify', version: '5.12.8', licence: 'MIT', text: null },
      ],
    })
    const { available, entries } = await readLicences(dir)
    expect(available).toBe(true)
    expect(entries.map((e) => `${e.name}@${e.version} ${e.parts.join('+')}`)).toEqual([
      'dexie@4.4.7 renderer',
      'fastify@5.12.8 node_modules',
      'vue@3.5.0 renderer',
      'zod@3.0.0 node_modules',
      'zod@4.6.7 renderer+node_modules',
    ])
    // A text one list lacks is taken from another.
    expect(entries.find((e) => e.name === 'zod' && e.version === '4.6.7')?.text).toBe('zod licence')
  })

  it('leaves out a file that is not a licence list, and says none are there when no file is', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    cleanups.push(async () => warn.mockRestore())
    const dir = licencesDir({ 'main.json': [{ name: 'ok', version: '1.0.0', licence: 'ISC', text: null }], 'renderer.json': [{ nom: 'x' }] })
    expect((await readLicences(dir)).entries.map((e) => e.name)).toEqual(['ok'])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('renderer.json'))
    expect(await readLicences(licencesDir({}))).toEqual({ available: false, entries: [] })
    expect(await readLicences(undefined)).toEqual({ available: false, entries: [] })
  })

  it('a file that is not JSON is left out too, not a failure of the screen', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    cleanups.push(async () => warn.mockRestore())
    const dir = licencesDir({ 'preload.json': '{ not json', 'main.json': [] })
    expect(await readLicences(dir)).toEqual({ available: true, entries: [] })
  })
})
